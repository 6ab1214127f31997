// The policy model as the workflow sees it: types and pure lookups, no I/O.
export * from './policy.types';
export type { PolicySnapshot } from './policy-snapshot.types';
export * from './schedule';
