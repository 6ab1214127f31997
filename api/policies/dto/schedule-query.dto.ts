import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/**
 * Query of `GET /policies/:id/schedule`. The parameters are required, but checked by the service
 * against the policy, so that a missing or unknown one is answered with the values it accepts
 * (the plans and priorities of that policy), as the CLI does; here only their type is checked.
 */
export class ScheduleQueryDto {
  @ApiProperty({ required: true, example: 'pro', description: 'A plan id of the policy' })
  @IsOptional()
  @IsString()
  plan?: string;

  @ApiProperty({ required: true, example: 'P2', description: 'A priority id of the policy' })
  @IsOptional()
  @IsString()
  priority?: string;

  @ApiProperty({
    required: true,
    example: '2026-02-10T08:00:00Z',
    format: 'date-time',
    description: 'When the ticket would be opened: ISO-8601 date-time with an offset or Z, in the years 1970 to 8999',
  })
  @IsOptional()
  @IsString()
  openedAt?: string;
}
