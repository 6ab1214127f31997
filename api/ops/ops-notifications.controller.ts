import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/auth.decorators';
import { ErrorDto } from '../tickets/dto/ticket-state.dto';
import { ListNotificationsQueryDto } from './dto/list-notifications.dto';
import { BulkRetryDto, NotificationDeliveryDto, NotificationRetryDto } from './dto/notification-delivery.dto';
import { RetryNotificationsDto } from './dto/retry-notifications.dto';
import { OpsNotificationsService } from './ops-notifications.service';

@ApiTags('ops')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'No or an unknown API key' })
@ApiForbiddenResponse({ type: ErrorDto, description: 'Not an ops key' })
@Roles('ops')
@Controller('ops/notifications')
export class OpsNotificationsController {
  constructor(private readonly notifications: OpsNotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Notifications, one row per notification and recipient, latest attempt first',
    description:
      'The delivery log, joined with what the ticket workflows hold parked: a notification parked while the log could not be written ' +
      '(PostgreSQL down) is listed from its workflow (`source: workflow`), so nothing parked is hidden from operations.',
  })
  @ApiOkResponse({
    type: [NotificationDeliveryDto],
    headers: {
      Warning: {
        description: 'Present when the delivery log (PostgreSQL) could not be read: only notifications parked in ticket workflows are listed',
        schema: { type: 'string' },
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'An unknown status (named) or another invalid filter' })
  async list(@Query() query: ListNotificationsQueryDto, @Res({ passthrough: true }) response: FastifyReply): Promise<NotificationDeliveryDto[]> {
    const { rows, logUnavailable } = await this.notifications.list(query);
    if (logUnavailable !== null) {
      // The answer is partial: say so in a header a client can test, and why.
      response.header('Warning', `199 slaflow "delivery log unavailable (${logUnavailable}): only notifications parked in ticket workflows are listed"`);
    }
    return rows;
  }

  @Post('retry')
  @HttpCode(202)
  @ApiOperation({
    summary: "Retry many parked notifications: one ticket's, one organisation's, or all (each ticket workflow is signalled once)",
  })
  @ApiAcceptedResponse({ type: BulkRetryDto, description: 'Signalled; the deliveries happen in the workflows (watch the log)' })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'No filter given (`all: true` must be said), or an invalid one' })
  retryMany(@Body() filter: RetryNotificationsDto): Promise<BulkRetryDto> {
    return this.notifications.retryMany(filter);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: "Retry a parked notification: sends its ticket workflow's retryNotification signal; recipients already delivered are not sent again",
  })
  @ApiParam({ name: 'id', description: 'The notification id, URL-encoded (it contains `/`), e.g. `3f6c…%2F2-breach-acknowledge`' })
  @ApiAcceptedResponse({ type: NotificationRetryDto, description: 'Signalled; the delivery happens in the workflow (watch the log)' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No notification with this id in the delivery log or parked in its ticket workflow' })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's workflow has ended (its status named)" })
  retry(@Param('id') id: string): Promise<NotificationRetryDto> {
    return this.notifications.retry(id);
  }
}
