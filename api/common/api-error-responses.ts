import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiPayloadTooLargeResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { BadRequestDto, ErrorDto, PayloadTooLargeDto, UnsupportedMediaTypeDto } from './dto/error.dto';

/** The guard's answers on a route that needs a key: 401 without a usable key, 403 for a role it does not allow. */
export const ApiAuthErrors = (forbidden: string): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiUnauthorizedResponse({ type: ErrorDto, description: 'No API key, a malformed Authorization header, or an unknown or revoked key' }),
    ApiForbiddenResponse({ type: ErrorDto, description: forbidden }),
  );

/** A 400, with `details` naming each invalid input where there is one to name. */
export const ApiInvalidInput = (description: string): MethodDecorator & ClassDecorator => ApiBadRequestResponse({ type: BadRequestDto, description });

/**
 * What `request-body.ts` answers on any route that takes a request body (every POST and PUT, with
 * or without a body of its own: the body is read before the route is known to ignore it).
 */
export const ApiRequestBodyErrors = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiPayloadTooLargeResponse({ type: PayloadTooLargeDto, description: 'The body is over 1 MB once decompressed' }),
    ApiUnsupportedMediaTypeResponse({
      type: UnsupportedMediaTypeDto,
      description: 'A body that is not JSON, JSON in a charset other than UTF-8, or a Content-Encoding other than gzip, deflate or br',
    }),
  );
