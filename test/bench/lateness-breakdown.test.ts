import { temporal } from '@temporalio/proto';
import { legsFromHistory } from '../../bench/api/lateness-breakdown';

/** A timestamp (or duration) of `ms` milliseconds, in the protobuf object form. */
const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });
/** History events as `fetchHistory` gives them (Long ids and seconds), from plain objects. */
const decoded = (events: object[]) => events.map((event) => temporal.api.history.v1.HistoryEvent.fromObject(event));

describe('lateness legs read from a ticket history (api benchmark)', () => {
  // Opened at 1.0 s with a 5 s deadline (due 6.0 s); the opening task ended at 1.1 s, so the 5 s timer
  // the workflow asked for (counted from the task's start) fires at 6.1 s.
  const dueAt = 6_000;
  const history = [
    { eventId: 1, eventTime: at(1_000), workflowExecutionStartedEventAttributes: {} },
    { eventId: 2, eventTime: at(1_000), workflowTaskScheduledEventAttributes: {} },
    { eventId: 3, eventTime: at(1_000), workflowTaskStartedEventAttributes: { scheduledEventId: 2 } },
    { eventId: 4, eventTime: at(1_100), workflowTaskCompletedEventAttributes: { scheduledEventId: 2, startedEventId: 3 } },
    {
      eventId: 5,
      eventTime: at(1_100),
      activityTaskScheduledEventAttributes: { activityType: { name: 'recordTicketEvent' }, workflowTaskCompletedEventId: 4 },
    },
    {
      eventId: 6,
      eventTime: at(1_100),
      timerStartedEventAttributes: { timerId: '1', startToFireTimeout: at(5_000), workflowTaskCompletedEventId: 4 },
    },
    { eventId: 7, eventTime: at(6_103), timerFiredEventAttributes: { timerId: '1', startedEventId: 6 } },
    { eventId: 8, eventTime: at(6_103), workflowTaskScheduledEventAttributes: {} },
    { eventId: 9, eventTime: at(6_150), workflowTaskStartedEventAttributes: { scheduledEventId: 8 } },
    { eventId: 10, eventTime: at(6_200), workflowTaskCompletedEventAttributes: { scheduledEventId: 8, startedEventId: 9 } },
    {
      eventId: 11,
      eventTime: at(6_200),
      activityTaskScheduledEventAttributes: { activityType: { name: 'notify' }, workflowTaskCompletedEventId: 10 },
    },
    { eventId: 12, eventTime: at(6_200), activityTaskStartedEventAttributes: { scheduledEventId: 11 } },
  ];

  it('splits the time from the deadline to the webhook into legs that add up to it', () => {
    const legs = legsFromHistory(decoded(history), dueAt, 6_260)!;
    expect(legs).toEqual({ aim: 100, fire: 3, taskWait: 47, taskRun: 50, activityWait: 0, delivery: 60, eager: true, inTask: false });
    const total = legs.aim + legs.fire + legs.taskWait + legs.taskRun + legs.activityWait + legs.delivery;
    expect(total).toBe(6_260 - dueAt);
  });

  it('tells an activity a poller picked up later from an eager one', () => {
    const polled = history.map((event) => (event.eventId === 12 ? { ...event, eventTime: at(6_290) } : event));
    expect(legsFromHistory(decoded(polled), dueAt, 6_350)).toMatchObject({ activityWait: 90, delivery: 60, eager: false });
  });

  it('reads a notification sent inside the breach task (a local activity) as part of that task', () => {
    const marker = (activityType: string) => ({
      markerName: 'core_local_activity',
      details: { data: { payloads: [{ data: Buffer.from(JSON.stringify({ seq: 1, attempt: 1, activity_type: activityType })) }] } },
      workflowTaskCompletedEventId: 10,
    });
    const inTask = [
      ...history.slice(0, 10),
      { eventId: 11, eventTime: at(6_200), markerRecordedEventAttributes: marker('recordTicketEvent') },
      { eventId: 12, eventTime: at(6_200), markerRecordedEventAttributes: marker('notify') },
    ];
    const legs = legsFromHistory(decoded(inTask), dueAt, 6_180)!;
    expect(legs).toEqual({ aim: 100, fire: 3, taskWait: 47, taskRun: 30, activityWait: 0, delivery: 0, eager: false, inTask: true });
    const failed = inTask.map((event) =>
      event.eventId === 12 ? { ...event, markerRecordedEventAttributes: { ...marker('notify'), failure: { message: 'refused' } } } : event,
    );
    expect(legsFromHistory(decoded(failed), dueAt, 6_180)).toBeUndefined();
  });

  it('reads a breach written and sent by one local activity (recordClockEffects) as part of its task', () => {
    const marker = (delivered: number) => ({
      markerName: 'core_local_activity',
      details: {
        data: { payloads: [{ data: Buffer.from(JSON.stringify({ seq: 1, attempt: 1, activity_type: 'recordClockEffects' })) }] },
        result: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ recorded: 2, delivered })) }] },
      },
      workflowTaskCompletedEventId: 10,
    });
    const inTask = [...history.slice(0, 10), { eventId: 11, eventTime: at(6_200), markerRecordedEventAttributes: marker(1) }];
    expect(legsFromHistory(decoded(inTask), dueAt, 6_180)).toEqual({
      aim: 100,
      fire: 3,
      taskWait: 47,
      taskRun: 30,
      activityWait: 0,
      delivery: 0,
      eager: false,
      inTask: true,
    });
    // It wrote the events but delivered nothing: the notification went on elsewhere.
    const undelivered = [...history.slice(0, 10), { eventId: 11, eventTime: at(6_200), markerRecordedEventAttributes: marker(0) }];
    expect(legsFromHistory(decoded(undelivered), dueAt, 6_180)).toBeUndefined();
  });

  it('reads nothing from a history without a notification', () => {
    expect(legsFromHistory(decoded(history.slice(0, 10)), dueAt, 6_260)).toBeUndefined();
  });
});
