import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { IntakeFields } from '../../../workflows/ticket/contract';
import { IsIntakeFields } from './intake-fields.validator';

// An optional field may also be null, which means the same as leaving it out (class-validator's
// @IsOptional): documented as nullable.
export class OpenTicketDto {
  @ApiProperty({ example: 'syneto', description: 'Policy id (a preset or a stored custom policy)', pattern: '^[a-z0-9][a-z0-9-]*$' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'policy must be a policy id such as syneto' })
  policy!: string;

  @ApiProperty({ example: 'pro', description: "The customer's plan in that policy", minLength: 1, maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  plan!: string;

  @ApiProperty({ example: 'P2', minLength: 1, maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  priority!: string;

  @ApiProperty({ example: 'acme', description: 'Organisation the ticket belongs to', minLength: 1, maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation!: string;

  @ApiProperty({ example: 'Backups fail since upgrade', minLength: 1, maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  subject!: string;

  @ApiPropertyOptional({ example: 'Since 3.2 the nightly backup stops at 40%.', maxLength: 20_000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ example: 'email', description: 'How the ticket came in (phone, email, portal, chat, ...)', maxLength: 50, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  channel?: string;

  @ApiPropertyOptional({
    example: 'it@acme.example',
    description: 'Where reminders, closure notices and surveys go',
    format: 'email',
    nullable: true,
  })
  @IsOptional()
  @IsEmail()
  customerEmail?: string;

  @ApiPropertyOptional({
    description:
      'Intake fields the policy asks for (e.g. product, version): flat named values (string, number or boolean), at most 50, ' +
      'names a letter then letters, digits, `_`, `.` or `-`. The ticket keeps them (its state, the projection, the `opened` audit event).',
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string', maxLength: 2000 }, { type: 'number' }, { type: 'boolean' }] },
    maxProperties: 50,
    nullable: true,
    example: { product: 'oXygen', version: '27.1' },
  })
  @IsOptional()
  @IsIntakeFields()
  fields?: IntakeFields;
}
