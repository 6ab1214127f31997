import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The error answers of the whole API, `{ statusCode, error, message, details? }` (HttpErrorFilter),
// one class per shape of `details`, so that each status documents the details it really carries.

/** An error without details: 401, 403, 404, 503 and the 400s that name no field. */
export class ErrorDto {
  @ApiProperty({ type: 'integer', example: 404, description: 'The HTTP status, repeated' }) statusCode!: number;
  @ApiProperty({ example: 'Not Found', description: "The status's reason phrase" }) error!: string;
  @ApiProperty({ example: 'unknown ticket 3f6c2a1e-…' }) message!: string;
}

/** One invalid input and what is wrong with it. */
export class FieldProblemDto {
  @ApiProperty({
    example: 'subject',
    description:
      'A body field (`incidents.0.subject`), query or path parameter, header (`Idempotency-Key`) or policy-document path (`targets.pro.P1.acknowledge`)',
  })
  field!: string;
  @ApiProperty({ type: [String], example: ['subject should not be empty'] }) problems!: string[];
}

export class BadRequestDto extends ErrorDto {
  @ApiPropertyOptional({
    type: [FieldProblemDto],
    description:
      'One entry per invalid input. Absent when the request could not be read at all: malformed JSON, a body that does not ' +
      'decompress as its Content-Encoding says, a path that does not decode',
  })
  details?: FieldProblemDto[];
}

export class PayloadTooLargeDetailsDto {
  @ApiProperty({ type: 'integer', example: 1_048_576, description: 'The limit in bytes, counted after decompression' }) limit!: number;
  @ApiPropertyOptional({
    type: 'integer',
    description: 'The Content-Length that announced a larger body; absent when the body grew past the limit as it arrived',
  })
  length?: number;
}

export class PayloadTooLargeDto extends ErrorDto {
  @ApiProperty({ type: PayloadTooLargeDetailsDto }) details!: PayloadTooLargeDetailsDto;
}

export class UnsupportedMediaTypeDto extends ErrorDto {
  @ApiProperty({
    description: 'What was refused: the Content-Encoding, the charset of a JSON body, or the Content-Type of a body that is not JSON',
    oneOf: [
      { type: 'object', properties: { encoding: { type: 'string', example: 'compress' } }, required: ['encoding'] },
      { type: 'object', properties: { charset: { type: 'string', example: 'iso-8859-1' } }, required: ['charset'] },
      { type: 'object', properties: { contentType: { type: 'string', example: 'text/plain' } }, required: ['contentType'] },
    ],
  })
  details!: { encoding: string } | { charset: string } | { contentType: string };
}

export class DependencyDetailsDto {
  @ApiProperty({ enum: ['postgresql', 'temporal'], description: 'The dependency that could not be reached (the first, on /health)' })
  dependency!: 'postgresql' | 'temporal';
  @ApiPropertyOptional({ type: [String], example: ['postgresql'], description: 'On /health only: every dependency that is down' })
  down?: string[];
}

/** A 503: PostgreSQL or Temporal is down; the answer carries Retry-After. */
export class DependencyUnavailableDto extends ErrorDto {
  @ApiProperty({ type: DependencyDetailsDto }) details!: DependencyDetailsDto;
}
