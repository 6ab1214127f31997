import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiAuthErrors, ApiInvalidInput, ApiRequestBodyErrors } from '../common/api-error-responses';
import { ErrorDto } from '../common/dto/error.dto';
import { Roles } from '../auth/auth.decorators';
import { ticketIdPattern } from '../tickets/ticket-id.pipe';
import { ListNotificationsQueryDto } from './dto/list-notifications.dto';
import { NotificationDeliveryDto, NotificationRetryDto, RetryConflictDto } from './dto/notification-delivery.dto';
import { OpsNotificationsService } from './ops-notifications.service';

@ApiTags('ops')
@ApiBearerAuth()
@ApiAuthErrors('Not an ops key')
@Roles('ops')
@Controller('ops/notifications')
export class OpsNotificationsController {
  constructor(private readonly notifications: OpsNotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'The notification delivery log, one row per notification and recipient, latest attempt first' })
  @ApiOkResponse({ type: [NotificationDeliveryDto] })
  @ApiInvalidInput('An unknown status (named) or another invalid filter (named in details)')
  list(@Query() query: ListNotificationsQueryDto): Promise<NotificationDeliveryDto[]> {
    return this.notifications.list(query);
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
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No notification with this id in the delivery log' })
  @ApiConflictResponse({ type: RetryConflictDto, description: "The ticket's workflow has ended (its status named)" })
  @ApiInvalidInput('A NUL character in the id (named in details)')
  @ApiRequestBodyErrors()
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'Temporal is unreachable or did not answer in time' })
  retry(@Param('id') id: string): Promise<NotificationRetryDto> {
    return this.notifications.retry(id);
  }
}
