import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { HealthDto, HealthUnavailableDto } from './dto/health.dto';
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
  @ApiServiceUnavailableResponse({ type: HealthUnavailableDto, description: 'Temporal or PostgreSQL is down (named in details)' })
  check() {
    return this.health.check([
      () => this.temporal.check('temporal'),
      () => this.database.pingCheck('postgres', { timeout: 2_000 }),
    ]);
  }
}
