import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { registerWebApp } from './board/web-app';
import { documentDependencyOutages } from './common/document-outages';
import { badUrl, malformedHttp } from './common/framework-errors';
import { HttpErrorFilter } from './common/http-error.filter';
import { NoNulCharactersPipe } from './common/no-nul.pipe';
import { closeRequestBodies } from './common/openapi-closed-bodies';
import { addOpenApiLinks } from './common/openapi-links';
import { bodyLimitBytes, registerRequestBody } from './common/request-body';
import { validationPipe } from './common/validation';

/**
 * Fastify rather than Express under Nest: on the 2-core machines the API shares with Temporal and
 * PostgreSQL, it costs the API about a tenth less CPU a ticket (README, benchmarks).
 */
function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    // As Express answered: /tickets/ is /tickets, and paths match whatever their case.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 8_192 },
    // Answered before Nest's filter could: in its shape all the same.
    frameworkErrors: badUrl,
    clientErrorHandler: malformedHttp,
  });
}

/** The configured application, shared by the API process and the end-to-end tests. */
export async function createApp(options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, httpAdapter(), { logger: options.logger ?? ['log', 'warn', 'error'] });
  registerRequestBody(app);
  await registerWebApp(app);
  // NUL first, so a field holding one is named even where validation would refuse it otherwise.
  app.useGlobalPipes(new NoNulCharactersPipe(), validationPipe());
  app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter()));
  app.enableShutdownHooks();

  const config = new DocumentBuilder()
    .setTitle('slaflow')
    .setDescription('SLA engine for technical-support desks: every ticket is a durable Temporal workflow.')
    .setVersion('1')
    // The scheme every @ApiBearerAuth() names: `Authorization: Bearer <api key>`.
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'slaflow API key',
      description: 'An API key (POST /api-keys; the bootstrap key for the first ops key)',
    })
    .build();
  // What the decorators cannot say: which answer feeds which operation, closed request bodies, and
  // the 503 every keyed route can answer.
  const document = documentDependencyOutages(closeRequestBodies(addOpenApiLinks(SwaggerModule.createDocument(app, config))));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  return app;
}
