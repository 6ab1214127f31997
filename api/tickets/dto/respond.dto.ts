import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RespondDto {
  @ApiProperty({ enum: ['acknowledgement', 'update'] })
  @IsIn(['acknowledgement', 'update'])
  kind!: 'acknowledgement' | 'update';

  @ApiProperty({ example: 'We are looking into it.', minLength: 1, maxLength: 20_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  body!: string;
}
