import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** Bodies of the ticket actions of docs/design.md's API table; each maps to one workflow update. */
export class BodyDto {
  @ApiProperty({ example: 'Which version of the connector do you run?', minLength: 1, maxLength: 20_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  body!: string;
}

export class ChangePriorityDto {
  @ApiProperty({ example: 'P1', minLength: 1, maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  priority!: string;

  @ApiProperty({ example: 'Production is down now', minLength: 1, maxLength: 2_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'No answer from the assigned engineer', minLength: 1, maxLength: 2_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;
}

export class AssignDto {
  @ApiProperty({ example: 'maria.rossi', minLength: 1, maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agent!: string;
}

export class DiagnosisDto {
  @ApiProperty({ description: 'Whether the diagnosis ends with a hardware replacement (starts its clock)' })
  @IsBoolean()
  replacementRequired!: boolean;
}

export class RcaDto {
  @ApiProperty({ enum: ['draft', 'final'] })
  @IsIn(['draft', 'final'])
  stage!: 'draft' | 'final';

  @ApiProperty({ example: 'Root cause: expired certificate on the connector.', minLength: 1, maxLength: 100_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  body!: string;
}

export class IncidentDto {
  @ApiProperty({ example: 'Reports time out', minLength: 1, maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  subject!: string;

  @ApiProperty({ example: 'high', minLength: 1, maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  priority!: string;

  @ApiPropertyOptional({ maxLength: 20_000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;
}

export class SplitDto {
  @ApiProperty({ type: [IncidentDto], minItems: 1, maxItems: 50 })
  @ValidateNested({ each: true })
  @Type(() => IncidentDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  incidents!: IncidentDto[];
}
