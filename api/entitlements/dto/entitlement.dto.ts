import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class EntitlementDto {
  @ApiProperty({ example: 'acme', minLength: 1, maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation!: string;

  @ApiProperty({ example: 'alectrona', pattern: '^[a-z0-9][a-z0-9-]*$' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'policy must be a policy id such as alectrona' })
  policy!: string;

  @ApiProperty({ example: 'standard', minLength: 1, maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  plan!: string;

  @ApiProperty({ example: '2026-01-01', format: 'date', description: 'First day of the contract (inclusive)' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date yyyy-MM-dd' })
  startsOn!: string;

  @ApiProperty({ example: '2026-12-31', format: 'date', description: 'Last day of the contract (inclusive), not before startsOn' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endsOn must be a date yyyy-MM-dd' })
  endsOn!: string;
}

export class ListEntitlementsQueryDto {
  @ApiPropertyOptional({ example: 'acme', description: "Only this organisation's contracts", minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation?: string;
}
