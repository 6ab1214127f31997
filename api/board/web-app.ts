import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { distDir } from '../../infra/paths';

/** Where `vite build` puts the web application (web/vite.config.mts); `npm start` builds it when missing. */
export const webAppDir = join(distDir, 'web');

/**
 * The web application (the SLA board, web/) at `/`: its index and hashed assets, public like any
 * static page (it holds no data; everything it shows comes from the keyed API). Its routes live in
 * the URL's fragment (`/#/tickets/<id>`), so no page path can shadow an API route. Without a build,
 * `/` says how to make one.
 */
export async function registerWebApp(app: NestFastifyApplication): Promise<void> {
  if (!existsSync(join(webAppDir, 'index.html'))) {
    app
      .getHttpAdapter()
      .getInstance()
      .get('/', (_request, reply) => {
        void reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('The web application is not built: run `npm run build:web` (npm start builds it when it is missing).\n');
      });
    return;
  }
  await app.register(fastifyStatic, {
    root: webAppDir,
    prefix: '/',
    // Routes for the files there now (index.html also at `/`), not a catch-all that would answer for unknown API paths.
    wildcard: false,
    decorateReply: false,
    index: ['index.html'],
    setHeaders: (response, path) => {
      // Assets carry their content hash in their names; the index must always be fresh.
      response.setHeader('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
}
