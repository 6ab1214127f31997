import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { roles, type Role } from '../principal';

/**
 * An organisation is what binds a customer key to its tickets; agent and ops keys see every
 * organisation and nothing reads one on them, so naming one there is refused rather than stored
 * with no meaning (a caller who meant to restrict the key would otherwise believe it was).
 */
function OnlyOnCustomerKeys(): PropertyDecorator {
  return ValidateBy({
    name: 'onlyOnCustomerKeys',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => (args?.object as CreateApiKeyDto | undefined)?.role === 'customer',
      defaultMessage: (args?: ValidationArguments) => {
        const role = (args?.object as CreateApiKeyDto | undefined)?.role;
        return `organisation is for customer keys only: ${typeof role === 'string' && roles.includes(role) ? `an ${role} key` : 'a key of another role'} sees every organisation`;
      },
    },
  });
}

export class CreateApiKeyDto {
  @ApiProperty({ enum: roles })
  @IsIn(roles)
  role!: Role;

  @ApiPropertyOptional({
    description:
      'Customer keys only, and required for them: the organisation whose tickets the key sees. Agent and ops keys see every organisation; naming one on them is a 400',
    example: 'acme',
    minLength: 1,
    maxLength: 200,
  })
  @ValidateIf((dto: CreateApiKeyDto) => dto.role === 'customer' || dto.organisation !== undefined)
  @OnlyOnCustomerKeys()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ example: 'email gateway', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;
}

/**
 * The two bodies `POST /api-keys` takes, as documented: a customer key with its organisation, or
 * an agent or ops key without one (`CreateApiKeyDto` validates both at once).
 */
export class CreateCustomerKeyDto {
  @ApiProperty({ enum: ['customer'] }) role!: 'customer';
  @ApiProperty({ description: 'The organisation whose tickets the key sees', example: 'acme', minLength: 1, maxLength: 200 }) organisation!: string;
  @ApiPropertyOptional({ example: 'acme portal', maxLength: 200, nullable: true }) label?: string;
}

export class CreateStaffKeyDto {
  @ApiProperty({ enum: ['agent', 'ops'], description: 'Agent and ops keys see every organisation: an organisation given with them is a 400' })
  role!: 'agent' | 'ops';
  @ApiPropertyOptional({ example: 'email gateway', maxLength: 200, nullable: true }) label?: string;
}

export class ApiKeyCreatedDto {
  @ApiProperty({ example: 'k_3f9a1c2b' })
  id!: string;

  @ApiProperty({ description: 'The key, shown this once: send it as `Authorization: Bearer <key>`', example: 'slaflow_k_3f9a1c2b_…' })
  key!: string;

  @ApiProperty({ enum: roles })
  role!: Role;

  @ApiProperty({ type: String, nullable: true, description: "A customer key's organisation; null for agent and ops keys", example: 'acme' })
  organisation!: string | null;
}
