import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ErrorDto } from '../tickets/dto/ticket-state.dto';
import { EntitlementDto } from './dto/entitlement.dto';
import { EntitlementsService } from './entitlements.service';

@ApiTags('entitlements')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorDto })
@ApiForbiddenResponse({ type: ErrorDto })
@Controller('entitlements')
export class EntitlementsController {
  constructor(private readonly entitlements: EntitlementsService) {}

  @Put()
  @Roles('ops')
  @ApiOperation({ summary: "Record an organisation's support contract under a policy (checked when its tickets open)" })
  @ApiOkResponse({ type: EntitlementDto })
  put(@Body() dto: EntitlementDto): Promise<EntitlementDto> {
    return this.entitlements.put(dto);
  }

  @Get()
  @Roles('agent', 'ops')
  @ApiQuery({ name: 'organisation', required: false })
  @ApiOkResponse({ type: [EntitlementDto] })
  list(@Query('organisation') organisation?: string): Promise<EntitlementDto[]> {
    return this.entitlements.list(organisation);
  }
}
