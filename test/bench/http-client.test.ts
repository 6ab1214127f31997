import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchHttpSend, leanHttpClient } from '../../bench/api/http-client';

describe("the api benchmark's HTTP clients", () => {
  let server: Server;
  let url: string;
  const seen: Array<{ method: string; headers: IncomingMessage['headers']; body: string; socket: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({
          method: request.method!,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          socket: `${request.socket.remotePort}`,
        });
        response.writeHead(request.method === 'POST' ? 201 : 404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ echoed: Buffer.concat(chunks).toString('utf8') }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('the lean client sends method, headers and a UTF-8 body with its length, reads status and text, and keeps the connection', async () => {
    const client = leanHttpClient(1);
    try {
      const body = JSON.stringify({ subject: 'Sauvegarde échouée' });
      const first = await client.send('POST', `${url}/tickets`, { authorization: 'Bearer k', 'content-type': 'application/json' }, body);
      const second = await client.send('GET', `${url}/nothing`, { authorization: 'Bearer k' });
      expect(first).toEqual({ status: 201, text: JSON.stringify({ echoed: body }) });
      expect(second).toEqual({ status: 404, text: JSON.stringify({ echoed: '' }) });
      expect(seen.map(({ method, body: sent }) => [method, sent])).toEqual([
        ['POST', body],
        ['GET', ''],
      ]);
      expect(seen[0].headers).toMatchObject({ authorization: 'Bearer k', 'content-length': String(Buffer.byteLength(body)) });
      // Keep-alive: both requests on one socket.
      expect(seen[1].socket).toBe(seen[0].socket);
    } finally {
      client.close();
    }
  });

  it('the fetch client gives the same answer', async () => {
    const body = JSON.stringify({ subject: 'Sauvegarde échouée' });
    expect(await fetchHttpSend('POST', `${url}/tickets`, { 'content-type': 'application/json' }, body)).toEqual({
      status: 201,
      text: JSON.stringify({ echoed: body }),
    });
  });

  it('the lean client rejects when nothing listens', async () => {
    const client = leanHttpClient(1);
    try {
      await expect(client.send('GET', 'http://127.0.0.1:1/', {})).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      client.close();
    }
  });
});
