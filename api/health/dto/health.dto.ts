import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/** Each dependency by name (`temporal`, `postgres`): up or down, with what its indicator adds. */
const indicators: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['up', 'down'] },
      message: { type: 'string', description: 'Why it is down' },
      namespace: { type: 'string', description: "Temporal's namespace" },
      serverVersion: { type: 'string', description: "Temporal's server version" },
    },
    required: ['status'],
  },
  example: { temporal: { status: 'up', namespace: 'default', serverVersion: '1.29.1' }, postgres: { status: 'up' } },
};

/** 200 of `/health`: Terminus's report, every dependency up. */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ ...indicators, description: 'The dependencies that are up' } as ApiPropertyOptions) info!: Record<string, unknown>;
  @ApiProperty({ ...indicators, description: 'The dependencies that are down (none)', example: {} } as ApiPropertyOptions) error!: Record<
    string,
    unknown
  >;
  @ApiProperty({ ...indicators, description: 'Every dependency' } as ApiPropertyOptions) details!: Record<string, unknown>;
}
