import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { temporalUnavailable } from '../temporal/temporal-errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

/**
 * What body-parser (and raw-body beneath it) throws: http-errors objects carrying their status,
 * `expose` when the message is meant for the client, and a `type` naming the problem.
 */
interface ClientHttpError {
  status: number;
  message: string;
  type?: string;
  limit?: number;
  length?: number;
  charset?: string;
  encoding?: string;
  /** zlib's, on a body that does not decompress. */
  code?: string;
}

function isClientHttpError(exception: unknown): exception is ClientHttpError & Error {
  if (!(exception instanceof Error)) return false;
  const { status, expose } = exception as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}

function readableSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${Math.round(bytes / 1024)} kB`;
}

/** A request the body parser refused, as `{ statusCode, error, message, details? }` with its own 4xx. */
function clientErrorBody(exception: ClientHttpError): ErrorBody {
  const statusCode = exception.status;
  const error = STATUS_CODES[statusCode] ?? 'Error';
  switch (exception.type) {
    case 'entity.too.large':
      return {
        statusCode,
        error,
        message: `request body too large: the limit is ${readableSize(exception.limit ?? 0)}` + (exception.length ? ` (got ${exception.length} bytes)` : ''),
        details: { limit: exception.limit, length: exception.length },
      };
    case 'charset.unsupported':
      return { statusCode, error, message: `${exception.message}: send JSON as UTF-8`, details: { charset: exception.charset } };
    case 'encoding.unsupported':
      return {
        statusCode,
        error,
        message: `${exception.message}: send the body uncompressed or with Content-Encoding gzip, deflate or br`,
        details: { encoding: exception.encoding },
      };
    case 'request.aborted':
      return { statusCode, error, message: 'the request was aborted before its body was complete' };
    case 'request.size.invalid':
      return { statusCode, error, message: 'the request body is not as long as its Content-Length says' };
    case undefined:
      // A decompression stream failing (zlib: broken gzip, deflate or br) carries no type.
      if (exception.code !== undefined && /^(?:Z_|ERR_)/.test(exception.code)) {
        return { statusCode, error, message: `the request body could not be decompressed as its Content-Encoding says: ${exception.message}` };
      }
      return { statusCode, error, message: exception.message };
    default:
      return { statusCode, error, message: exception.message };
  }
}

/**
 * Every error leaves the API as `{ statusCode, error, message, details? }`. HTTP exceptions keep
 * their status; errors the body parser raises for the client's request (too large, unsupported
 * charset or encoding, a body that does not decompress) keep their 4xx; Temporal being unreachable
 * is a 503; anything else is our fault, is logged with its stack, and answers a bare 500 without
 * internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (!(exception instanceof HttpException)) {
      if (isClientHttpError(exception)) return clientErrorBody(exception);
      const unavailable = temporalUnavailable(exception);
      if (unavailable) {
        this.logger.warn(`Temporal unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
        return { statusCode: 503, error: STATUS_CODES[503]!, message: unavailable };
      }
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      return { statusCode: 500, error: STATUS_CODES[500]!, message: 'internal error' };
    }
    const statusCode = exception.getStatus();
    const error = STATUS_CODES[statusCode] ?? 'Error';
    const raw = exception.getResponse();
    if (typeof raw === 'string') return { statusCode, error, message: raw };
    const { message, details } = raw as { message?: unknown; details?: unknown };
    return {
      statusCode,
      error,
      message: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
      ...(details === undefined ? {} : { details }),
    };
  }
}
