import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { presetDocument, presetIds } from '../../policies/presets';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import { schedulePreview } from '../../workflows/policy';

/**
 * `npx slaflow schedule` run for real from the project root, as a user would after `npm install`:
 * npm 11 resolves the root package's own bin, bin/slaflow.mjs builds dist/ when it is stale, and
 * the answer must be docs/design.md's schedule preview for the same inputs.
 */

const projectRoot = join(__dirname, '..', '..');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runSlaflow(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['slaflow', ...args], {
      cwd: projectRoot,
      // npm's own warnings about the machine's user configuration are not the command's output.
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function expectedPreview(policy: string, plan: string, priority: string, opened: string) {
  const document = { ...presetDocument(policy), version: 1 };
  const openedAt = Date.parse(opened);
  return schedulePreview(resolvePolicySnapshot(document, { at: openedAt }), plan, priority, openedAt);
}

const idsOf = (items: readonly { id: string }[]) => items.map((item) => item.id).join(', ');

/** Exit 2, nothing on stdout, exactly one line on stderr. */
async function expectMisuse(args: readonly string[]): Promise<string> {
  const run = await runSlaflow(args);
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
  const lines = run.stderr.split('\n');
  expect(lines).toHaveLength(2); // one line and its newline
  expect(lines[1]).toBe('');
  return lines[0]!;
}

describe('npx slaflow schedule', () => {
  beforeAll(async () => {
    // The first run may compile dist/; every later one starts from it.
    await runSlaflow(['--help']);
  }, 300_000);

  it.each([
    ['syneto', 'pro', 'P2', '2026-02-10T08:00:00Z'],
    ['syneto', 'mission-critical', 'P1', '2026-02-14T22:45:00+01:00'],
    ['syncro-soft', 'support-pack', 'critical', '2026-12-24T16:30:00+02:00'],
    ['syncro-soft', 'trial', 'low', '2026-04-10T12:00:00.000Z'],
    ['synchronet-click', 'standard', 'P3', '2026-03-06T16:00:00-06:00'],
    ['alectrona', 'standard', 'urgent', '2026-11-26T17:00:00-05:00'],
    ['tiered-eu', 'gold', 'S1', '2026-10-02T15:30:00+02:00'],
  ])('prints the preview of %s / %s / %s opened %s', async (policy, plan, priority, opened) => {
    const run = await runSlaflow(['schedule', '--policy', policy, '--plan', plan, '--priority', priority, '--opened', opened]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toEqual(expectedPreview(policy, plan, priority, opened));
    expect(printed.clocks.length).toBeGreaterThan(0);
  });

  it("gives docs/design.md's example: Syneto Pro P2 opened 08:00Z is acknowledged by 12:00Z (Rome opens at 09:00 local)", async () => {
    const run = await runSlaflow(['schedule', '--policy=syneto', '--plan=pro', '--priority=P2', '--opened=2026-02-10T08:00:00Z']);
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({ policy: 'syneto', version: 1, plan: 'pro', priority: 'P2', openedAt: '2026-02-10T08:00:00.000Z' });
    expect(printed.clocks[0]).toEqual({
      clock: 'acknowledge',
      target: '4 business hours',
      commitment: 'committed',
      dueAt: '2026-02-10T12:00:00.000Z',
    });
  });

  it('prints its usage with every preset for --help, exit 0', async () => {
    const run = await runSlaflow(['schedule', '--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('usage: slaflow schedule --policy ID --plan PLAN --priority PRIORITY --opened ISO-8601');
    for (const id of presetIds) expect(run.stdout).toContain(id);
  });

  describe('bad or missing arguments: exit 2, one line on stderr naming the argument and what it accepts', () => {
    const valid = ['--policy', 'syneto', '--plan', 'pro', '--priority', 'P2', '--opened', '2026-02-10T08:00:00Z'];
    const without = (option: string) => {
      const i = valid.indexOf(option);
      return [...valid.slice(0, i), ...valid.slice(i + 2)];
    };
    const replacing = (option: string, value: string) => valid.map((arg, i) => (valid[i - 1] === option ? value : arg));
    const syneto = presetDocument('syneto');
    const presets = presetIds.join(', ');
    const format = 'an ISO-8601 date-time with an offset or Z';

    it('no command', async () => {
      expect(await expectMisuse([])).toBe('slaflow: a command is required: one of schedule (slaflow --help)');
    });

    it('unknown command', async () => {
      expect(await expectMisuse(['preview', ...valid])).toBe("slaflow: unknown command 'preview': one of schedule (slaflow --help)");
    });

    it('missing --policy lists the presets', async () => {
      expect(await expectMisuse(['schedule', ...without('--policy')])).toBe(`slaflow: --policy is required: one of ${presets}`);
    });

    it('unknown --policy lists the presets', async () => {
      expect(await expectMisuse(['schedule', ...replacing('--policy', 'zendesk')])).toBe(`slaflow: --policy 'zendesk' is not one of ${presets}`);
    });

    it('missing --plan lists the plans of that policy', async () => {
      expect(await expectMisuse(['schedule', ...without('--plan')])).toBe(`slaflow: --plan is required: one of ${idsOf(syneto.plans)}`);
    });

    it('unknown --plan lists the plans of that policy', async () => {
      expect(await expectMisuse(['schedule', ...replacing('--plan', 'gold')])).toBe(`slaflow: --plan 'gold' is not one of ${idsOf(syneto.plans)}`);
    });

    it('--plan given without its value', async () => {
      expect(await expectMisuse(['schedule', '--policy', 'tiered-eu', '--plan', '--priority', 'S1', '--opened', '2026-02-10T08:00:00Z'])).toBe(
        `slaflow: --plan is required: one of ${idsOf(presetDocument('tiered-eu').plans)}`,
      );
    });

    it('missing --priority lists the priorities of that policy', async () => {
      expect(await expectMisuse(['schedule', ...without('--priority')])).toBe(`slaflow: --priority is required: one of ${idsOf(syneto.priorities)}`);
    });

    it('unknown --priority lists the priorities of that policy', async () => {
      expect(await expectMisuse(['schedule', ...replacing('--priority', 'P5')])).toBe(
        `slaflow: --priority 'P5' is not one of ${idsOf(syneto.priorities)}`,
      );
    });

    it('missing --opened says the format', async () => {
      expect(await expectMisuse(['schedule', ...without('--opened')])).toContain(`slaflow: --opened is required: ${format}`);
    });

    it.each([['2026-02-10 08:00'], ['2026-02-10T08:00:00'], ['2026-02-30T08:00:00Z'], ['yesterday']])(
      "--opened '%s' is refused with the format",
      async (opened) => {
        expect(await expectMisuse(['schedule', ...replacing('--opened', opened)])).toContain(`slaflow: --opened '${opened}' is not ${format}`);
      },
    );

    it.each([['0018-10-09T04:06:01Z'], ['9999-12-31T23:59:59Z']])("--opened '%s' is refused as outside the years it can preview", async (opened) => {
      expect(await expectMisuse(['schedule', ...replacing('--opened', opened)])).toContain(
        `slaflow: --opened '${opened}' is outside the years 1970 to 8999`,
      );
    });

    it('unknown option names it and the options', async () => {
      expect(await expectMisuse(['schedule', ...valid, '--colour', 'red'])).toBe(
        "slaflow: unknown option '--colour': schedule takes --policy, --plan, --priority, --opened, --help",
      );
    });

    it('an option given twice', async () => {
      expect(await expectMisuse(['schedule', ...valid, '--plan', 'basic'])).toBe('slaflow: --plan is given more than once: give it once');
    });

    it('a stray argument', async () => {
      expect(await expectMisuse(['schedule', 'syneto', ...valid])).toBe(
        "slaflow: unexpected argument 'syneto': schedule takes --policy, --plan, --priority, --opened, --help",
      );
    });
  });
});
