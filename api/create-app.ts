import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { NoNulCharactersPipe } from './common/no-nul.pipe';
import { validationPipe } from './common/validation';

/**
 * The largest request body accepted (after decompression): room for a custom policy with long
 * holiday lists or its source text; a larger body is a 413.
 */
export const bodyLimit = '1mb';

/** The configured application, shared by the API process and the end-to-end tests. */
export async function createApp(options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: options.logger ?? ['log', 'warn', 'error'] });
  // Registered before Nest's own parsers, which then stand aside (same names, default 100 kB limit).
  app.useBodyParser('json', { limit: bodyLimit });
  app.useBodyParser('urlencoded', { limit: bodyLimit, extended: true });
  // NUL first, so a field holding one is named even where validation would refuse it otherwise.
  app.useGlobalPipes(new NoNulCharactersPipe(), validationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('slaflow')
      .setDescription('SLA engine for technical-support desks: every ticket is a durable Temporal workflow.')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  return app;
}
