import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { presetDocuments, presetIds } from '../../policies/presets';
import { checkScheduleRequest } from '../../policies/cli/schedule-request';
import { holidayHorizon, resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import { PolicyValidationError, validatePolicyDocument } from '../../policies/validate-policy';
import { schedulePreview, type PolicyDocument, type PolicySnapshot, type SchedulePreview } from '../../workflows/policy';
import { BoundedCache } from '../common/bounded-cache';
import { canonicalJson } from './canonical-json';
import { PolicyEntity } from './policy.entity';

/** A stored document as the API hands it out: the document with the version it is stored under. */
export type StoredPolicy = PolicyDocument & { version: number };

export interface PolicySummary {
  id: string;
  version: number;
  name: string;
  preset: boolean;
  plans: string[];
  priorities: string[];
  createdAt: string;
}

export interface CreatedPolicy {
  policy: StoredPolicy;
  /** False when the document equals the latest version already stored (nothing was written). */
  created: boolean;
}

/**
 * How long this process takes a policy's latest version number as known. A version this process
 * stores is known at once; one stored through another API process reaches tickets opened here
 * within this time.
 */
export const latestVersionTtlMs = 5_000;

/** How often a writer looks again after another process stored the version it meant to write. */
const appendAttempts = 5;

/**
 * Resolved snapshots kept for reuse. Resolving one (holidays over the horizon, every calendar
 * validated, its zone checked by Intl) was the largest CPU cost of POST /tickets; a desk opens
 * tickets on a handful of policies, so a few entries serve nearly every request.
 */
const snapshotCacheSize = 64;

/**
 * What a resolved snapshot depends on besides the (immutable) row: `resolvePolicySnapshot` reads
 * `at` only through the holiday horizon it fixes. Equal keys give equal snapshots.
 */
function snapshotKey(policy: StoredPolicy, at: number): string {
  const { from, to } = holidayHorizon(policy.calendars, at);
  return JSON.stringify([policy.id, policy.version, from, to]);
}

/** Frozen, so a snapshot shared between tickets cannot be changed by one of them. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Policy documents in PostgreSQL, one immutable row per version. The presets shipped in
 * `policies/presets` are stored at start (and again as a new version whenever their file changes);
 * their ids are reserved for them, so `POST /policies` cannot shadow a preset.
 */
@Injectable()
export class PoliciesService implements OnModuleInit {
  private readonly logger = new Logger(PoliciesService.name);
  private presetsStored: Promise<void> | undefined;
  /** Resolved snapshots by `snapshotKey`. */
  private readonly snapshots = new BoundedCache<PolicySnapshot>({ maxEntries: snapshotCacheSize });
  /** The snapshot last handed out for a row (id and version), and the minute it was for. */
  private readonly recentSnapshots = new BoundedCache<{ minute: number; snapshot: PolicySnapshot }>({ maxEntries: snapshotCacheSize });
  private readonly latestVersions = new BoundedCache<number>({ maxEntries: 1_000, ttlMs: latestVersionTtlMs });
  /** Stored documents by id and version (immutable rows), for the snapshots above. */
  private readonly documents = new BoundedCache<StoredPolicy>({ maxEntries: snapshotCacheSize });

  constructor(@InjectRepository(PolicyEntity) private readonly repository: Repository<PolicyEntity>) {}

  async onModuleInit(): Promise<void> {
    // The API starts even with PostgreSQL down (/health says so); the presets are then stored by
    // the first request that needs them.
    await this.ensurePresets().catch((error: unknown) =>
      this.logger.warn(`presets not stored yet, retried on the next request: ${(error as Error).message}`),
    );
  }

  async list(): Promise<PolicySummary[]> {
    await this.ensurePresets();
    const latest = await this.repository
      .createQueryBuilder('policy')
      .distinctOn(['policy.id'])
      .orderBy('policy.id', 'ASC')
      .addOrderBy('policy.version', 'DESC')
      .getMany();
    return latest.map((row) => ({
      id: row.id,
      version: row.version,
      name: row.document.name,
      preset: presetIds.includes(row.id),
      plans: row.document.plans.map((plan) => plan.id),
      priorities: row.document.priorities.map((priority) => priority.id),
      createdAt: row.createdAt.toISOString(),
    }));
  }

  /** The latest version, or the one asked for; 404 naming what is missing. */
  async get(id: string, version?: number): Promise<StoredPolicy> {
    await this.ensurePresets();
    const row = version === undefined ? await this.latestRow(id) : await this.repository.findOne({ where: { id, version } });
    if (row) return stored(row);
    if (version !== undefined && (await this.latestRow(id))) {
      throw new NotFoundException(`policy '${id}' has no version ${version}`);
    }
    throw new NotFoundException(`unknown policy '${id}'`);
  }

  /**
   * Validates and stores a custom policy: version 1 for a new id, the next version for a changed
   * one. A document equal to the latest version is not stored again (`created: false`), so a
   * retried POST does not mint versions that differ in nothing.
   */
  async create(input: unknown): Promise<CreatedPolicy> {
    const document = this.validate(input);
    if (presetIds.includes(document.id)) {
      throw new ConflictException({
        message: `policy id '${document.id}' belongs to a preset: presets change with policies/presets; store a customised copy under another id (e.g. '${document.id}-custom')`,
        details: { id: document.id, presets: presetIds },
      });
    }
    await this.ensurePresets();
    return this.appendIfChanged(document);
  }

  /** What a ticket opened now keeps: the latest version with holidays resolved around `at`. */
  async snapshotFor(id: string, at: number): Promise<PolicySnapshot> {
    // The latest version number is read again every few seconds (`latestVersionTtlMs`): another
    // API process may have stored a newer one. A row never changes once stored (id, version), so
    // the document is read only the first time and its resolved snapshot reused; sharing one
    // object also lets the calendar code reuse its compiled calendars (keyed by object).
    await this.ensurePresets();
    const version = await this.latestVersion(id);
    if (version === null) throw new NotFoundException(`unknown policy '${id}'`);
    const row = `${id}\u0000${version}`;
    // The horizon is a function of local dates, which change only on whole minutes (every zone's
    // offset is whole minutes): within a minute the last snapshot of this row is the answer.
    const minute = Math.floor(at / 60_000);
    const recent = this.recentSnapshots.get(row);
    if (recent?.minute === minute) return recent.snapshot;
    let policy = this.documents.get(row);
    if (!policy) {
      policy = await this.get(id, version);
      this.documents.set(row, policy);
    }
    const key = snapshotKey(policy, at);
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      snapshot = deepFreeze(resolvePolicySnapshot(policy, { at }));
      this.snapshots.set(key, snapshot);
    }
    this.recentSnapshots.set(row, { minute, snapshot });
    return snapshot;
  }

  /** docs/design.md's schedule preview on the latest version; 400 naming every bad query parameter. */
  async schedule(id: string, query: { plan?: string; priority?: string; openedAt?: string }): Promise<SchedulePreview> {
    const policy = await this.get(id);
    const check = checkScheduleRequest(policy, query, (argument) => argument);
    if (!check.ok) {
      throw new BadRequestException({
        message: check.problems.map((problem) => problem.message).join('; '),
        details: check.problems.map((problem) => ({ field: problem.argument, problems: [problem.message] })),
      });
    }
    const { plan, priority, openedAtMs } = check.request;
    const snapshot = resolvePolicySnapshot(policy, { at: openedAtMs });
    return schedulePreview(snapshot, plan, priority, openedAtMs);
  }

  private validate(input: unknown): PolicyDocument {
    try {
      // The store numbers versions: a version in the body is not the caller's to choose.
      return withoutVersion(validatePolicyDocument(input));
    } catch (error) {
      if (!(error instanceof PolicyValidationError)) throw error;
      const byPath = new Map<string, string[]>();
      for (const issue of error.issues) {
        const field = issue.path || '(document)';
        byPath.set(field, [...(byPath.get(field) ?? []), issue.message]);
      }
      const details = [...byPath].map(([field, problems]) => ({ field, problems }));
      throw new BadRequestException({
        message: `invalid policy: ${details.map((d) => `${d.field} (${d.problems.join(', ')})`).join('; ')}`,
        details,
      });
    }
  }

  /** Stores every preset whose file differs from its latest stored version; memoised, retried after a failure. */
  private ensurePresets(): Promise<void> {
    this.presetsStored ??= this.storePresets().catch((error: unknown) => {
      this.presetsStored = undefined;
      throw error;
    });
    return this.presetsStored;
  }

  private async storePresets(): Promise<void> {
    for (const preset of presetDocuments()) {
      // Presets are validated when loaded (policies/presets); a broken file throws here.
      const { policy, created } = await this.appendIfChanged(withoutVersion(preset));
      if (created) this.logger.log(`preset ${policy.id} stored as version ${policy.version}`);
    }
  }

  /**
   * Appends `document` as the next version unless it equals the latest one. Several API processes
   * may do this at once (all of them seed the presets at start): the primary key lets one insert of
   * a version win, and the others read again and find the document already there.
   */
  private async appendIfChanged(document: PolicyDocument): Promise<CreatedPolicy> {
    const wanted = canonicalJson(document);
    for (let attempt = 0; attempt < appendAttempts; attempt++) {
      const latest = await this.latestRow(document.id);
      if (latest && canonicalJson(latest.document) === wanted) return { policy: stored(latest), created: false };
      const version = (latest?.version ?? 0) + 1;
      const inserted: unknown[] = await this.repository.query(
        `INSERT INTO policies (id, version, document) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (id, version) DO NOTHING RETURNING id`,
        [document.id, version, JSON.stringify(document)],
      );
      if (inserted.length === 1) {
        this.latestVersions.set(document.id, version);
        return { policy: withVersion(document, version), created: true };
      }
    }
    throw new ConflictException(`policy '${document.id}' is being changed by another request: try again`);
  }

  /** The latest version number of a policy, or null: one index lookup, no document. */
  private async latestVersion(id: string): Promise<number | null> {
    const known = this.latestVersions.get(id);
    if (known !== undefined) return known;
    const rows = (await this.repository.query('SELECT max(version) AS version FROM policies WHERE id = $1', [id])) as Array<{
      version: number | null;
    }>;
    const version = rows[0]?.version ?? null;
    // A version stored here while this read was under way is not taken back.
    const meanwhile = this.latestVersions.get(id);
    if (meanwhile !== undefined && version !== null && meanwhile > version) return meanwhile;
    if (version !== null) this.latestVersions.set(id, version);
    return version;
  }

  private latestRow(id: string): Promise<PolicyEntity | null> {
    return this.repository.findOne({ where: { id }, order: { version: 'DESC' } });
  }
}

function stored(row: PolicyEntity): StoredPolicy {
  return withVersion(row.document, row.version);
}

function withoutVersion(document: PolicyDocument): PolicyDocument {
  const copy = { ...document };
  delete copy.version;
  return copy;
}

function withVersion(document: PolicyDocument, version: number): StoredPolicy {
  // Id and version first: what a reader of the JSON looks for.
  const { id, ...rest } = document;
  return { id, version, ...rest };
}
