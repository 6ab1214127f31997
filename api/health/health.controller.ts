import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import { HealthDto } from './dto/health.dto';
import { healthOutage } from './health-outage';
import { TemporalHealthIndicator } from './temporal.health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly temporal: TemporalHealthIndicator,
  ) {}

  @Get()
  // Terminus documents its own 503 body, but HttpErrorFilter reshapes every error answer: documented here as it leaves.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness of the API and of its Temporal and PostgreSQL dependencies (503 when one is down)' })
  @ApiOkResponse({ type: HealthDto })
  @ApiDependencyUnavailableResponse(
    'PostgreSQL or Temporal',
    'A dependency is down: named in the message and in details.dependency (details.down lists every one); try again after Retry-After',
  )
  async check() {
    try {
      return await this.health.check([() => this.temporal.check('temporal'), () => this.database.pingCheck('postgres', { timeout: 2_000 })]);
    } catch (error) {
      throw healthOutage(error);
    }
  }
}
