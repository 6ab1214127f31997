import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** The channel the `tickets` trigger notifies on (migration 1766100000000-board-notify). */
export const ticketChangesChannel = 'ticket_changes';

/** What the trigger sends for every write of a ticket's projection row. */
export interface TicketChange {
  ticketId: string;
  organisation: string;
  status: string;
  sequence: number;
}

export type TicketChangeListener = (change: TicketChange) => void;

/** Reconnects after 1 s, doubling to 30 s, while anyone listens. */
const retryDelaysMs = { first: 1_000, max: 30_000 };

/**
 * One PostgreSQL connection per API process that LISTENs for projection writes and hands each to
 * the board's event streams. NOTIFY reaches every listening session, so each API process sees
 * every change whichever worker wrote it. The connection is opened for the first subscriber,
 * closed after the last, and reopened with backoff when it drops; `connected` tells a stream
 * whether changes may have been missed (it then tells its browser to load the board again).
 */
@Injectable()
export class TicketChangesListener implements OnModuleDestroy {
  private readonly logger = new Logger(TicketChangesListener.name);
  private readonly listeners = new Set<TicketChangeListener>();
  private readonly reconnected = new Set<() => void>();
  private readonly enders = new Set<() => void>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private delayMs = retryDelaysMs.first;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Calls `listener` for each change, `onReconnect` after the connection came back, and `end` when
   * the API shuts down (a stream left open would hold the HTTP server's close); the returned
   * function unsubscribes.
   */
  subscribe(listener: TicketChangeListener, onReconnect: () => void, end: () => void): () => void {
    this.listeners.add(listener);
    this.reconnected.add(onReconnect);
    this.enders.add(end);
    void this.connect();
    return () => {
      this.listeners.delete(listener);
      this.reconnected.delete(onReconnect);
      this.enders.delete(end);
      if (this.listeners.size === 0) this.close();
    };
  }

  /** Resolves once the connection listens (or has failed once; it keeps retrying). */
  ready(): Promise<void> {
    return this.connecting ?? Promise.resolve();
  }

  onModuleDestroy(): void {
    for (const end of [...this.enders]) end();
    this.listeners.clear();
    this.reconnected.clear();
    this.enders.clear();
    this.close();
  }

  private connect(): Promise<void> {
    if (this.client || this.connecting || this.listeners.size === 0) return this.connecting ?? Promise.resolve();
    const options = this.dataSource.options as PostgresConnectionOptions;
    const client = new Client({ connectionString: options.url, connectionTimeoutMillis: 2_000 });
    const wasDown = this.delayMs !== retryDelaysMs.first;
    this.connecting = (async () => {
      try {
        client.on('error', () => this.dropped(client));
        client.on('end', () => this.dropped(client));
        client.on('notification', (message) => this.deliver(message.payload));
        await client.connect();
        await client.query(`LISTEN ${ticketChangesChannel}`);
        this.client = client;
        this.delayMs = retryDelaysMs.first;
        if (this.listeners.size === 0) this.close();
        else if (wasDown) for (const callback of this.reconnected) callback();
      } catch (error) {
        this.logger.warn(`board: cannot listen for ticket changes (${(error as Error).message}); retrying in ${this.delayMs / 1000}s`);
        client.end().catch(() => undefined);
        this.scheduleRetry();
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  private dropped(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.delayMs = retryDelaysMs.first * 2;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.listeners.size === 0) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, retryDelaysMs.max);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.delayMs = retryDelaysMs.first;
    const client = this.client;
    this.client = null;
    client?.end().catch(() => undefined);
  }

  private deliver(payload: string | undefined): void {
    if (!payload) return;
    let change: TicketChange;
    try {
      change = JSON.parse(payload) as TicketChange;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(change);
  }
}
