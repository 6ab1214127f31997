import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { NotificationDeliveryStatus } from '../notification-delivery.entity';

export const deliveryStatuses: readonly NotificationDeliveryStatus[] = ['failed', 'delivered'];

export class ListNotificationsQueryDto {
  @ApiPropertyOptional({
    enum: deliveryStatuses,
    description: "`failed`: the latest attempt to this recipient failed (parked once the workflow's retries are spent); `delivered`: it went out",
  })
  @IsOptional()
  @IsIn(deliveryStatuses, {
    // The value is named, not only the field: a typo such as `parked` says what it got and what it takes.
    message: ({ value }: { value: unknown }) => `status '${String(value)}' is not one of ${deliveryStatuses.join(', ')}`,
  })
  status?: NotificationDeliveryStatus;

  @ApiPropertyOptional({ description: "One ticket's notifications", maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ticketId?: string;

  @ApiPropertyOptional({ description: "One organisation's notifications" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; absent for the first', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}
