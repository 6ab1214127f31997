import { createClockEffectsActivities } from '../../activities/clock-effects.activities';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTemporalCli } from '../../infra/temporal/cli';
import type { TicketActivities } from '../../workflows/ticket/activities.contract';
import { customerReplyUpdate, requestInfoUpdate, resolveUpdate, respondUpdate, ticketWorkflowId } from '../../workflows/ticket/contract';
import { OrganisationKey, ticketSearchAttributes } from '../../workflows/ticket/search-attributes';
import { ticketWorkflow } from '../../workflows/ticket/ticket.workflow';
import { presetSnapshot } from '../helpers/policy-snapshots';
import { workflowBundle } from '../helpers/time-skipping';

/**
 * The provisioned Temporal CLI through the SDK's `existing-path` option (a local dev server with
 * the ticket search attributes), and what operations staff filter on in the Web UI: the search
 * attributes a ticket sets as it moves.
 */
describe('ticket search attributes on a local dev server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: await ensureTemporalCli() },
        ip: '127.0.0.1',
        searchAttributes: [...ticketSearchAttributes],
      },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function listIds(query: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const workflow of env.client.workflow.list({ query })) ids.push(workflow.workflowId);
    return ids;
  }

  async function eventuallyListed(query: string, workflowId: string): Promise<string[]> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const ids = await listIds(query);
      if (ids.includes(workflowId)) return ids;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return listIds(query);
  }

  it('finds tickets by status, breach and organisation', async () => {
    const writeAndDeliver: Pick<TicketActivities, 'recordTicketEvent' | 'notify'> = {
      recordTicketEvent: async () => undefined,
      notify: async (n) => ({ notificationId: n.notificationId, delivered: n.recipients.length }),
    };
    const activities: TicketActivities = {
      ...writeAndDeliver,
      ...createClockEffectsActivities(writeAndDeliver),
      refreshPolicySnapshot: async ({ snapshot }) => snapshot,
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'visibility',
      workflowBundle: await workflowBundle(),
      activities,
    });
    await worker.runUntil(async () => {
      const workflowId = ticketWorkflowId('vis-1');
      const handle = await env.client.workflow.start(ticketWorkflow, {
        workflowId,
        taskQueue: 'visibility',
        typedSearchAttributes: [{ key: OrganisationKey, value: 'globex' }],
        args: [
          {
            ticketId: 'vis-1',
            organisation: 'globex',
            subject: 'Visibility',
            plan: 'standard',
            priority: 'P3',
            openedAt: new Date().toISOString(),
            snapshot: presetSnapshot('synchronet-click', Date.now()),
            customerContacts: [],
          },
        ],
      });
      expect(await eventuallyListed('TicketStatus = "new" AND Organisation = "globex"', workflowId)).toEqual([workflowId]);

      await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
      expect(await eventuallyListed('TicketStatus = "in-progress"', workflowId)).toContain(workflowId);

      // README's "waiting on the customer for more than …" query, with an instant after the request.
      await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Which version?' }] });
      const later = new Date(Date.now() + 60_000).toISOString();
      expect(await eventuallyListed(`TicketStatus = "awaiting-customer" AND AwaitingCustomerSince < "${later}"`, workflowId)).toContain(workflowId);
      expect(await listIds(`AwaitingCustomerSince < "2000-01-01T00:00:00Z"`)).not.toContain(workflowId);
      expect(await listIds('NotificationFailures > 0')).not.toContain(workflowId);
      await handle.executeUpdate(customerReplyUpdate, { args: [{ body: '3.2' }] });
      await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Done.' }] });
      expect(
        await eventuallyListed('TicketStatus = "resolved" AND TicketPolicy = "synchronet-click" AND TicketPlan = "standard"', workflowId),
      ).toContain(workflowId);
      expect(await listIds('SlaBreached = true')).not.toContain(workflowId);
      await handle.terminate('test finished');
    });
  });
});
