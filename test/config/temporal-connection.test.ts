import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainConnectFailure, temporalConfig, temporalConnectionOptions } from '../../infra/config/temporal-connection';

/**
 * The one builder of Temporal connection options: Temporal's standard variable names, a client
 * config profile, the project's older names, and errors that name the variable to fix.
 */
describe('temporalConfig', () => {
  let dir: string;
  // No user's ~/.config/temporalio/temporal.toml leaks into these cases.
  let base: Record<string, string>;
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'slaflow-temporal-config-'));
    base = { XDG_CONFIG_HOME: dir, HOME: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to the local dev server without TLS', () => {
    expect(temporalConfig(base)).toEqual({ address: '127.0.0.1:7233', namespace: 'default' });
    expect(temporalConnectionOptions(temporalConfig(base))).toEqual({ address: '127.0.0.1:7233' });
  });

  it("reads Temporal's standard TLS variables", () => {
    const config = temporalConfig({
      ...base,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'support',
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CERT'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'KEY'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.internal',
    });
    expect(config.address).toBe('temporal.internal:7233');
    expect(config.namespace).toBe('support');
    expect(config.tls).toEqual({
      serverNameOverride: 'frontend.internal',
      serverRootCACertificate: Buffer.from('CA'),
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
    });
    expect(config.clientCertFrom).toBe('TEMPORAL_TLS_CLIENT_CERT_PATH / TEMPORAL_TLS_CLIENT_KEY_PATH');
    expect(temporalConnectionOptions(config, { connectTimeout: 1_000 })).toEqual({
      address: 'temporal.internal:7233',
      tls: config.tls,
      connectTimeout: 1_000,
    });
  });

  it("maps the project's own names onto the standard ones", () => {
    const config = temporalConfig({
      ...base,
      TEMPORAL_TLS_CERT: file('client.pem', 'CERT'),
      TEMPORAL_TLS_KEY: file('client.key', 'KEY'),
      TEMPORAL_TLS_CA: file('ca.pem', 'CA'),
    });
    expect(config.tls?.clientCertPair).toEqual({ crt: Buffer.from('CERT'), key: Buffer.from('KEY') });
    expect(config.tls?.serverRootCACertificate).toEqual(Buffer.from('CA'));
    expect(config.clientCertFrom).toBe('TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY');
  });

  it('refuses a project name and its standard twin naming different files', () => {
    expect(() =>
      temporalConfig({
        ...base,
        TEMPORAL_TLS_CERT: file('a.pem', 'A'),
        TEMPORAL_TLS_CLIENT_CERT_PATH: file('b.pem', 'B'),
        TEMPORAL_TLS_KEY: file('k', 'K'),
      }),
    ).toThrow('configuration: TEMPORAL_TLS_CERT and TEMPORAL_TLS_CLIENT_CERT_PATH name different files; set one of them');
  });

  it('names the missing half of a certificate pair, and an unreadable file', () => {
    expect(() => temporalConfig({ ...base, TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CERT') })).toThrow(
      'configuration: TEMPORAL_TLS_CLIENT_KEY_PATH must be set together with its pair',
    );
    expect(() => temporalConfig({ ...base, TEMPORAL_TLS_KEY: file('client.key', 'KEY') })).toThrow(
      'configuration: TEMPORAL_TLS_CERT must be set together with its pair',
    );
    expect(() => temporalConfig({ ...base, TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'missing.pem') })).toThrow(
      'configuration: TEMPORAL_TLS_SERVER_CA_CERT_PATH names a file that cannot be read (ENOENT)',
    );
    expect(() => temporalConfig({ ...base, TEMPORAL_TLS_CA: join(dir, 'missing.pem') })).toThrow(
      'configuration: TEMPORAL_TLS_CA names a file that cannot be read (ENOENT)',
    );
  });

  it('takes TLS from an API key, from TEMPORAL_TLS alone, and lets TEMPORAL_TLS=false turn it off', () => {
    const cloud = temporalConfig({ ...base, TEMPORAL_API_KEY: 'secret-key', TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233' });
    expect(cloud.apiKey).toBe('secret-key');
    expect(cloud.tls).toEqual({ serverNameOverride: undefined, serverRootCACertificate: undefined, clientCertPair: undefined });
    expect(temporalConnectionOptions(cloud)).toMatchObject({ apiKey: 'secret-key', tls: cloud.tls });
    expect(temporalConfig({ ...base, TEMPORAL_TLS: 'true' }).tls).toBeDefined();
    expect(temporalConfig({ ...base, TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_NAME: 'x' }).tls).toBeUndefined();
    expect(() => temporalConfig({ ...base, TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toThrow('configuration: TEMPORAL_TLS is false');
  });

  it('reads a client config profile, which the environment overrides', () => {
    const configFile = file(
      'temporal.toml',
      [
        '[profile.prod]',
        'address = "prod.internal:7233"',
        'namespace = "tickets"',
        '[profile.prod.tls]',
        `client_cert_path = "${file('prod.pem', 'PROD-CERT')}"`,
        `client_key_path = "${file('prod.key', 'PROD-KEY')}"`,
        '[profile.prod.grpc_meta]',
        'x-tenant = "desk"',
      ].join('\n'),
    );
    const prod = temporalConfig({ ...base, TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'prod' });
    expect(prod).toMatchObject({
      address: 'prod.internal:7233',
      namespace: 'tickets',
      metadata: { 'x-tenant': 'desk' },
      clientCertFrom: 'profile prod',
    });
    expect(prod.tls?.clientCertPair).toEqual({ crt: Buffer.from('PROD-CERT'), key: Buffer.from('PROD-KEY') });
    expect(temporalConfig({ ...base, TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'prod', TEMPORAL_ADDRESS: 'other:7233' }).address).toBe(
      'other:7233',
    );
    expect(() => temporalConfig({ ...base, TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'staging' })).toThrow(
      "configuration: TEMPORAL_CONFIG_FILE is invalid: Profile 'staging' not found in config data",
    );
  });

  it('validates the address and namespace', () => {
    expect(() => temporalConfig({ ...base, TEMPORAL_ADDRESS: 'http://x:7233' })).toThrow('configuration: TEMPORAL_ADDRESS must be host:port');
    expect(() => temporalConfig({ ...base, TEMPORAL_NAMESPACE: 'a b' })).toThrow('configuration: TEMPORAL_NAMESPACE is not a valid namespace name');
  });
});

describe('explainConnectFailure', () => {
  const tlsConfig = {
    address: '127.0.0.1:7233',
    namespace: 'default',
    tls: { clientCertPair: { crt: Buffer.from('C'), key: Buffer.from('K') } },
    clientCertFrom: 'TEMPORAL_TLS_CLIENT_CERT_PATH / TEMPORAL_TLS_CLIENT_KEY_PATH',
  };

  it('names the certificate variables when the handshake is refused', () => {
    const error = explainConnectFailure(new Error('14 UNAVAILABLE: tls handshake failure: alert bad certificate'), tlsConfig);
    expect(error.message).toBe(
      'Temporal at 127.0.0.1:7233 refused the TLS connection (14 UNAVAILABLE: tls handshake failure: alert bad certificate); ' +
        'check TEMPORAL_TLS_CLIENT_CERT_PATH / TEMPORAL_TLS_CLIENT_KEY_PATH',
    );
  });

  it('leaves other failures, and connections without TLS, as they are', () => {
    const refused = new Error('14 UNAVAILABLE: connect ECONNREFUSED');
    expect(explainConnectFailure(refused, tlsConfig)).toBe(refused);
    const plain = new Error('handshake failure');
    expect(explainConnectFailure(plain, { address: 'x:1', namespace: 'default' })).toBe(plain);
  });
});
