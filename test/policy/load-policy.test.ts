import { detectPolicyFormat, loadPolicyDocument, parsePolicyText } from '../../policies/load-policy';
import { PolicyValidationError, type PolicyIssue } from '../../policies/validate-policy';

const document = {
  id: 'small-desk',
  name: 'Small desk',
  calendars: {
    office: {
      kind: 'working',
      zone: 'Europe/Bucharest',
      week: { 1: [{ start: '09:00', end: '17:00' }] },
      holidays: { country: 'RO', extra: ['2026-04-14'] },
    },
  },
  plans: [{ id: 'standard', name: 'Standard', calendar: 'office' }],
  priorities: [{ id: 'P1', name: 'Critical', rank: 1 }],
  targets: { standard: { P1: { acknowledge: { amount: 4, unit: 'business-hours', commitment: 'committed' } } } },
  deskContacts: [{ kind: 'email', address: 'desk@small.example' }],
  escalation: { levels: [], onBreach: false },
  intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
};

// The same document as a person would write it in YAML: times and dates unquoted, weekday keys as numbers.
const yamlText = `# Small desk policy
id: small-desk
name: Small desk
calendars:
  office:
    kind: working
    zone: Europe/Bucharest
    week:
      1:
        - start: 09:00
          end: 17:00
    holidays:
      country: RO
      extra: [2026-04-14]
plans:
  - { id: standard, name: Standard, calendar: office }
priorities:
  - id: P1
    name: Critical
    rank: 1
targets:
  standard:
    P1:
      acknowledge: { amount: 4, unit: business-hours, commitment: committed }
deskContacts:
  - kind: email
    address: desk@small.example
escalation:
  levels: []
  onBreach: false
intake:
  requiredFields: []
  recommendedFields: []
  channels: [email]
`;

function parseIssues(run: () => unknown): PolicyIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.issues;
    throw error;
  }
  throw new Error('the text was accepted');
}

describe('loading', () => {
  test('JSON and YAML texts of the same document load to the same document', () => {
    const json = JSON.stringify(document, null, 2);
    expect(loadPolicyDocument(json)).toEqual(document);
    expect(loadPolicyDocument(yamlText)).toEqual(document);
    expect(loadPolicyDocument(json, 'json')).toEqual(document);
    expect(loadPolicyDocument(yamlText, 'yaml')).toEqual(document);
    // JSON is YAML too.
    expect(loadPolicyDocument(json, 'yaml')).toEqual(document);
  });

  test('the format is detected from the first character that is not blank', () => {
    expect(detectPolicyFormat('  \n {"id": "x"}')).toBe('json');
    expect(detectPolicyFormat('[1]')).toBe('json');
    expect(detectPolicyFormat('id: x')).toBe('yaml');
    expect(detectPolicyFormat('---\nid: x')).toBe('yaml');
  });

  test('a byte-order mark is accepted', () => {
    expect(loadPolicyDocument(`\uFEFF${JSON.stringify(document)}`)).toEqual(document);
    expect(loadPolicyDocument(`\uFEFF${yamlText}`)).toEqual(document);
  });

  test('a text that parses but is not a valid policy gives the validation issues', () => {
    const issues = parseIssues(() => loadPolicyDocument(yamlText.replace('unit: business-hours', 'unit: hours')));
    expect(issues).toEqual([{ path: 'targets.standard.P1.acknowledge.unit', message: expect.stringMatching(/must be one of/) }]);
    expect(parseIssues(() => loadPolicyDocument('[1, 2]'))).toEqual([{ path: '', message: 'a policy document must be an object' }]);
  });

  test('an empty text is refused', () => {
    for (const text of ['', '  \n\t', '\uFEFF']) {
      expect(parseIssues(() => parsePolicyText(text))).toEqual([{ path: '', message: expect.stringMatching(/the text is empty/) }]);
    }
  });
});

describe('JSON syntax errors name their line and column', () => {
  const cases: Array<[string, string, number, number, RegExp]> = [
    ['a trailing comma', '{\n  "id": "x",\n}', 3, 1, /expected a property name/],
    ['a misspelt literal', '{\n  "surveyOnClose": tru\n}', 2, 20, /expected a value/],
    ['a missing colon', '{"id" "x"}', 1, 7, /expected ':'/],
    ['an empty array element', '{\n  "notes": ["a",, "b"]\n}', 2, 17, /expected a value/],
    ['a line break inside a string', '{\n  "name": "Acme\n}', 2, 16, /control character in a string/],
    ['an unterminated string', '{"name": "Acme', 1, 10, /unterminated string/],
    ['a number with a leading zero', '{"version": 01}', 1, 14, /not a valid value/],
    ['text after the document', '{"id": "x"}\n{"id": "y"}', 2, 1, /after the end of the document/],
    ['the text ending early', '{"id": "x",\n "plans": [', 2, 12, /unexpected end of text/],
    ['single quotes', "{'id': 'x'}", 1, 2, /double quotes/],
  ];
  test.each(cases)('%s', (_name, text, line, column, message) => {
    const [issue, ...others] = parseIssues(() => loadPolicyDocument(text));
    expect(others).toEqual([]);
    expect(issue).toMatchObject({ path: '', line, column });
    expect(issue.message).toMatch(message);
    expect(issue.message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
  });

  test('a duplicate key is an error (JSON.parse would keep the last one silently)', () => {
    const text = '{\n  "id": "x",\n  "name": "A",\n  "name": "B"\n}';
    expect(parseIssues(() => loadPolicyDocument(text))).toEqual([
      { path: '', line: 4, column: 3, message: 'line 4, column 3: duplicate key "name"' },
    ]);
    // Keys are compared as JSON reads them, escapes decoded.
    expect(parseIssues(() => loadPolicyDocument('{"id": "x", "\\u0069d": "y"}'))[0].message).toMatch(/duplicate key "id"/);
  });

  test('the error message names the format', () => {
    expect(() => loadPolicyDocument('{"id": }')).toThrow(/^policy JSON is invalid \(1 problem\):\n- \(document\): line 1, column 8: /);
  });

  test('valid JSON the scanner must not refuse', () => {
    const text = '{"a": [1, -2.5, 3e2, 4E-1, 0, true, false, null, "\\"q\\" \\u00e9 \\n", {}, []], "b": {"c": {}}}';
    expect(parsePolicyText(text, 'json')).toEqual(JSON.parse(text));
  });
});

describe('YAML syntax errors name their line and column', () => {
  test('a tab as indentation', () => {
    const [issue] = parseIssues(() => loadPolicyDocument('id: x\n\tname: y\n'));
    expect(issue).toEqual({ path: '', line: 2, column: 1, message: 'line 2, column 1: Tabs are not allowed as indentation' });
  });

  test('a duplicate key', () => {
    const text = 'id: x\nname: A\nname: B\n';
    const [issue] = parseIssues(() => loadPolicyDocument(text));
    expect(issue).toMatchObject({ path: '', line: 3, column: 1 });
    expect(issue.message).toMatch(/unique/i);
  });

  test('an unclosed flow sequence', () => {
    const [issue] = parseIssues(() => loadPolicyDocument('id: x\nnotes: [a, b\nname: y\n', 'yaml'));
    expect(issue).toMatchObject({ path: '', line: 3, column: 1 });
    expect(issue.message).toMatch(/^line 3, column 1: Flow sequence .* end with a \]/);
  });

  test('every YAML error is reported, in the same form', () => {
    const issues = parseIssues(() => loadPolicyDocument('id: x\nplans:\n  - a\n - b\n'));
    expect(issues.length).toBeGreaterThan(1);
    for (const issue of issues) expect(issue.message).toMatch(new RegExp(`^line ${issue.line}, column ${issue.column}: `));
  });

  test('YAML is not taken for JSON when the format says JSON', () => {
    const [issue] = parseIssues(() => loadPolicyDocument(yamlText, 'json'));
    expect(issue).toMatchObject({ path: '', line: 1, column: 1 });
  });
});
