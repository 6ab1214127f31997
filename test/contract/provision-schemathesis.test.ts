import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Without PyPI, provisioning schemathesis fails saying so, and leaves nothing half-made that a
 * later run would take for an installed one. PyPI is out of reach here by pointing pip at a
 * loopback port nothing listens on.
 */
describe('provisioning schemathesis without PyPI', () => {
  const cache = mkdtempSync(join(tmpdir(), 'slaflow-st-cache-'));
  const saved = { ...process.env };

  afterAll(() => {
    process.env = saved;
    rmSync(cache, { recursive: true, force: true });
  });

  it('throws a message that names PyPI and the way out, and keeps no environment', () => {
    process.env.SLAFLOW_CACHE_DIR = cache;
    process.env.PIP_INDEX_URL = 'http://127.0.0.1:9/simple';
    delete process.env.SCHEMATHESIS_PATH;
    let ensure: (() => string) | undefined;
    // The cache folder is read when the module loads: load it afresh under this environment.
    jest.isolateModules(() => {
      ensure = (jest.requireActual('../../infra/python/schemathesis') as { ensureSchemathesis: () => string }).ensureSchemathesis;
    });
    expect(ensure).toThrow(/could not install schemathesis 4\.32\.5 from PyPI \(is PyPI reachable from this machine\?\)[\s\S]*set SCHEMATHESIS_PATH/);
    expect(existsSync(join(cache, 'schemathesis-venv')) ? readdirSync(join(cache, 'schemathesis-venv')) : []).toEqual([]);
  }, 180_000);
});
