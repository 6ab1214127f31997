import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporalConfig, temporalConnectionOptions } from '../../infra/config/temporal-connection';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/**
 * The Temporal client as a provider. The connection is lazy, so the API starts (and `/health`
 * can say so) while Temporal is still unreachable, instead of failing at boot.
 */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      useFactory: (): Client => {
        const config = temporalConfig();
        const connection = Connection.lazy(temporalConnectionOptions(config));
        return new Client({ connection, namespace: config.namespace });
      },
    },
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
