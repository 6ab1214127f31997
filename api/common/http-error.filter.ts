import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { dependencyOutage, retryAfterSeconds } from './dependency-errors';

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
 * among them. A dependency that is down (PostgreSQL or Temporal, `dependency-errors.ts`) is a 503
 * naming it in `details.dependency`; anything else is our fault, is logged with its stack, and
 * answers a bare 500 without internals. Every 503 (the health check's too) carries `Retry-After`.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  constructor(private readonly http: HttpServer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    const response: unknown = host.switchToHttp().getResponse();
    if (body.statusCode === 503) this.http.setHeader(response, 'Retry-After', String(retryAfterSeconds));
    this.http.reply(response, body, body.statusCode);
  }

  private toBody(exception: unknown): ErrorBody {
    if (!(exception instanceof HttpException)) {
      const outage = dependencyOutage(exception);
      if (outage) {
        // The full error (addresses included) for the log; the client gets the dependency and why.
        this.logger.warn(`${outage.dependency} unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
        return { statusCode: 503, error: STATUS_CODES[503]!, message: outage.message, details: { dependency: outage.dependency } };
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
