import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

/** Temporal is up when its frontend answers GetSystemInfo within two seconds. */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const indicator = this.health.check(key);
    try {
      const info = await this.client.connection.withDeadline(Date.now() + 2_000, () => this.client.workflowService.getSystemInfo({}));
      return indicator.up({ namespace: this.client.options.namespace, serverVersion: info.serverVersion || undefined });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
