import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { temporalUnavailable } from '../temporal/temporal-errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

/**
 * Every error leaves the API as `{ statusCode, error, message, details? }`. HTTP exceptions keep
 * their status: those of the request body (`request-body.ts`) and of Fastify itself (an unknown
 * media type, a body shorter than its Content-Length), which Nest hands on as HTTP exceptions, are
 * among them. Temporal being unreachable is a 503; anything else is our fault, is logged with its
 * stack, and answers a bare 500 without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  constructor(private readonly http: HttpServer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    this.http.reply(host.switchToHttp().getResponse(), body, body.statusCode);
  }

  private toBody(exception: unknown): ErrorBody {
    if (!(exception instanceof HttpException)) {
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
