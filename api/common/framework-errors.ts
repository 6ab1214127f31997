import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { ErrorBody } from './http-error.filter';

/**
 * The two errors Fastify answers before a request reaches Nest, where `HttpErrorFilter` never sees
 * them, answered in the same `{ statusCode, error, message }` shape.
 */

/** A path that does not decode (a stray '%'), refused before routing. */
export function badUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody = { statusCode: 400, error: STATUS_CODES[400]!, message: `${error.message}: a literal % is written %25` };
  void reply.code(400).send(body);
}

const clientErrors: Record<string, { statusCode: number; message: string }> = {
  HPE_HEADER_OVERFLOW: { statusCode: 431, message: 'the request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { statusCode: 408, message: 'the request did not arrive in time' },
};

/**
 * Bytes that are not HTTP (Node's parser refused them: a body longer than its Content-Length runs
 * into the next request, a broken header line): the answer goes straight to the socket, which is
 * then closed, as Node does by default.
 */
export function malformedHttp(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = clientErrors[error.code ?? ''];
  const statusCode = known?.statusCode ?? 400;
  const body: ErrorBody = {
    statusCode,
    error: STATUS_CODES[statusCode]!,
    message: known?.message ?? `the request is not valid HTTP/1.1 (${error.code ?? error.message})`,
  };
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${statusCode} ${body.error}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${json}`,
  );
}
