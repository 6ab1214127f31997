import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse as parseContentType } from 'content-type';
import type { FastifyRequest } from 'fastify';
import { parse as parseJson } from 'secure-json-parse';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * The largest request body accepted, counted after decompression: room for a custom policy with
 * long holiday lists or its source text. A larger body is a 413.
 */
export const bodyLimitBytes = 1024 * 1024;

function readableSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${Math.round(bytes / 1024)} kB`;
}

function tooLarge(length?: number): HttpException {
  return new PayloadTooLargeException({
    message: `request body too large: the limit is ${readableSize(bodyLimitBytes)}` + (length ? ` (got ${length} bytes)` : ''),
    details: { limit: bodyLimitBytes, length },
  });
}

function unsupportedMediaType(message: string, details: Record<string, string>): HttpException {
  return new HttpException({ message, details }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
}

const decompressors: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The body as the JSON parser reads it: decompressed bytes, stopped with a 413 past the limit.
 * `receivedEncodedLength` (the bytes on the wire) is what Fastify compares with Content-Length.
 */
class LimitedBody extends Transform {
  receivedEncodedLength = 0;
  private decodedLength = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.decodedLength += chunk.length;
    if (this.decodedLength > bodyLimitBytes) {
      callback(tooLarge());
      return;
    }
    callback(null, chunk);
  }
}

/**
 * Every request body passes here before it is parsed: a Content-Length over the limit is refused
 * before a byte is read; gzip, deflate and br bodies are decompressed as they arrive (the limit
 * counts what they decompress to, so a small bomb is a 413 too); any other Content-Encoding is a
 * 415; a body that does not decompress as its encoding says is a 400.
 */
function preParsing(request: FastifyRequest, payload: Readable): Readable {
  const length = Number(request.headers['content-length']);
  if (length > bodyLimitBytes) throw tooLarge(length);
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const body = new LimitedBody();
  payload.on('data', (chunk: Buffer) => {
    body.receivedEncodedLength += chunk.length;
  });
  // pipe() does not carry errors: a request aborted half-way must end the body Fastify reads.
  payload.on('error', (error: Error) => body.destroy(error));
  if (encoding === 'identity') return payload.pipe(body);
  const decompressor = decompressors[encoding];
  if (!decompressor) {
    throw unsupportedMediaType(
      `unsupported content encoding "${encoding}": send the body uncompressed or with Content-Encoding gzip, deflate or br`,
      { encoding },
    );
  }
  const decompressing = decompressor();
  decompressing.on('error', (error: Error) => {
    body.destroy(new BadRequestException(`the request body could not be decompressed as its Content-Encoding says: ${error.message}`));
  });
  return payload.pipe(decompressing).pipe(body);
}

/**
 * JSON, read as UTF-8 only (RFC 8259): another charset is a 415 naming it, malformed JSON a 400
 * with the parser's reason. An empty body is `{}`, so an action without input needs no body.
 * `__proto__` and `constructor.prototype` keys are refused (secure-json-parse, Fastify's parser).
 */
function parseJsonBody(request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void): void {
  const charset = contentTypeCharset(request.headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    done(unsupportedMediaType(`unsupported charset "${charset.toUpperCase()}": send JSON as UTF-8`, { charset }));
    return;
  }
  if (body.length === 0) {
    done(null, {});
    return;
  }
  let value: unknown;
  try {
    value = parseJson(body.toString('utf8'), null, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    done(new BadRequestException(`the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`));
    return;
  }
  done(null, value);
}

/** Any body that is not JSON: a 415 naming its type (Fastify's own says only "Unsupported Media Type"). */
function refuseOtherMediaTypes(request: FastifyRequest, _payload: unknown, done: (error: Error | null) => void): void {
  const contentType = request.headers['content-type'] ?? '';
  done(unsupportedMediaType(`unsupported media type "${contentType}": send the body as application/json`, { contentType }));
}

function contentTypeCharset(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return (parseContentType(header).parameters.charset as string | undefined)?.toLowerCase();
  } catch {
    // A Content-Type Fastify matched as JSON but that does not parse: no charset to refuse.
    return undefined;
  }
}

/**
 * Request bodies for the whole API: JSON only, within the limit after decompression; a body of
 * another media type is a 415. Registered before Nest would add its default parsers
 * (JSON and form-encoded), which then stand aside.
 */
export function registerRequestBody(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', refuseOtherMediaTypes);
  fastify.addHook('preParsing', async (request, _reply, payload) => preParsing(request, payload));
  // No limit of its own: Fastify's instance-wide bodyLimit (create-app.ts) applies.
  app.useBodyParser('application/json', {}, parseJsonBody);
}
