import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { roles, type Role } from '../principal';

export class CreateApiKeyDto {
  @ApiProperty({ enum: roles })
  @IsIn(roles)
  role!: Role;

  @ApiPropertyOptional({ description: 'Required for customer keys: the organisation whose tickets the key sees', example: 'acme' })
  @ValidateIf((dto: CreateApiKeyDto) => dto.role === 'customer' || dto.organisation !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ example: 'email gateway' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;
}

export class ApiKeyCreatedDto {
  @ApiProperty({ example: 'k_3f9a1c2b' })
  id!: string;

  @ApiProperty({ description: 'The key, shown this once: send it as `Authorization: Bearer <key>`', example: 'slaflow_k_3f9a1c2b_…' })
  key!: string;

  @ApiProperty({ enum: roles })
  role!: Role;

  @ApiPropertyOptional()
  organisation!: string | null;
}
