import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { createMailTransport } from '../activities/notify';
import type { NotificationConfig } from '../infra/config/environment';
import { ticketTaskQueue } from '../workflows/ticket/contract';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  taskQueue?: string;
  /** A bundle made once with `bundleWorkflowCode`; without it the worker bundles at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/**
 * How long a workflow task may wait on this worker's sticky queue before the server moves it to the
 * normal queue, whose task carries the workflow's whole history. The SDK's 10 s is shorter than the
 * queue of a deadline storm (1,000 deadlines on one instant, docs/benchmarks.md "storm"), where a
 * task waits for the same worker either way: moved, it only costs a history read and a longer task.
 * A worker that dies still hands its tickets on: the server stops routing to a sticky queue nobody
 * polls within about 10 s, and what was already queued there waits at most this long.
 */
export const stickyQueueScheduleToStartTimeout = '30 seconds';

/** The ticket worker: the workflow bundle and the activities over their dependencies. */
export async function createTicketWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? ticketTaskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities(options.deps),
    stickyQueueScheduleToStartTimeout,
  });
}

/**
 * The notification channels of one worker process from its configuration: one SMTP transport
 * (when SMTP_URL is set), the webhook signing key and the delivery timeout. `close` releases the
 * transport at shutdown.
 */
export function notificationDeps(config: NotificationConfig): {
  deps: Pick<ActivityDeps, 'mail' | 'webhookSecret' | 'deliveryTimeoutMs'>;
  close(): void;
} {
  const transport = config.smtpUrl ? createMailTransport({ smtpUrl: config.smtpUrl, timeoutMs: config.deliveryTimeoutMs }) : undefined;
  return {
    deps: {
      mail: transport ? { transport, from: config.mailFrom } : undefined,
      webhookSecret: config.webhookSecret,
      deliveryTimeoutMs: config.deliveryTimeoutMs,
    },
    close: () => transport?.close(),
  };
}
