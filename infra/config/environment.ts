import { readFileSync } from 'node:fs';

/**
 * The typed configuration shared by the worker and the API, read once from the environment and
 * validated at start, so a typo fails the process with the variable's name instead of surfacing
 * later as a connection error. Secrets (keys, passwords) are never echoed.
 */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`configuration: ${variable} ${problem}`);
  }
}

export interface TemporalConfig {
  /** host:port of the Temporal frontend. */
  address: string;
  namespace: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  /** Temporal Cloud API key; implies TLS. */
  apiKey?: string;
}

type Env = Record<string, string | undefined>;

function readFileVariable(env: Env, variable: string): Buffer | undefined {
  const path = env[variable];
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(variable, `names a file that cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
}

export function temporalConfig(env: Env = process.env): TemporalConfig {
  const address = env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  if (!/^[^\s:/]+:\d{1,5}$/.test(address) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(address)) {
    throw new ConfigError('TEMPORAL_ADDRESS', `must be host:port, got "${address}"`);
  }
  const namespace = env.TEMPORAL_NAMESPACE ?? 'default';
  if (!/^[A-Za-z0-9._-]{2,}$/.test(namespace)) {
    throw new ConfigError('TEMPORAL_NAMESPACE', `is not a valid namespace name: "${namespace}"`);
  }
  const crt = readFileVariable(env, 'TEMPORAL_TLS_CERT');
  const key = readFileVariable(env, 'TEMPORAL_TLS_KEY');
  if (Boolean(crt) !== Boolean(key)) {
    throw new ConfigError(crt ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT', 'must be set together with its pair');
  }
  const serverRootCACertificate = readFileVariable(env, 'TEMPORAL_TLS_CA');
  const serverNameOverride = env.TEMPORAL_TLS_SERVER_NAME || undefined;
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  const wantsTls = env.TEMPORAL_TLS === 'true' || crt || serverRootCACertificate || serverNameOverride || apiKey;
  return {
    address,
    namespace,
    apiKey,
    tls: wantsTls
      ? {
          serverNameOverride,
          serverRootCACertificate,
          clientCertPair: crt && key ? { crt, key } : undefined,
        }
      : undefined,
  };
}

export function databaseUrl(env: Env = process.env): string {
  const url = env.DATABASE_URL;
  if (!url) throw new ConfigError('DATABASE_URL', 'is required (npm start and npm test set it for the embedded PostgreSQL)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a URL (postgres://user:password@host:port/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use postgres://, got ${parsed.protocol}//`);
  }
  return url;
}

/** The URL with its password masked, for log lines. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export function apiPort(env: Env = process.env): number {
  const raw = env.PORT ?? '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', `must be a port number, got "${raw}"`);
  return port;
}
