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

/** Minimum length of `SLAFLOW_BOOTSTRAP_KEY`: it is an ops key, so no short guessable ones. */
export const minimumBootstrapKeyLength = 24;

/** `SLAFLOW_BOOTSTRAP_KEY`: an ops key that exists from the first start (never logged). */
export function bootstrapKey(env: Env = process.env): string | null {
  const key = env.SLAFLOW_BOOTSTRAP_KEY;
  if (!key) return null;
  if (key.length < minimumBootstrapKeyLength || /\s/.test(key)) {
    throw new ConfigError('SLAFLOW_BOOTSTRAP_KEY', `must be at least ${minimumBootstrapKeyLength} characters without spaces`);
  }
  return key;
}

export interface NotificationConfig {
  /** smtp:// or smtps:// URL of the mail relay; without it email notifications fail (and park), never vanish. */
  smtpUrl?: string;
  /** The From of every notification email: an address, optionally with a display name. */
  mailFrom: string;
  /** HMAC-SHA256 key for webhook signatures; a webhook delivery fails without it. */
  webhookSecret?: string;
  /** How long one delivery (an SMTP exchange, a webhook request) may take before it counts as failed. */
  deliveryTimeoutMs: number;
}

const mailAddress = /^[^\s<>@]+@[^\s<>@]+$/;
// A shorter key is guessable enough to forge signatures; 16 characters is the floor, 32 random bytes the advice.
const minimumWebhookSecretLength = 16;

export function notificationConfig(env: Env = process.env): NotificationConfig {
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl) {
    let parsed: URL;
    try {
      parsed = new URL(smtpUrl);
    } catch {
      throw new ConfigError('SMTP_URL', 'is not a URL (smtp://host:port or smtps://user:password@host:port)');
    }
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
      throw new ConfigError('SMTP_URL', `must use smtp:// or smtps://, got ${parsed.protocol}//`);
    }
    if (!parsed.hostname) throw new ConfigError('SMTP_URL', 'names no host');
  }

  const mailFrom = env.SLAFLOW_MAIL_FROM || 'slaflow <slaflow@localhost>';
  const fromAddress = /<([^<>]*)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  if (!mailAddress.test(fromAddress)) {
    throw new ConfigError('SLAFLOW_MAIL_FROM', `must be an address or "Name <address>", got "${mailFrom}"`);
  }

  const webhookSecret = env.SLAFLOW_WEBHOOK_SECRET || undefined;
  if (webhookSecret !== undefined && webhookSecret.length < minimumWebhookSecretLength) {
    throw new ConfigError('SLAFLOW_WEBHOOK_SECRET', `must be at least ${minimumWebhookSecretLength} characters long`);
  }

  const rawTimeout = env.SLAFLOW_DELIVERY_TIMEOUT_MS ?? '10000';
  const deliveryTimeoutMs = Number(rawTimeout);
  if (!Number.isInteger(deliveryTimeoutMs) || deliveryTimeoutMs < 100 || deliveryTimeoutMs > 300_000) {
    throw new ConfigError('SLAFLOW_DELIVERY_TIMEOUT_MS', `must be whole milliseconds between 100 and 300000, got "${rawTimeout}"`);
  }

  return { smtpUrl, mailFrom, webhookSecret, deliveryTimeoutMs };
}
