import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  notificationId: string;
  ticketId: string;
  kind: string;
  /** The instant the notification announces: for a breach, the deadline (epoch ms). */
  at: number;
  /** When the whole request had arrived here (epoch ms). */
  receivedAt: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * The desk's webhook endpoint, in the benchmark's process: it notes when each notification arrived
 * and answers 204 at once. The signature is not checked: what is timed is the trip from the
 * deadline to here, and the notify tests check signatures.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const receivedAt = Date.now();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { notificationId: string; ticketId: string; kind: string; at: string };
        received.push({ notificationId: body.notificationId, ticketId: body.ticketId, kind: body.kind, at: Date.parse(body.at), receivedAt });
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slaflow`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
