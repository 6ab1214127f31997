import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ResolveDto {
  @ApiProperty({ example: 'workaround' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  code!: string;

  @ApiProperty({ example: 'Disabled the faulty backup job; fix scheduled in 2.4.1.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  summary!: string;
}
