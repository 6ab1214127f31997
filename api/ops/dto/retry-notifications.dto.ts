import { ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * Which parked notifications to send again: one ticket's, one organisation's, or (`all: true`,
 * said explicitly so an empty body cannot retry everything by accident) every parked one.
 */
export class RetryNotificationsDto {
  @ApiPropertyOptional({ description: 'The parked notifications of this ticket' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ticketId?: string;

  @ApiPropertyOptional({ description: 'The parked notifications of every ticket of this organisation' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ enum: [true], description: 'Every parked notification of every running ticket' })
  @IsOptional()
  @Equals(true, { message: 'all must be true when given' })
  all?: true;
}
