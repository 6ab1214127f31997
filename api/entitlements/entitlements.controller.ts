import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, ApiInvalidInput, ApiRequestBodyErrors } from '../common/api-error-responses';
import { Roles } from '../auth/auth.decorators';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import { EntitlementDto, ListEntitlementsQueryDto } from './dto/entitlement.dto';
import { EntitlementsService } from './entitlements.service';

@ApiTags('entitlements')
@ApiBearerAuth()
@ApiAuthErrors('A role the route does not allow')
@ApiDependencyUnavailableResponse('PostgreSQL')
@Controller('entitlements')
export class EntitlementsController {
  constructor(private readonly entitlements: EntitlementsService) {}

  @Put()
  @Roles('ops')
  @ApiOperation({ summary: "Record an organisation's support contract under a policy (checked when its tickets open)" })
  @ApiOkResponse({ type: EntitlementDto })
  @ApiInvalidInput('Malformed JSON, or invalid fields (named in details), e.g. endsOn before startsOn')
  @ApiRequestBodyErrors()
  put(@Body() dto: EntitlementDto): Promise<EntitlementDto> {
    return this.entitlements.put(dto);
  }

  @Get()
  @Roles('agent', 'ops')
  @ApiOperation({ summary: 'Recorded contracts, by organisation and policy' })
  @ApiOkResponse({ type: [EntitlementDto] })
  @ApiInvalidInput('An invalid or repeated query parameter (named in details)')
  list(@Query() query: ListEntitlementsQueryDto): Promise<EntitlementDto[]> {
    return this.entitlements.list(query.organisation);
  }
}
