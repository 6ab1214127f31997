import { newClock, refreshDue, startClock } from './clock';
import { clockKind } from './clock-kinds';
import type { TicketMachine } from './ticket.machine';

/**
 * Re-targets every clock from its original start with the new priority's target, keeping paused
 * time out. A deadline that is already past becomes one breach now, not one per missed interval.
 * Clocks the new priority's cell lacks stop; clocks it adds count as their kind says.
 */
export function retarget(machine: TicketMachine, priority: string, at: number): void {
  const data = machine.data;
  const cells = machine.cellTargets(priority);
  for (const clock of data.clocks) {
    const cell = cells.get(clock.clock);
    cells.delete(clock.clock);
    if (!cell) {
      if (clock.status === 'running' || clock.status === 'paused' || clock.status === 'pending') {
        clock.status = 'stopped';
        clock.stoppedAt = at;
        clock.dueAt = null;
      }
      continue;
    }
    clock.target = cell.target;
    clock.calendarId = cell.calendarId;
    if (clock.status === 'stopped' && clock.startedAt === null) clock.status = 'pending';
    if (clock.status !== 'running' && clock.status !== 'paused') continue;
    const wasPaused = clock.status === 'paused';
    refreshDue(clock, machine.calendar(clock), data.pauses, at);
    clock.warned = [];
    if (wasPaused) {
      clock.dueAt = null;
    } else if (clock.dueAt !== null && clock.dueAt <= at) {
      const missed = clock.dueAt;
      machine.breach(clock, missed, at);
      // A recurring clock restarts now, not at the long-past deadline: one breach, not a storm.
      if (clockKind(clock.clock).recurs) startClock(clock, machine.calendar(clock), at);
    }
  }
  for (const [name, cell] of cells) {
    const kind = clockKind(name);
    const clock = newClock(name, cell.target, cell.calendarId, kind.pausesAwaitingCustomer);
    data.clocks.push(clock);
    const counts = kind.whenAdded(data);
    if (counts === 'from-opening') {
      startClock(clock, machine.calendar(clock), data.openedAt);
      if (data.status === 'awaiting-customer' && clock.pausable) {
        clock.status = 'paused';
        clock.dueAt = null;
      } else {
        refreshDue(clock, machine.calendar(clock), data.pauses, at);
        if (clock.dueAt !== null && clock.dueAt <= at) machine.breach(clock, clock.dueAt, at);
      }
    } else if (counts === 'now') {
      startClock(clock, machine.calendar(clock), at);
    }
  }
}
