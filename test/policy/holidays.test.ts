import { holidayRulesProblems, HolidayRulesError, resolveHolidays } from '../../policies/holidays';

// Expected dates are the published public holidays of each country (government calendars), not
// read back from date-holidays.

describe('Romania 2026', () => {
  const romania = resolveHolidays({ country: 'RO' }, '2026-01-01', '2026-12-31');

  test('the public holidays, Orthodox Easter included', () => {
    expect(romania).toEqual([
      '2026-01-01', // New Year (two days)
      '2026-01-02',
      '2026-01-06', // Epiphany
      '2026-01-07', // Saint John the Baptist
      '2026-01-24', // Union Day
      '2026-04-10', // Orthodox Good Friday
      '2026-04-12', // Orthodox Easter Sunday
      '2026-04-13', // Orthodox Easter Monday
      '2026-05-01', // Labour Day
      '2026-05-31', // Orthodox Pentecost
      '2026-06-01', // Whit Monday and Children's Day, once
      '2026-08-15', // Assumption
      '2026-11-30', // Saint Andrew
      '2026-12-01', // National Day
      '2026-12-25', // Christmas
      '2026-12-26',
    ]);
  });

  test('observances are not closed days', () => {
    // Mother's Day (8 March) and Constitution Day (8 December) are observances in Romania.
    expect(romania).not.toContain('2026-03-08');
    expect(romania).not.toContain('2026-12-08');
  });
});

describe('Germany 2026', () => {
  const nationwide = resolveHolidays({ country: 'DE' }, '2026-01-01', '2026-12-31');

  test('the nationwide public holidays', () => {
    expect(nationwide).toEqual([
      '2026-01-01',
      '2026-04-03', // Good Friday
      '2026-04-06', // Easter Monday
      '2026-05-01',
      '2026-05-14', // Ascension
      '2026-05-25', // Whit Monday
      '2026-10-03', // German Unity Day
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  test('regional holidays only with their region: Epiphany, Corpus Christi and All Saints in Bavaria', () => {
    for (const regional of ['2026-01-06', '2026-06-04', '2026-11-01']) expect(nationwide).not.toContain(regional);
    const bavaria = resolveHolidays({ country: 'DE', region: 'BY' }, '2026-01-01', '2026-12-31');
    for (const regional of ['2026-01-06', '2026-06-04', '2026-11-01']) expect(bavaria).toContain(regional);
    // The nationwide ones hold in Bavaria too.
    expect(bavaria).toEqual(expect.arrayContaining(nationwide));
  });

  test("Christmas Eve and New Year's Eve afternoons (bank holidays from 14:00) are not closed days", () => {
    expect(nationwide).not.toContain('2026-12-24');
    expect(nationwide).not.toContain('2026-12-31');
  });
});

describe('United States 2025-2026', () => {
  const us = resolveHolidays({ country: 'US' }, '2025-01-01', '2026-12-31');

  test('Thanksgiving is the fourth Thursday of November; the day after is not a public holiday', () => {
    expect(us).toContain('2025-11-27');
    expect(us).toContain('2026-11-26');
    expect(us).not.toContain('2025-11-28');
    expect(us).not.toContain('2026-11-27');
  });

  test('federal holidays that move to a Monday', () => {
    expect(us).toEqual(expect.arrayContaining(['2025-01-20', '2026-01-19', '2025-05-26', '2026-05-25', '2025-09-01', '2026-09-07']));
  });

  test('a substitute day is closed: 4 July 2026 is a Saturday, observed on Friday 3 July', () => {
    expect(us).toContain('2026-07-03');
    expect(us).toContain('2026-07-04');
    // In 2025 the 4th is a Friday: no substitute on the 3rd.
    expect(us).not.toContain('2025-07-03');
  });
});

describe('ranges, extra dates and holidays of several days', () => {
  test('a range across the year boundary takes the holidays of both years, and nothing outside it', () => {
    expect(resolveHolidays({ country: 'RO' }, '2025-12-20', '2026-01-10')).toEqual([
      '2025-12-25',
      '2025-12-26',
      '2026-01-01',
      '2026-01-02',
      '2026-01-06',
      '2026-01-07',
    ]);
    expect(resolveHolidays({ country: 'RO' }, '2026-01-02', '2026-01-06')).toEqual(['2026-01-02', '2026-01-06']);
    expect(resolveHolidays({ country: 'DE' }, '2026-10-03', '2026-10-03')).toEqual(['2026-10-03']);
  });

  test('extra dates join the public holidays, sorted, each once, inside the range only', () => {
    const rules = { country: 'DE', extra: ['2026-12-31', '2026-10-03', '2026-12-24', '2027-01-04', '2025-12-31'] };
    expect(resolveHolidays(rules, '2026-10-01', '2026-12-31')).toEqual(['2026-10-03', '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31']);
  });

  test('extra dates alone, without a country', () => {
    expect(resolveHolidays({ extra: ['2026-03-02', '2026-01-15'] }, '2026-01-01', '2026-12-31')).toEqual(['2026-01-15', '2026-03-02']);
    expect(resolveHolidays({}, '2026-01-01', '2026-12-31')).toEqual([]);
  });

  test('holidays reckoned from sunset close the days they are named for, not the eve', () => {
    // UAE, Eid al-Fitr 2025: 30 March to 1 April (date-holidays starts it at 18:00 on 29 March).
    const uae = resolveHolidays({ country: 'AE' }, '2025-03-25', '2025-04-05');
    expect(uae).toEqual(['2025-03-30', '2025-03-31', '2025-04-01']);
  });

  test('half days (Iceland: Christmas Eve from 13:00) are not closed days', () => {
    expect(resolveHolidays({ country: 'IS' }, '2025-12-24', '2025-12-26')).toEqual(['2025-12-25', '2025-12-26']);
  });
});

describe('refusals', () => {
  test('an unknown country or region, or a region without a country', () => {
    expect(() => resolveHolidays({ country: 'XX' }, '2026-01-01', '2026-12-31')).toThrow(HolidayRulesError);
    expect(() => resolveHolidays({ country: 'DE', region: 'ZZ' }, '2026-01-01', '2026-12-31')).toThrow(/unknown region 'ZZ' of DE/);
    expect(() => resolveHolidays({ region: 'BY' }, '2026-01-01', '2026-12-31')).toThrow(/needs a country/);
  });

  test('dates that are not real, or a range that ends before it starts', () => {
    expect(() => resolveHolidays({ country: 'DE' }, '2026-02-30', '2026-12-31')).toThrow(/fromDate "2026-02-30"/);
    expect(() => resolveHolidays({ country: 'DE' }, '2026-01-01', '2026/12/31')).toThrow(/toDate/);
    expect(() => resolveHolidays({ country: 'DE' }, '2026-12-31', '2026-01-01')).toThrow(/after/);
    expect(() => resolveHolidays({ extra: ['2026-13-01'] }, '2026-01-01', '2026-12-31')).toThrow(/extra\[0\]/);
  });

  test('holidayRulesProblems names the field at fault', () => {
    expect(holidayRulesProblems({ country: 'RO' })).toEqual([]);
    expect(holidayRulesProblems({ country: 'US', region: 'NY' })).toEqual([]);
    expect(holidayRulesProblems({ country: 'ro' })).toEqual([{ field: 'country', message: "unknown holiday country 'ro': write it as 'RO'" }]);
    expect(holidayRulesProblems({ country: 'DE', region: 'Bavaria' })[0].field).toBe('region');
  });
});
