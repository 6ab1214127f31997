import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PolicyDocument } from '../../workflows/policy';

/**
 * One version of a policy document. Rows are never updated: a change is a new version, so a ticket
 * that started on version N can always be explained from the row it started with.
 */
@Entity({ name: 'policies' })
export class PolicyEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** The document as validated, without its `version` (the column holds it). */
  @Column({ type: 'jsonb' })
  document!: PolicyDocument;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
