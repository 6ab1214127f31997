import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

// Workers in tests log warnings and errors only; state changes of every worker would drown the
// output. The Rust core logs errors only: it warns on every worker that the Java test server does
// not advertise a capability this project does not use (heartbeat details on failure).
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
});
