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

type Env = Record<string, string | undefined>;

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
