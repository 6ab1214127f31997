import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorDto } from '../tickets/dto/ticket-state.dto';
import { ApiKeysService } from './api-keys.service';
import { Roles } from './auth.decorators';
import { ApiKeyCreatedDto, CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'No or an unknown API key' })
@ApiForbiddenResponse({ type: ErrorDto, description: 'Only ops may create keys' })
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('ops')
  @ApiOperation({ summary: 'Create an API key for a role (customer keys name their organisation); the key is shown once' })
  @ApiCreatedResponse({ type: ApiKeyCreatedDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  create(@Body() dto: CreateApiKeyDto): Promise<ApiKeyCreatedDto> {
    return this.keys.create(dto);
  }
}
