import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class EntitlementDto {
  @ApiProperty({ example: 'acme' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation!: string;

  @ApiProperty({ example: 'alectrona' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'policy must be a policy id such as alectrona' })
  policy!: string;

  @ApiProperty({ example: 'standard' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  plan!: string;

  @ApiProperty({ example: '2026-01-01', description: 'First day of the contract (inclusive)' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date yyyy-MM-dd' })
  startsOn!: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last day of the contract (inclusive)' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endsOn must be a date yyyy-MM-dd' })
  endsOn!: string;
}

export class ListEntitlementsQueryDto {
  @ApiPropertyOptional({ example: 'acme', description: "Only this organisation's contracts" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation?: string;
}
