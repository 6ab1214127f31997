import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import { ApiAuthErrors, ApiInvalidInput, ApiRequestBodyErrors } from '../common/api-error-responses';
import { ErrorDto } from '../common/dto/error.dto';
import { Roles } from '../auth/auth.decorators';
import { ticketIdPattern } from '../tickets/ticket-id.pipe';
import { ListNotificationsQueryDto } from './dto/list-notifications.dto';
import { BulkRetryDto, NotificationRetryDto, NotificationsPageDto, RetryConflictDto } from './dto/notification-delivery.dto';
import { RetryNotificationsDto } from './dto/retry-notifications.dto';
import { OpsNotificationsService } from './ops-notifications.service';

@ApiTags('ops')
@ApiBearerAuth()
@ApiAuthErrors('Not an ops key')
@ApiDependencyUnavailableResponse('Temporal (and PostgreSQL for the key and the delivery log)')
@Roles('ops')
@Controller('ops/notifications')
export class OpsNotificationsController {
  constructor(private readonly notifications: OpsNotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Notifications, one row per notification and recipient, latest attempt first, a page at a time (pass `nextCursor` as `cursor`)',
    description:
      'The delivery log, joined with what the ticket workflows hold parked: a notification parked while the log could not be written ' +
      '(PostgreSQL down) is listed from its workflow (`source: workflow`), so nothing parked is hidden from operations.',
  })
  @ApiOkResponse({
    type: NotificationsPageDto,
    headers: {
      Warning: {
        description: 'Present when the delivery log (PostgreSQL) could not be read: only notifications parked in ticket workflows are listed',
        schema: { type: 'string' },
      },
    },
  })
  @ApiInvalidInput('An unknown status (named) or another invalid filter (named in details)')
  async list(@Query() query: ListNotificationsQueryDto, @Res({ passthrough: true }) response: FastifyReply): Promise<NotificationsPageDto> {
    const { page, logUnavailable } = await this.notifications.list(query);
    if (logUnavailable !== null) {
      // The answer is partial: say so in a header a client can test, and why.
      response.header(
        'Warning',
        `199 slaflow "delivery log unavailable (${logUnavailable}): only notifications parked in ticket workflows are listed"`,
      );
    }
    return page;
  }

  @Post('retry')
  @HttpCode(202)
  @ApiOperation({
    summary: "Retry many parked notifications: one ticket's, one organisation's, or all (each ticket workflow is signalled once)",
  })
  @ApiAcceptedResponse({ type: BulkRetryDto, description: 'Signalled; the deliveries happen in the workflows (watch the log)' })
  @ApiInvalidInput('No filter given (`all: true` must be said), or an invalid one (named in details)')
  @ApiRequestBodyErrors()
  retryMany(@Body() filter: RetryNotificationsDto): Promise<BulkRetryDto> {
    return this.notifications.retryMany(filter);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: "Retry a parked notification: sends its ticket workflow's retryNotification signal; recipients already delivered are not sent again",
  })
  @ApiParam({
    name: 'id',
    description: 'The notification id, URL-encoded (it contains `/`), e.g. `3f6c…%2F2-breach-acknowledge`; any other is unknown (404)',
    // `<ticket id>/<n>-<kind>[-<clock>]` (workflows/ticket/ticket.machine.ts); clock names may hold a dot (rca.draft).
    schema: { type: 'string', pattern: `^${ticketIdPattern.source.slice(1, -1)}/[0-9]+-[a-z][a-z.-]*$` },
  })
  @ApiAcceptedResponse({ type: NotificationRetryDto, description: 'Signalled; the delivery happens in the workflow (watch the log)' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No notification with this id in the delivery log or parked in its ticket workflow' })
  @ApiConflictResponse({ type: RetryConflictDto, description: "The ticket's workflow has ended (its status named)" })
  @ApiInvalidInput('A NUL character in the id (named in details)')
  @ApiRequestBodyErrors()
  retry(@Param('id') id: string): Promise<NotificationRetryDto> {
    return this.notifications.retry(id);
  }
}
