import { join } from 'node:path';
import { cacheDir } from '../../infra/paths';
import { ensureSchemathesis, schemathesisVersion } from '../../infra/python/schemathesis';
import { startE2eApp, startMailCatcher, type Caller, type E2eApp, type MailCatcher } from '../helpers/e2e-app';
import { contractChecks, failureLines, failuresSection, onlyInterpreterAstBug, runSchemathesis } from './run-schemathesis';

/**
 * The OpenAPI document is the API's contract: schemathesis generates requests from it (examples,
 * boundary values, random and invalid data, and chains of operations along its links) and checks
 * that no answer is a server error and that every answer's status, content type and body are the
 * documented ones. Once per role (agent, ops, and a customer of the organisation the generated
 * tickets name): each reaches routes the others are refused.
 */

/** Per role, the time schemathesis spends: it repeats fuzzing and stateful chains until it is spent. */
const maxTimeSeconds = 45;
const configFile = join(__dirname, 'schemathesis.toml');

describe(`the OpenAPI contract, checked by schemathesis ${schemathesisVersion}`, () => {
  let app: E2eApp;
  let mail: MailCatcher;
  let schemathesis: string;

  beforeAll(async () => {
    // Made once into .cache/schemathesis-venv (from PyPI); a machine that cannot reach PyPI fails here, saying so.
    schemathesis = ensureSchemathesis();
    // Escalations and the like send email: a relay that takes it keeps failed deliveries out of the log.
    mail = await startMailCatcher();
    app = await startE2eApp({ smtpUrl: mail.url });
  }, 10 * 60_000);

  afterAll(async () => {
    await app?.close();
    await mail?.down();
  });

  const callers: Array<[string, Exclude<Caller, 'none' | { key: string }>]> = [
    ['agent', 'agent'],
    ['ops', 'ops'],
    // The organisation test/contract/schemathesis.toml gives most generated tickets.
    ['customer', { customer: 'acme' }],
  ];

  it.each(callers)(
    'with a key of role %s: no server error, and every answer documented (status, content type, body, headers)',
    async (role, caller) => {
      const operationCount = Object.values((await app.http('GET', '/openapi.json', { as: 'none' })).body.paths as Record<string, object>)
        .map((item) => Object.keys(item).length)
        .reduce((sum, count) => sum + count, 0);
      const options = { baseUrl: app.baseUrl, key: await app.keyFor(caller), reportDir: join(cacheDir, 'schemathesis-report', role), maxTimeSeconds };
      let run = await runSchemathesis(schemathesis, configFile, options);
      if (onlyInterpreterAstBug(run.report, run.output)) {
        console.warn(`schemathesis (${role}): the interpreter's ast bug stopped an operation; running once more`);
        run = await runSchemathesis(schemathesis, configFile, options);
      }
      const { report } = run;

      // No failure of any check: each line names the check's failure and the operations; the
      // section below it has every failing case with a curl line (and `seed` replays the run).
      expect({ failures: failureLines(report), checks: contractChecks, seed: report.seed, cases: failuresSection(run.output) }).toEqual({
        failures: [],
        checks: contractChecks,
        seed: report.seed,
        cases: '',
      });

      // And it ran to its end, over every operation, through every phase (the stateful one too).
      expect({ stopReason: report.stop_reason, operations: report.operations }).toEqual({
        stopReason: expect.stringMatching(/^(completed|max_time)$/),
        operations: { total: operationCount, selected: operationCount, tested: operationCount, errored: 0, skipped: 0, skip_reasons: [] },
      });
      expect(Object.fromEntries(Object.entries(report.phases).map(([phase, { status }]) => [phase, status]))).toEqual({
        examples: 'success',
        coverage: 'success',
        fuzzing: 'success',
        stateful: 'success',
      });
      expect(report.test_cases.generated).toBeGreaterThan(operationCount);
      expect(run.exitCode).toBe(0);
    },
    // Room for the one repeat a run the interpreter broke gets.
    (2 * maxTimeSeconds + 240) * 1000,
  );
});
