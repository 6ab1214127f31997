import { TicketMachine } from '../../../../workflows/ticket/ticket.machine';
import type { TicketData } from '../../../../workflows/ticket/ticket.data';
import { ticketState } from '../../../../workflows/ticket/ticket.view';
import { allFeatures, customer, machineSnapshot, MONDAY_9 } from './machine-fixtures';

// Intake fields ride on the ticket from its opening: in the state and with the `opened` event.
describe('intake fields', () => {
  const open = (fields?: Record<string, string | number | boolean>) =>
    TicketMachine.open(
      {
        ticketId: 'T-1',
        organisation: 'acme',
        subject: 'Backups fail',
        plan: 'always',
        priority: 'P1',
        openedAt: new Date(MONDAY_9).toISOString(),
        snapshot: machineSnapshot(),
        customerContacts: [customer],
        ...(fields ? { fields } : {}),
      },
      MONDAY_9,
      allFeatures,
    );

  it('are in the state and in the detail of the opened event', () => {
    const machine = open({ callbackNumber: '+1 312 555 0100', serialNumber: 'SN-1', reproducible: false });
    expect(ticketState(machine, MONDAY_9).fields).toEqual({ callbackNumber: '+1 312 555 0100', serialNumber: 'SN-1', reproducible: false });
    const opened = machine.outbox.find((effect) => effect.kind === 'event' && effect.type === 'opened');
    expect(opened).toMatchObject({ detail: { fields: { callbackNumber: '+1 312 555 0100', serialNumber: 'SN-1', reproducible: false } } });
  });

  it('none given: an empty object, and the opened event carries no detail', () => {
    const machine = open();
    expect(ticketState(machine, MONDAY_9).fields).toEqual({});
    const opened = machine.outbox.find((effect) => effect.kind === 'event' && effect.type === 'opened');
    expect(opened).not.toHaveProperty('detail');
  });

  it('a ticket carried over from a run that predates them answers with none', () => {
    const older: TicketData = structuredClone(open({ serialNumber: 'SN-1' }).data);
    delete older.fields;
    const carried = new TicketMachine(machineSnapshot(), older, allFeatures);
    expect(ticketState(carried, MONDAY_9).fields).toEqual({});
  });
});
