import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType, type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { ticketSearchAttributes } from '../../workflows/ticket/search-attributes';
import { diagnoseConnectFailure, temporalConnectionOptions, type TemporalConfig } from '../config/temporal-connection';
import { step, warn } from '../log';

/** The `searchAttributes` map of an AddSearchAttributes request for the given keys. */
export function indexedValueTypes(keys: readonly SearchAttributeKey<SearchAttributeType>[]) {
  return Object.fromEntries(keys.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]));
}

/**
 * Registers the ticket search attributes on an existing cluster (the dev server registers them
 * from its flags). Idempotent: attributes already present are left alone. Temporal Cloud refuses
 * this call from an SDK connection; there they are added with `tcld` or the Cloud UI, and the
 * warning says which are missing.
 */
export async function ensureSearchAttributes(config: TemporalConfig): Promise<void> {
  const connection = await Connection.connect(temporalConnectionOptions(config)).catch(async (error: unknown) => {
    throw await diagnoseConnectFailure(error, config);
  });
  try {
    await addMissing(connection, config.namespace);
  } finally {
    await connection.close();
  }
}

async function addMissing(connection: Connection, namespace: string): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = ticketSearchAttributes.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: indexedValueTypes(missing),
    });
    step(`registered search attributes ${missing.map((key) => key.name).join(', ')} in ${namespace}`);
  } catch (error) {
    warn(
      `could not register search attributes ${missing.map((key) => `${key.name}:${key.type}`).join(', ')}: ` +
        `${(error as Error).message}. Register them on the cluster before starting tickets.`,
    );
  }
}
