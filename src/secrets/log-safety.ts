import type { LoggerOptions } from 'pino';
import { AppError } from '../errors/catalogue.js';

/**
 * What keeps secrets out of the logs. Request headers and bodies are not logged, but anything
 * that logs one (a debugging line, a plugin) has these paths censored; and every logged error
 * goes through one serializer that keeps what identifies a failure and drops what carries data.
 */

/** Body and object fields that hold a secret wherever they appear (up to two levels down). */
const SECRET_FIELDS = ['external_pin', 'credentials', 'api_key', 'api_token', 'auth_token', 'password', 'key'];
const SECRET_HEADERS = ['authorization', 'x-api-key', 'cookie', 'set-cookie'];

const REDACT_PATHS: string[] = [
  ...SECRET_HEADERS.flatMap((header) => [`req.headers["${header}"]`, `headers["${header}"]`, `res.headers["${header}"]`]),
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** An error as logged: no property that may carry a statement's parameters or a row. */
export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  /** A catalogue code, a Node code (ECONNREFUSED), or a database error's SQLSTATE. */
  code?: string;
  sqlState?: string;
  severity?: string;
  constraint?: string;
  table?: string;
  schema?: string;
  column?: string;
  statusCode?: number;
  detail?: string;
  cause?: SafeError | string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const MAX_CAUSES = 3;

/**
 * A database error from either driver (node-postgres's DatabaseError, PGlite's error): a
 * SQLSTATE and a severity. Besides what is kept, these carry detail ("Failing row contains
 * (...)", "Key (number)=(...)"), where ("portal parameter $1 = '...'"), hint and, on PGlite,
 * the statement and its parameters.
 */
function isDatabaseError(error: Record<string, unknown>): boolean {
  return typeof error.code === 'string' && SQLSTATE.test(error.code) && typeof error.severity === 'string';
}

/** A database message quotes a value it could not read at its end (invalid input syntax for type integer: "..."). */
function withoutQuotedValue(message: string): string {
  return message.replace(/:\s*".*"\s*$/s, ': (value not logged)');
}

function stackWith(message: string, stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.indexOf('\n    at ');
  return frames < 0 ? undefined : `${message}${stack.slice(frames)}`;
}

function serialize(error: unknown, depth: number): SafeError | string {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) return typeof error;
  const e = error as Error & Record<string, unknown>;
  const database = isDatabaseError(e);
  const message = database ? withoutQuotedValue(String(e.message)) : String(e.message ?? '');
  // PGlite's error class has a minified name: both drivers' errors are named for what they are.
  const safe: SafeError = { type: database ? 'DatabaseError' : (e.constructor?.name ?? 'Error'), message };
  const stack = stackWith(`${safe.type}: ${message}`, e.stack);
  if (stack) safe.stack = stack;
  if (typeof e.code === 'string') safe.code = e.code;
  if (database) {
    safe.sqlState = e.code as string;
    for (const field of ['severity', 'constraint', 'table', 'schema', 'column'] as const) {
      if (typeof e[field] === 'string') safe[field] = e[field] as string;
    }
  }
  if (typeof e.statusCode === 'number') safe.statusCode = e.statusCode;
  // A catalogue error's detail is Dialtone's own sentence, written for the client.
  if (error instanceof AppError) safe.detail = error.detail;
  if (e.cause !== undefined && depth < MAX_CAUSES) safe.cause = serialize(e.cause, depth + 1);
  return safe;
}

/** The one serializer for logged errors (pino's err), and for errors a CLI prints. */
export function serializeError(error: unknown): SafeError | string {
  return serialize(error, 0);
}

/** One line for a person: the safe message and what identifies the failure, with the stack. */
export function describeError(error: unknown): string {
  const safe = serializeError(error);
  if (typeof safe === 'string') return `a thrown ${safe}`;
  const facts = [safe.sqlState ? `SQLSTATE ${safe.sqlState}` : safe.code, safe.constraint && `constraint ${safe.constraint}`, safe.table && `table ${safe.table}`]
    .filter(Boolean)
    .join(', ');
  return `${safe.stack ?? `${safe.type}: ${safe.message}`}${facts ? `\n(${facts})` : ''}`;
}

/** What every Dialtone logger is made with. */
export const SAFE_LOG_OPTIONS = {
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  serializers: { err: serializeError },
} satisfies LoggerOptions;
