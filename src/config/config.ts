import { Type, type Static } from 'typebox';
// The schema checker alone: typebox/value, which adds conversions and repairs to it, takes
// longer to load, and the config is read at every start.
import { Check, Errors } from 'typebox/schema';

/**
 * Every setting Dialtone reads from its environment. The environment is read once, here,
 * validated and frozen; everything else receives the resulting Config.
 */
const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
  /** Read replicas of that server for the read-only hot paths; empty: every read goes to it. */
  databaseReadUrls: Type.Array(Type.String({ pattern: '^postgres(ql)?://' }), { maxItems: 16 }),
  databasePoolSize: Type.Integer({ minimum: 1, maximum: 200 }),
  dataDir: Type.String({ minLength: 1 }),
  adminToken: Type.Union([Type.String({ minLength: 16 }), Type.Null()]),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** json: one JSON object a line (for a log pipeline); pretty: coloured lines for a terminal. */
  logFormat: Type.Enum(['json', 'pretty']),
  /** Where GET /metrics is also served, without authentication (null: only on the API's address, to the operator). */
  metricsListen: Type.Union([Type.Object({ host: Type.String({ minLength: 1 }), port: Type.Integer({ minimum: 0, maximum: 65535 }) }), Type.Null()]),
  demo: Type.Boolean(),
  /** 32 bytes, as 64 hex characters or base64: encrypts carrier credentials at rest. No default. */
  secretKey: Type.Union([Type.String({ pattern: '^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$' }), Type.Null()]),
  /** How long a query waits to connect to a Postgres server before answering 503. */
  databaseConnectTimeoutMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
  /** Embedded database: the longest a query waits for the one connection, and how many may wait. */
  databaseQueueWaitMs: Type.Integer({ minimum: 1, maximum: 60_000 }),
  databaseQueueLimit: Type.Integer({ minimum: 1, maximum: 100_000 }),
  /** Requests are shed with 503 past this mean event-loop delay; 0 turns the check off. */
  maxEventLoopDelayMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
  /** Requests are shed with 503 past this much V8 heap (null: 90% of V8's limit; 0: off). */
  maxHeapMb: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  /** Requests are shed with 503 past this resident set size; 0 turns the check off. */
  maxRssMb: Type.Integer({ minimum: 0 }),
  /** SIGTERM waits this long for requests in flight and housekeeping, then closes anyway. */
  shutdownGraceMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
  /** host or host:port outbound calls may reach over plain http and at non-public addresses. Default none. */
  egressAllow: Type.Array(Type.String({ pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$', maxLength: 300 }), { maxItems: 100 }),
  /** Events older than this many days are deleted (with their webhook deliveries). */
  eventRetentionDays: Type.Integer({ minimum: 1, maximum: 36_500 }),
  /** Audit records older than this many days are deleted. */
  auditRetentionDays: Type.Integer({ minimum: 1, maximum: 36_500 }),
  /**
   * Seconds to wait before each attempt of a webhook delivery: the first is the first attempt's
   * (0, at once), each next one follows a failure. After the last attempt fails, the delivery has failed.
   */
  webhookRetrySchedule: Type.Array(Type.Number({ minimum: 0, maximum: 604_800 }), { minItems: 1, maxItems: 30 }),
  /** A webhook attempt gets no more than this for its whole exchange. */
  webhookTimeoutMs: Type.Integer({ minimum: 100, maximum: 120_000 }),
  /** An endpoint whose every delivery has failed for this long is disabled. */
  webhookDisableAfterSeconds: Type.Number({ minimum: 0, maximum: 365 * 86_400 }),
  /** A bulk job's items a process claimed are its own this long; after, another process takes them (the first died). */
  bulkClaimSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
});

export type Config = Readonly<Static<typeof ConfigSchema>>;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** A comma-separated list; blanks between commas are dropped. */
function readList(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A comma-separated list of seconds (decimals allowed). */
function readSecondsList(env: Env, name: string, fallback: number[]): number[] {
  const items = readList(env, name);
  if (!items.length) return fallback;
  return items.map((item) => {
    if (!/^\d+(\.\d+)?$/.test(item)) throw new ConfigError(`${name} must be a comma-separated list of seconds, got "${item}"`);
    return Number(item);
  });
}

/** host:port, an IPv6 host in brackets ([::1]:9464); the host as a server listens on it. */
function readListenAddress(env: Env, name: string): { host: string; port: number } | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(raw);
  if (!match) throw new ConfigError(`${name} must be host:port (an IPv6 host in brackets), got "${raw}"`);
  return { host: (match[1] ?? match[2])!, port: Number(match[3]) };
}

function readInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

/** Builds the configuration from an environment (process.env in production, a literal in tests). */
export function loadConfig(env: Env, overrides: Partial<Config> = {}): Config {
  const candidate = {
    port: readInteger(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    databaseReadUrls: readList(env, 'DATABASE_READ_URL'),
    databasePoolSize: readInteger(env, 'DATABASE_POOL_SIZE', 20),
    dataDir: env.DIALTONE_DATA_DIR || './data',
    adminToken: env.DIALTONE_ADMIN_TOKEN || null,
    logLevel: (env.LOG_LEVEL || 'info') as Config['logLevel'],
    logFormat: (env.LOG_FORMAT || 'json') as Config['logFormat'],
    metricsListen: readListenAddress(env, 'METRICS_LISTEN'),
    demo: readBoolean(env, 'DIALTONE_DEMO', true),
    secretKey: env.DIALTONE_SECRET_KEY || null,
    databaseConnectTimeoutMs: readInteger(env, 'DATABASE_CONNECT_TIMEOUT_MS', 3000),
    databaseQueueWaitMs: readInteger(env, 'DATABASE_QUEUE_WAIT_MS', 2000),
    databaseQueueLimit: readInteger(env, 'DATABASE_QUEUE_LIMIT', 200),
    maxEventLoopDelayMs: readInteger(env, 'DIALTONE_MAX_EVENT_LOOP_DELAY_MS', 1000),
    maxHeapMb: env.DIALTONE_MAX_HEAP_MB ? readInteger(env, 'DIALTONE_MAX_HEAP_MB', 0) : null,
    maxRssMb: readInteger(env, 'DIALTONE_MAX_RSS_MB', 0),
    shutdownGraceMs: readInteger(env, 'DIALTONE_SHUTDOWN_GRACE_MS', 10_000),
    egressAllow: readList(env, 'DIALTONE_EGRESS_ALLOW'),
    eventRetentionDays: readInteger(env, 'DIALTONE_EVENT_RETENTION_DAYS', 90),
    auditRetentionDays: readInteger(env, 'DIALTONE_AUDIT_RETENTION_DAYS', 400),
    // At once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about a day and a half in all.
    webhookRetrySchedule: readSecondsList(env, 'DIALTONE_WEBHOOK_RETRY_SCHEDULE', [0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000]),
    webhookTimeoutMs: readInteger(env, 'DIALTONE_WEBHOOK_TIMEOUT_MS', 15_000),
    webhookDisableAfterSeconds: readInteger(env, 'DIALTONE_WEBHOOK_DISABLE_AFTER_SECONDS', 5 * 86_400),
    bulkClaimSeconds: readInteger(env, 'DIALTONE_BULK_CLAIM_SECONDS', 60),
    ...overrides,
  };
  if (!Check(ConfigSchema, candidate)) {
    const [, [first]] = Errors(ConfigSchema, candidate);
    const setting = first ? settingName(first.instancePath) : 'configuration';
    throw new ConfigError(`invalid ${setting}: ${first?.message ?? 'unknown problem'}`);
  }
  if (candidate.databaseReadUrls.length && !candidate.databaseUrl) {
    throw new ConfigError('DATABASE_READ_URL names read replicas of a PostgreSQL server: set DATABASE_URL to its primary');
  }
  Object.freeze(candidate.databaseReadUrls);
  Object.freeze(candidate.egressAllow);
  if (candidate.metricsListen) Object.freeze(candidate.metricsListen);
  Object.freeze(candidate.webhookRetrySchedule);
  return Object.freeze(candidate);
}

const settingNames: Record<string, string> = {
  '/port': 'PORT',
  '/host': 'HOST',
  '/databaseUrl': 'DATABASE_URL (must start with postgres://)',
  '/databaseReadUrls': 'DATABASE_READ_URL (comma-separated postgres:// URLs, at most 16)',
  '/databasePoolSize': 'DATABASE_POOL_SIZE',
  '/dataDir': 'DIALTONE_DATA_DIR',
  '/adminToken': 'DIALTONE_ADMIN_TOKEN (at least 16 characters)',
  '/logLevel': 'LOG_LEVEL',
  '/logFormat': 'LOG_FORMAT (json or pretty)',
  '/metricsListen': 'METRICS_LISTEN (host:port, port 0 to 65535)',
  '/secretKey': 'DIALTONE_SECRET_KEY (32 bytes: 64 hex characters or base64)',
  '/databaseConnectTimeoutMs': 'DATABASE_CONNECT_TIMEOUT_MS',
  '/databaseQueueWaitMs': 'DATABASE_QUEUE_WAIT_MS',
  '/databaseQueueLimit': 'DATABASE_QUEUE_LIMIT',
  '/maxEventLoopDelayMs': 'DIALTONE_MAX_EVENT_LOOP_DELAY_MS',
  '/maxHeapMb': 'DIALTONE_MAX_HEAP_MB',
  '/maxRssMb': 'DIALTONE_MAX_RSS_MB',
  '/shutdownGraceMs': 'DIALTONE_SHUTDOWN_GRACE_MS',
  '/egressAllow': 'DIALTONE_EGRESS_ALLOW (comma-separated host or host:port entries)',
  '/eventRetentionDays': 'DIALTONE_EVENT_RETENTION_DAYS (days, 1 to 36500)',
  '/auditRetentionDays': 'DIALTONE_AUDIT_RETENTION_DAYS (days, 1 to 36500)',
  '/webhookRetrySchedule': 'DIALTONE_WEBHOOK_RETRY_SCHEDULE (1 to 30 comma-separated delays in seconds, each at most 604800)',
  '/webhookTimeoutMs': 'DIALTONE_WEBHOOK_TIMEOUT_MS (100 to 120000)',
  '/webhookDisableAfterSeconds': 'DIALTONE_WEBHOOK_DISABLE_AFTER_SECONDS',
  '/bulkClaimSeconds': 'DIALTONE_BULK_CLAIM_SECONDS (1 to 3600)',
};

/** The setting a schema path is about; /egressAllow/2 is about /egressAllow. */
function settingName(path: string): string {
  return settingNames[path] ?? settingNames[path.replace(/^(\/[^/]+)\/.*$/, '$1')] ?? path;
}
