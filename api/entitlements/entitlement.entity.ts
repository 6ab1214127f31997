import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer's support contract under a policy: what `entitlement.contractRequired` checks. */
@Entity({ name: 'entitlements' })
export class EntitlementEntity {
  @PrimaryColumn({ type: 'text' })
  organisation!: string;

  @PrimaryColumn({ type: 'text' })
  policy!: string;

  @Column({ type: 'text' })
  plan!: string;

  /** First and last day of the contract, inclusive, as local dates of the policy's quota zone. */
  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;
}
