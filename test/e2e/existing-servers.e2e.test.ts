import { TestWorkflowEnvironment } from '@temporalio/testing';
import { runMigrations } from '../../api/database/data-source';
import { temporalConfig } from '../../infra/config/temporal-connection';
import { ensureTemporalCli } from '../../infra/temporal/cli';
import { ensureSearchAttributes, indexedValueTypes } from '../../infra/temporal/search-attributes';
import { ticketSearchAttributes } from '../../workflows/ticket/search-attributes';
import { requireStackEnv } from '../helpers/stack-env';

/**
 * What `npm start` and `npm run setup` do to servers they did not start: register the ticket
 * search attributes on a namespace that lacks them, and apply migrations, both idempotently.
 */
describe('preparing existing servers', () => {
  it('registers the missing search attributes once, with their types', async () => {
    // A dev server started without our search attributes stands in for an existing cluster.
    const env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: await ensureTemporalCli() }, ip: '127.0.0.1' },
    });
    try {
      const address = env.connection.options.address;
      const namespace = env.namespace ?? 'default';
      const config = temporalConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace });
      const listed = async () => (await env.connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};

      expect(Object.keys(await listed())).not.toContain('TicketStatus');
      await ensureSearchAttributes(config);
      const attributes = await listed();
      const ours = Object.fromEntries(ticketSearchAttributes.map((key) => [key.name, attributes[key.name]]));
      expect(ours).toEqual(indexedValueTypes(ticketSearchAttributes));
      await expect(ensureSearchAttributes(config)).resolves.toBeUndefined();
      expect(Object.keys(await listed()).sort()).toEqual(Object.keys(attributes).sort());
    } finally {
      await env.teardown();
    }
  });

  it('finds the schema of the test database up to date', async () => {
    expect(await runMigrations(requireStackEnv().databaseUrl)).toEqual([]);
  });
});
