import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** One HTTP exchange of the load generator: method, absolute URL, headers and an optional body. */
export type HttpSend = (method: string, url: string, headers: Record<string, string>, body?: string) => Promise<HttpAnswer>;

/**
 * The load generator's lean client: `node:http` over a keep-alive pool. On this benchmark's
 * machines the load generator shares the CPU with what it measures, and `fetch` (undici's WHATWG
 * layer) costs several times the CPU of `node:http` per request, which lowers the API's rate for
 * reasons that are not the API's (the README gives the figures). Load tools (wrk, autocannon) are
 * lean for the same reason.
 */
export function leanHttpClient(maxSockets: number): { send: HttpSend; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const send: HttpSend = (method, url, headers, body) =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** The same exchange through `fetch`, the client most Node code reaches for: the benchmark shows its rate too. */
export const fetchHttpSend: HttpSend = async (method, url, headers, body) => {
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, text: await response.text() };
};
