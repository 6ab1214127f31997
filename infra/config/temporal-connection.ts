import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { loadClientConfigProfile, type ClientConfigProfile, type ConfigDataSource } from '@temporalio/envconfig';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { ConfigError } from './environment';

/**
 * The one place that decides how a process reaches Temporal: the worker, the API, `npm run setup`,
 * `npm start`'s readiness probe and the cluster's own probes all build their connection from
 * `temporalConfig()` and `temporalConnectionOptions()`. Reading is Temporal's own environment
 * configuration (`@temporalio/envconfig`): its standard variables (`TEMPORAL_ADDRESS`,
 * `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS`, `TEMPORAL_TLS_CLIENT_CERT_PATH`, …) and
 * a client config profile (`TEMPORAL_CONFIG_FILE`, `TEMPORAL_PROFILE`, or the default
 * `~/.config/temporalio/temporal.toml`), with the project's older names mapped onto them.
 */
export interface TemporalConfig {
  /** host:port of the Temporal frontend. */
  address: string;
  namespace: string;
  tls?: TLSConfig;
  /** Temporal Cloud API key; implies TLS. */
  apiKey?: string;
  /** gRPC headers from a profile or `TEMPORAL_GRPC_META_*`. */
  metadata?: Record<string, string>;
  /** Where the client certificate came from (variable names or the profile), for a refused handshake's message. */
  clientCertFrom?: string;
}

type Env = Record<string, string | undefined>;

/** The project's own names (kept for existing deployments) and the standard name each stands for. */
export const projectTlsNames: Readonly<Record<string, string>> = {
  TEMPORAL_TLS_CERT: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  TEMPORAL_TLS_CA: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
};

const fileVariables = ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'];

/** The environment in standard names only; a project name and its standard twin must agree. */
function standardEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') out[name] = value;
  for (const [project, standard] of Object.entries(projectTlsNames)) {
    const value = out[project];
    if (value === undefined) continue;
    if (out[standard] !== undefined && out[standard] !== value) {
      throw new ConfigError(project, `and ${standard} name different files; set one of them`);
    }
    out[standard] = value;
    delete out[project];
  }
  return out;
}

/** Which variable set a standard name, for messages: the project's name when that is what the user wrote. */
function nameAsWritten(env: Env, standard: string): string {
  const project = Object.keys(projectTlsNames).find((name) => projectTlsNames[name] === standard && env[name]);
  return project ?? standard;
}

function readable(env: Env, std: Record<string, string>, variable: string): void {
  const path = std[variable];
  if (path === undefined) return;
  try {
    readFileSync(path);
  } catch (error) {
    throw new ConfigError(nameAsWritten(env, variable), `names a file that cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
}

function loadData(source: ConfigDataSource | undefined, what: string): Buffer | undefined {
  if (!source) return undefined;
  if ('data' in source) return Buffer.from(source.data);
  try {
    return readFileSync(source.path);
  } catch (error) {
    throw new ConfigError(what, `names a file that cannot be read: ${source.path} (${(error as NodeJS.ErrnoException).code})`);
  }
}

export function temporalConfig(env: Env = process.env): TemporalConfig {
  const std = standardEnv(env);
  for (const variable of fileVariables) readable(env, std, variable);
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: std });
  } catch (error) {
    throw new ConfigError(
      std.TEMPORAL_CONFIG_FILE ? 'TEMPORAL_CONFIG_FILE' : 'the Temporal client config profile',
      `is invalid: ${(error as Error).message}`,
    );
  }

  const address = profile.address ?? '127.0.0.1:7233';
  if (!/^[^\s:/]+:\d{1,5}$/.test(address) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(address)) {
    throw new ConfigError('TEMPORAL_ADDRESS', `must be host:port, got "${address}"`);
  }
  const namespace = profile.namespace ?? 'default';
  if (!/^[A-Za-z0-9._-]{2,}$/.test(namespace)) {
    throw new ConfigError('TEMPORAL_NAMESPACE', `is not a valid namespace name: "${namespace}"`);
  }

  const fromProfile = std.TEMPORAL_PROFILE ? `profile ${std.TEMPORAL_PROFILE}` : 'the client config profile';
  const certFrom = std.TEMPORAL_TLS_CLIENT_CERT_PATH || std.TEMPORAL_TLS_CLIENT_CERT_DATA ? 'env' : fromProfile;
  const crt = loadData(profile.tls?.clientCert, certFrom === 'env' ? nameAsWritten(env, 'TEMPORAL_TLS_CLIENT_CERT_PATH') : fromProfile);
  const key = loadData(profile.tls?.clientKey, fromProfile);
  if (Boolean(crt) !== Boolean(key)) {
    // Named in the family the user wrote the other half in.
    const project = Boolean(env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_KEY);
    const missing = crt
      ? project
        ? 'TEMPORAL_TLS_KEY'
        : 'TEMPORAL_TLS_CLIENT_KEY_PATH'
      : project
        ? 'TEMPORAL_TLS_CERT'
        : 'TEMPORAL_TLS_CLIENT_CERT_PATH';
    throw new ConfigError(missing, 'must be set together with its pair (client certificate and key)');
  }
  const serverRootCACertificate = loadData(profile.tls?.serverCACert, fromProfile);
  const apiKey = profile.apiKey || undefined;
  const tlsDisabled = profile.tls?.disabled === true;
  if (tlsDisabled && (crt || serverRootCACertificate || apiKey)) {
    throw new ConfigError('TEMPORAL_TLS', 'is false while a client certificate, server CA or API key asks for TLS');
  }
  // TLS when asked for explicitly, or implied by anything TLS-only (a certificate, a CA, a server name, an API key).
  const wantsTls = !tlsDisabled && (profile.tls !== undefined || apiKey !== undefined);
  const certNames = [nameAsWritten(env, 'TEMPORAL_TLS_CLIENT_CERT_PATH'), nameAsWritten(env, 'TEMPORAL_TLS_CLIENT_KEY_PATH')].join(' / ');
  return {
    address,
    namespace,
    apiKey,
    metadata: profile.grpcMeta && Object.keys(profile.grpcMeta).length ? profile.grpcMeta : undefined,
    tls: wantsTls
      ? {
          serverNameOverride: profile.tls?.serverName || undefined,
          serverRootCACertificate,
          clientCertPair: crt && key ? { crt, key } : undefined,
        }
      : undefined,
    clientCertFrom: crt ? (certFrom === 'env' ? certNames : fromProfile) : undefined,
  };
}

/**
 * Options for `Connection.connect`/`lazy` (client) and `NativeConnection.connect` (worker): the
 * same fields for both.
 */
export function temporalConnectionOptions(
  config: TemporalConfig,
  extra: { connectTimeout?: number } = {},
): { address: string; tls?: TLSConfig; apiKey?: string; metadata?: Record<string, string>; connectTimeout?: number } {
  return {
    address: config.address,
    ...(config.tls ? { tls: config.tls } : {}),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.metadata ? { metadata: config.metadata } : {}),
    ...(extra.connectTimeout !== undefined ? { connectTimeout: extra.connectTimeout } : {}),
  };
}

const handshakeRefused = /certificate|handshake|tls|ssl|alert|unknown ca|bad certificate|transport error/i;

/**
 * What a TLS handshake with the frontend says, asked with node:tls and the same files: the
 * Node client (grpc-js) reports a refused client certificate only as "Failed to connect before
 * the deadline", so a connection that failed is asked again this way. Resolves with the TLS error
 * message, or undefined when the handshake holds.
 */
const bytes = (data: Uint8Array | undefined): Buffer | undefined => (data ? Buffer.from(data) : undefined);

export async function tlsHandshakeProblem(config: TemporalConfig, timeoutMs = 3_000): Promise<string | undefined> {
  if (!config.tls) return undefined;
  const separator = config.address.lastIndexOf(':');
  const host = config.address.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(config.address.slice(separator + 1));
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      servername: config.tls?.serverNameOverride ?? (/^[\d.:]+$/.test(host) ? undefined : host),
      ca: bytes(config.tls?.serverRootCACertificate),
      cert: bytes(config.tls?.clientCertPair?.crt),
      key: bytes(config.tls?.clientCertPair?.key),
      ALPNProtocols: ['h2'],
    });
    const done = (problem: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    // TLS 1.3 servers refuse a client certificate after the client considers the handshake done: wait a moment for the alert.
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once('error', (error) => done(error.message));
    socket.once('secureConnect', () => socket.once('data', () => done(undefined)));
  });
}

/** `explainConnectFailure`, with the handshake asked again (see tlsHandshakeProblem): gRPC's errors rarely say why TLS failed. */
export async function diagnoseConnectFailure(error: unknown, config: TemporalConfig): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  if (config.tls) {
    const problem = await tlsHandshakeProblem(config).catch(() => undefined);
    if (problem) return explainConnectFailure(new Error(`${message}: TLS handshake: ${problem}`), config);
  }
  return explainConnectFailure(error, config);
}

/**
 * A failed connection, said in the user's terms: a TLS refusal names the variables that chose the
 * certificate (a wrong client certificate, a CA that does not sign the server's) instead of leaving
 * the reader with a gRPC transport error.
 */
export function explainConnectFailure(error: unknown, config: TemporalConfig): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (!config.tls || !handshakeRefused.test(message)) return error instanceof Error ? error : new Error(message);
  const suspects = [config.clientCertFrom, config.tls.serverRootCACertificate ? 'TEMPORAL_TLS_SERVER_CA_CERT_PATH' : undefined].filter(Boolean);
  return new Error(
    `Temporal at ${config.address} refused the TLS connection (${message.split('\n')[0]}); ` +
      (suspects.length
        ? `check ${suspects.join(' and ')}`
        : 'check TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH and TEMPORAL_TLS_SERVER_CA_CERT_PATH'),
  );
}
