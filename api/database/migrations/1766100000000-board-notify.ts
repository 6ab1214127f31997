import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every write of a ticket's projection row NOTIFYs `ticket_changes` with the ticket's id,
 * organisation, status and event sequence: the SLA board's live stream (api/board) LISTENs in each
 * API process, so every process sees every change whichever worker wrote it. A trigger rather than
 * a NOTIFY in the activity: any writer of the projection is heard, and the notification is sent
 * only when the writing transaction commits.
 */
export class BoardNotify1766100000000 implements MigrationInterface {
  name = 'BoardNotify1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION tickets_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('ticket_changes', json_build_object(
          'ticketId', NEW.id, 'organisation', NEW.organisation, 'status', NEW.status, 'sequence', NEW.last_event_sequence)::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tickets_notify_change AFTER INSERT OR UPDATE ON tickets
        FOR EACH ROW EXECUTE FUNCTION tickets_notify_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER tickets_notify_change ON tickets');
    await queryRunner.query('DROP FUNCTION tickets_notify_change()');
  }
}
