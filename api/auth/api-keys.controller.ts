import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiAuthErrors, ApiInvalidInput, ApiRequestBodyErrors } from '../common/api-error-responses';
import { ApiKeysService } from './api-keys.service';
import { Roles } from './auth.decorators';
import { ApiKeyCreatedDto, CreateApiKeyDto, CreateCustomerKeyDto, CreateStaffKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiAuthErrors('Only ops may create keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('ops')
  @ApiOperation({ summary: 'Create an API key for a role (customer keys name their organisation); the key is shown once' })
  @ApiExtraModels(CreateCustomerKeyDto, CreateStaffKeyDto)
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(CreateCustomerKeyDto) }, { $ref: getSchemaPath(CreateStaffKeyDto) }] } })
  @ApiCreatedResponse({ type: ApiKeyCreatedDto })
  @ApiInvalidInput(
    'Malformed JSON or invalid fields (named in details): an unknown role, a customer key without organisation, an organisation on an agent or ops key',
  )
  @ApiRequestBodyErrors()
  create(@Body() dto: CreateApiKeyDto): Promise<ApiKeyCreatedDto> {
    return this.keys.create(dto);
  }
}
