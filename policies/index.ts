// Policy documents on the Node side: validation, loading from JSON or YAML, holiday resolution,
// snapshots for tickets, and the shipped presets. Workflow code never imports this room: it gets
// snapshots as data.
export { formatIssuePath, PolicyValidationError, validatePolicyDocument, type PolicyIssue } from './validate-policy';
export { detectPolicyFormat, loadPolicyDocument, parsePolicyText, type PolicyTextFormat } from './load-policy';
export { holidayCountries, holidayRegions, holidayRulesProblems, HolidayRulesError, resolveHolidays, type HolidayRulesProblem } from './holidays';
export { defaultHorizonYears, holidayHorizon, resolvePolicySnapshot, type ResolveSnapshotOptions } from './resolve-snapshot';
export { presetDocument, presetDocuments, presetIds, type PresetDocument } from './presets';
