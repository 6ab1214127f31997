/** A target in calendar minutes: `seconds(3)` is a deadline three seconds after its start. */
export const seconds = (amount: number) => ({ amount: amount / 60, unit: 'calendar-minutes', commitment: 'committed' }) as const;

export interface E2ePolicyOptions {
  id: string;
  name: string;
  /** Priority → clock → target, on the one plan `standard` (priorities ranked in the order given). */
  targets: Record<string, Record<string, unknown>>;
  /** Desk email addresses: every warning and breach goes to them. */
  desk?: string[];
  /** The first escalation level's addresses, and whether a committed breach raises it. */
  escalation?: { contacts?: string[]; onBreach?: boolean; levels?: number };
  warningThresholds?: number[];
  /** More of the document (entitlement, customer silence, ...). */
  extra?: Record<string, unknown>;
}

/**
 * The custom policy end-to-end tests store: 24x7, one plan, targets short enough that real
 * deadlines pass during a test, no warnings unless asked, email contacts only.
 */
export function e2ePolicy(options: E2ePolicyOptions): Record<string, unknown> {
  const email = (address: string) => ({ kind: 'email', address });
  const levels = Array.from({ length: options.escalation?.levels ?? 1 }, (_, index) => ({
    level: index + 1,
    name: index === 0 ? 'Duty manager' : `Level ${index + 1}`,
    contacts: index === 0 ? (options.escalation?.contacts ?? []).map(email) : [],
  }));
  return {
    id: options.id,
    name: options.name,
    calendars: { always: { kind: '24x7' } },
    plans: [{ id: 'standard', name: 'Standard', calendar: 'always' }],
    priorities: Object.keys(options.targets).map((id, index) => ({ id, name: id, rank: index + 1 })),
    targets: { standard: options.targets },
    warningThresholds: options.warningThresholds ?? [],
    deskContacts: (options.desk ?? []).map(email),
    escalation: { levels, onBreach: options.escalation?.onBreach ?? false },
    intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
    ...options.extra,
  };
}
