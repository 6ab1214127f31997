import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { OpsNotificationsController } from './ops-notifications.controller';
import { OpsNotificationsService } from './ops-notifications.service';

/** Operations staff: parked notifications and their retry. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationDeliveryEntity])],
  controllers: [OpsNotificationsController],
  providers: [OpsNotificationsService],
})
export class OpsModule {}
