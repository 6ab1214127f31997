import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { Roles } from '../auth/auth.decorators';
import { ErrorDto } from '../tickets/dto/ticket-state.dto';
import { ListNotificationsQueryDto } from './dto/list-notifications.dto';
import { NotificationDeliveryDto, NotificationRetryDto } from './dto/notification-delivery.dto';
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
  @ApiOperation({ summary: 'The notification delivery log, one row per notification and recipient, latest attempt first' })
  @ApiOkResponse({ type: [NotificationDeliveryDto] })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'An unknown status (named) or another invalid filter' })
  list(@Query() query: ListNotificationsQueryDto): Promise<NotificationDeliveryDto[]> {
    return this.notifications.list(query);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: "Retry a parked notification: sends its ticket workflow's retryNotification signal; recipients already delivered are not sent again",
  })
  @ApiParam({ name: 'id', description: 'The notification id, URL-encoded (it contains `/`), e.g. `3f6c…%2F2-breach-acknowledge`' })
  @ApiAcceptedResponse({ type: NotificationRetryDto, description: 'Signalled; the delivery happens in the workflow (watch the log)' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No notification with this id in the delivery log' })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's workflow has ended (its status named)" })
  retry(@Param('id') id: string): Promise<NotificationRetryDto> {
    return this.notifications.retry(id);
  }
}
