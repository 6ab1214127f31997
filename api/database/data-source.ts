import { DataSource, type DataSourceOptions } from 'typeorm';
import { databaseUrl } from '../../infra/config/environment';
import { Foundation1763769600000 } from './migrations/1763769600000-foundation';
import { Policies1763856000000 } from './migrations/1763856000000-policies';
import { Notifications1763856100000 } from './migrations/1763856100000-notifications';
import { TicketProjection1763856200000 } from './migrations/1763856200000-ticket-projection';
import { ApiKeys1763856300000 } from './migrations/1763856300000-api-keys';
import { Entitlements1763856400000 } from './migrations/1763856400000-entitlements';
import { IncidentClaims1764547200000 } from './migrations/1764547200000-incident-claims';
import { EventDetail1764547300000 } from './migrations/1764547300000-event-detail';
import { IntakeFields1765000000000 } from './migrations/1765000000000-intake-fields';
import { SlaCycles1766000000000 } from './migrations/1766000000000-sla-cycles';
import { SlaCyclesReportIndex1766000000100 } from './migrations/1766000000100-sla-cycles-report-index';
import { BoardNotify1766100000000 } from './migrations/1766100000000-board-notify';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { EntitlementEntity } from '../entitlements/entitlement.entity';
import { NotificationDeliveryEntity } from '../ops/notification-delivery.entity';
import { PolicyEntity } from '../policies/policy.entity';
import { TicketEventEntity } from '../tickets/ticket-event.entity';
import { TicketEntity } from '../tickets/ticket.entity';

/** Longest wait for a PostgreSQL connection (new or from the pool) before a request gives up. */
export const connectTimeoutMs = 2_000;

/**
 * One description of the database for the API, the migration runner and the tests. The schema is
 * owned by migrations (listed here in order); `synchronize` stays off.
 */
export function dataSourceOptions(url: string = databaseUrl()): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [TicketEntity, TicketEventEntity, PolicyEntity, NotificationDeliveryEntity, ApiKeyEntity, EntitlementEntity],
    migrations: [
      Foundation1763769600000,
      Policies1763856000000,
      Notifications1763856100000,
      TicketProjection1763856200000,
      ApiKeys1763856300000,
      Entitlements1763856400000,
      IncidentClaims1764547200000,
      EventDetail1764547300000,
      IntakeFields1765000000000,
      SlaCycles1766000000000,
      SlaCyclesReportIndex1766000000100,
      BoardNotify1766100000000,
    ],
    migrationsTableName: 'migrations',
    synchronize: false,
    // pg-pool waits for ever by default, for a new connection to a server that does not answer as
    // for a pooled one when all are busy: a request waits this long at most, then fails with an
    // error `postgres-errors.ts` recognises (a 503), instead of hanging while the server is down.
    connectTimeoutMS: connectTimeoutMs,
  };
}

/** Applies pending migrations; used by `npm start` and `npm test` before the processes start. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
