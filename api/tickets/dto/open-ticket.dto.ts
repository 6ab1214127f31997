import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';

export class OpenTicketDto {
  @ApiProperty({ example: 'acme', description: 'Organisation the ticket belongs to' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation!: string;

  @ApiProperty({ example: 'Backups fail since upgrade' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  subject!: string;

  @ApiProperty({ example: 'P2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  priority!: string;

  @ApiProperty({
    example: 60,
    description:
      'Acknowledge target in calendar minutes. Until policies arrive (policy engine), the caller states the target.',
  })
  @IsInt()
  @Min(1)
  @Max(525_600)
  acknowledgeWithinMinutes!: number;
}
