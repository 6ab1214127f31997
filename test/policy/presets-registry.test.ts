import { presetDocument, presetDocuments, presetIds } from '../../policies/presets';
import type * as Registry from '../../policies/presets';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import { validatePolicyDocument } from '../../policies/validate-policy';
import { validateCalendar } from '../../workflows/calendar';
import { schedulePreview } from '../../workflows/policy';

interface IdRow {
  preset: string;
  plans: string[];
  priorities: string[];
}

// docs/design.md, "Preset, plan and priority ids" (the contract the API, CLI and tickets use).
const designTable: IdRow[] = [
  { preset: 'syncro-soft', plans: ['support-pack', 'trial', 'no-pack', 'nfr'], priorities: ['critical', 'high', 'normal', 'low'] },
  { preset: 'syneto', plans: ['basic', 'pro', 'mission-critical'], priorities: ['P1', 'P2', 'P3', 'P4'] },
  { preset: 'synchronet-click', plans: ['standard'], priorities: ['P1', 'P2', 'P3', 'P4'] },
  { preset: 'alectrona', plans: ['standard'], priorities: ['urgent', 'high', 'medium', 'low'] },
  { preset: 'tiered-eu', plans: ['professional', 'enterprise', 'gold'], priorities: ['S1', 'S2', 'S3', 'S4'] },
];

describe('preset registry', () => {
  test('presetIds are the five presets in docs/design.md order', () => {
    expect(presetIds).toEqual(designTable.map((row) => row.preset));
  });

  test('all five load and validate, with version 1', () => {
    const documents = presetDocuments();
    expect(documents.map((document) => document.id)).toEqual(presetIds);
    for (const document of documents) {
      expect(document.version).toBe(1);
      // Validating what the registry serves changes nothing: it is already the validated form.
      expect({ ...validatePolicyDocument(document), version: 1 }).toEqual(document);
    }
  });

  test.each(designTable)('$preset has exactly the plans and priorities of docs/design.md', ({ preset, plans, priorities }) => {
    const document = presetDocument(preset);
    expect(document.plans.map((plan) => plan.id)).toEqual(plans);
    expect(document.priorities.map((priority) => priority.id)).toEqual(priorities);
  });

  test.each(presetIds.map((id) => [id]))('%s resolves into a snapshot with valid calendars and a schedule for every cell', (id) => {
    const document = presetDocument(id);
    const at = Date.parse('2026-02-10T08:00:00Z');
    const snapshot = resolvePolicySnapshot(document, { at });
    for (const calendar of Object.values(snapshot.calendars)) expect(() => validateCalendar(calendar)).not.toThrow();
    for (const plan of document.plans) {
      for (const priority of document.priorities) {
        const preview = schedulePreview(snapshot, plan.id, priority.id, at);
        expect(preview).toMatchObject({ policy: id, version: 1, plan: plan.id, priority: priority.id });
        for (const clock of preview.clocks) expect(clock.dueAt === null || Date.parse(clock.dueAt) > at).toBe(true);
      }
    }
  });

  test('holidays come from the calendars that name a country: Romanian for Syncro Soft, German for Tiered EU', () => {
    const at = Date.parse('2026-02-10T08:00:00Z');
    const holidaysOf = (id: string) =>
      Object.values(resolvePolicySnapshot(presetDocument(id), { at }).calendars).flatMap((calendar) =>
        calendar.kind === 'working' ? calendar.holidays : [],
      );
    expect(holidaysOf('syncro-soft')).toEqual(expect.arrayContaining(['2026-04-13', '2026-12-01']));
    expect(holidaysOf('tiered-eu')).toEqual(expect.arrayContaining(['2026-04-03', '2026-10-03']));
    expect(holidaysOf('tiered-eu')).not.toContain('2026-12-01');
  });

  test('each call hands out a copy: a caller changing it does not change the registry', () => {
    const first = presetDocument('syneto');
    first.plans.pop();
    first.name = 'changed';
    expect(presetDocument('syneto').plans).toHaveLength(3);
    expect(presetDocument('syneto').name).not.toBe('changed');
  });

  test('a preset file that does not validate is refused, naming the file and every problem', () => {
    const broken = { ...presetDocument('syneto'), colour: 'blue', plans: [] };
    delete (broken as { version?: number }).version;
    jest.isolateModules(() => {
      jest.doMock('../../policies/presets/syneto.json', () => broken);
      // A fresh registry (isolated, so the validated presets of the other tests stay as they are).
      const registry = jest.requireActual<typeof Registry>('../../policies/presets');
      expect(() => registry.presetDocuments()).toThrow(/^preset 'syneto' \(policies\/presets\/syneto\.json\) is invalid/);
      expect(() => registry.presetDocument('alectrona')).toThrow(/colour: unknown key[\s\S]*targets\.basic: unknown plan 'basic'/);
    });
  });

  test('an unknown id is refused, naming the presets', () => {
    expect(() => presetDocument('acme')).toThrow("unknown preset 'acme': one of syncro-soft, syneto, synchronet-click, alectrona, tiered-eu");
  });
});
