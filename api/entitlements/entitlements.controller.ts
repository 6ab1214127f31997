import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import { ErrorDto } from '../tickets/dto/ticket-state.dto';
import { EntitlementDto, ListEntitlementsQueryDto } from './dto/entitlement.dto';
import { EntitlementsService } from './entitlements.service';

@ApiTags('entitlements')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'No or an unknown API key' })
@ApiForbiddenResponse({ type: ErrorDto, description: 'A role the route does not allow' })
@ApiDependencyUnavailableResponse(ErrorDto, 'PostgreSQL')
@Controller('entitlements')
export class EntitlementsController {
  constructor(private readonly entitlements: EntitlementsService) {}

  @Put()
  @Roles('ops')
  @ApiOperation({ summary: "Record an organisation's support contract under a policy (checked when its tickets open)" })
  @ApiOkResponse({ type: EntitlementDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Malformed JSON, or invalid fields (named in details), e.g. endsOn before startsOn' })
  put(@Body() dto: EntitlementDto): Promise<EntitlementDto> {
    return this.entitlements.put(dto);
  }

  @Get()
  @Roles('agent', 'ops')
  @ApiOperation({ summary: 'Recorded contracts, by organisation and policy' })
  @ApiOkResponse({ type: [EntitlementDto] })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'An invalid or repeated query parameter (named in details)' })
  list(@Query() query: ListEntitlementsQueryDto): Promise<EntitlementDto[]> {
    return this.entitlements.list(query.organisation);
  }
}
