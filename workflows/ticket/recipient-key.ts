import type { Contact } from '../policy';

/**
 * The stable name of a contact in the delivery log (`email:a@b`, `webhook:https://…`): with the
 * notification id it is the idempotency key, so the same person listed twice (desk and escalation
 * level) is served once, and a retry recognises whom it has already served.
 */
export function recipientKey(contact: Contact): string {
  if (contact.kind === 'email') return `email:${contact.address.trim().toLowerCase()}`;
  return `webhook:${normalisedUrl(contact.url)}`;
}

function normalisedUrl(url: string): string {
  try {
    return new URL(url.trim()).toString();
  } catch {
    // An unparseable URL still needs a key, so its failure is logged under it.
    return url.trim();
  }
}
