/** Who calls the API, from their key. Customers are bound to one organisation. */
export type Role = 'customer' | 'agent' | 'ops';
export const roles: readonly Role[] = ['customer', 'agent', 'ops'];

export interface Principal {
  role: Role;
  /** Set for customers: the organisation whose tickets they see. Other roles see every organisation; nothing reads it for them. */
  organisation: string | null;
  /** The key's id (never the key itself), for logs and audit. */
  keyId: string;
}
