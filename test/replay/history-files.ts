import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Where recorded histories live: committed files, replayed by every test run. */
export const historiesDir = join(__dirname, '..', 'histories');

/** One recorded run of the ticket workflow, as `Worker.runReplayHistories` takes it. */
export interface HistoryFile {
  /** The scenario it came from, for people reading a replay failure. */
  scenario: string;
  workflowId: string;
  runId: string;
  /**
   * The history as protobufjs' own JSON object (enum names, longs as strings, bytes as base64),
   * read back with `History.fromObject`. Not `historyToJSON`: in 1.24 it pairs the protojson of
   * @temporalio/common's protobufjs copy with the types of @temporalio/proto's and throws
   * "type must be a Type".
   */
  history: unknown;
}

const jsonForm = { longs: String, enums: String, bytes: String } as const;

/**
 * Writes one run's history. A recorded file is never overwritten: old histories are what prove
 * that tickets started on older code still replay, so new recordings take new names.
 */
export async function writeHistory(scenario: string, file: string, handle: WorkflowHandle, runId: string): Promise<number> {
  const path = join(historiesDir, `${file}.json`);
  if (existsSync(path)) throw new Error(`${path} is recorded already: record under a new generation (test/replay/record-histories.ts)`);
  const history = await handle.client.getHandle(handle.workflowId, runId).fetchHistory();
  const record: HistoryFile = {
    scenario,
    workflowId: handle.workflowId,
    runId,
    history: temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), jsonForm),
  };
  writeFileSync(path, `${JSON.stringify(record, null, 1)}\n`);
  return history.events?.length ?? 0;
}

export interface RecordedHistory {
  file: string;
  scenario: string;
  workflowId: string;
  history: temporal.api.history.v1.History;
}

export function readHistories(): RecordedHistory[] {
  return readdirSync(historiesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => {
      const record = JSON.parse(readFileSync(join(historiesDir, file), 'utf8')) as HistoryFile;
      const history = temporal.api.history.v1.History.fromObject(record.history as Record<string, unknown>);
      return { file, scenario: record.scenario, workflowId: record.workflowId, history };
    });
}
