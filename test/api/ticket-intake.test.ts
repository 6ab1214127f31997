import { intakeProblems, missingRecommended } from '../../api/tickets/ticket-intake';
import { presetDocument } from '../../policies';

/** The intake rules of the presets, as the API checks them before a workflow starts. */
describe('intake rules', () => {
  const syncro = presetDocument('syncro-soft');
  const click = presetDocument('synchronet-click');
  const syncroFields = {
    licenseOrganization: 'Acme',
    licenseType: 'Enterprise',
    product: 'Oxygen XML Editor',
    productVersion: '27.1',
    contactEmail: 'it@acme.example',
    contactPhone: '+40 21 000 0000',
    operatingSystem: 'Windows',
    operatingSystemVersion: '11',
  };

  it('Syncro Soft needs the ticket\'s own description ("a short description of the problem")', () => {
    expect(intakeProblems(syncro, { priority: 'high', channel: 'email', fields: syncroFields })).toEqual([
      { rule: 'intake.descriptionRequired', message: expect.stringContaining('description') },
    ]);
    expect(intakeProblems(syncro, { priority: 'high', channel: 'email', fields: syncroFields, description: '   ' })).toHaveLength(1);
    expect(intakeProblems(syncro, { priority: 'high', channel: 'email', fields: syncroFields, description: 'Crashes on save' })).toEqual([]);
  });

  it('names every missing required field, and only reports the recommended ones', () => {
    const partial = Object.fromEntries(Object.entries(syncroFields).filter(([field]) => field !== 'operatingSystem' && field !== 'contactPhone'));
    const [problem] = intakeProblems(syncro, { priority: 'low', fields: partial, description: 'x' });
    expect(problem).toEqual({ rule: 'intake.requiredFields', message: 'required field(s) missing in fields: contactPhone, operatingSystem' });
    expect(missingRecommended(syncro, syncroFields)).toEqual(['contactName', 'errorMessages', 'stepsToReproduce']);
  });

  it('SynchroNet CLICK takes P1 by phone only, with a call-back number and a contact name', () => {
    const [byEmail] = intakeProblems(click, { priority: 'P1', channel: 'email', fields: { callbackNumber: '1', contactName: 'A' } });
    expect(byEmail.rule).toBe('intake.channel');
    expect(intakeProblems(click, { priority: 'P1', fields: { callbackNumber: '1', contactName: 'A' } })[0].rule).toBe('intake.channel');
    expect(intakeProblems(click, { priority: 'P1', channel: 'phone', fields: {} }).map((p) => p.rule)).toEqual(['intake.requiredFields']);
    expect(intakeProblems(click, { priority: 'P4', channel: 'email', fields: {} })).toEqual([]);
  });
});
