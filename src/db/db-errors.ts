import { errors, type AppError } from '../errors/catalogue.js';

/**
 * The embedded database's single connection has too many borrowers waiting, or one waited
 * too long: refused at once rather than queued for seconds.
 */
export class DatabaseBusyError extends Error {
  constructor(readonly reason: string) {
    super(`database busy: ${reason}`);
    this.name = 'DatabaseBusyError';
  }
}

/** Socket failures: the server is down, restarting or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** SQLSTATE 57P01-57P03: admin shutdown, crash shutdown, cannot connect now (starting or stopping). */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
/** node-postgres reports a lost or timed-out connection as a plain Error without a code. */
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused)/i;

interface DriverError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function describe(error: DriverError): string | undefined {
  if (error instanceof DatabaseBusyError) return error.reason;
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code && NETWORK_CODES.has(code)) return `connection failed: ${code}`;
  if (code && (code.startsWith('08') || SHUTDOWN_STATES.has(code))) return `connection lost: SQLSTATE ${code}`;
  if (typeof error.message === 'string' && LOST_CONNECTION.test(error.message)) return 'connection lost';
  return undefined;
}

/** Why the database could not be reached, looking through causes and aggregated errors; undefined for any other error. */
export function unreachableReason(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 3) return undefined;
  const driverError = error as DriverError;
  const own = describe(driverError);
  if (own) return own;
  const nested = [driverError.cause, ...(Array.isArray(driverError.errors) ? driverError.errors : [])];
  for (const inner of nested) {
    const reason = unreachableReason(inner, depth + 1);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * The one place driver errors meaning "the database cannot be reached" become the catalogue's
 * database_unavailable (503, retried); undefined for every other error.
 */
export function databaseUnavailableError(error: unknown): AppError | undefined {
  const reason = unreachableReason(error);
  return reason ? errors.databaseUnavailable(reason) : undefined;
}

/** SQLSTATEs of a transaction that lost to a concurrent one: deadlock detected, serialization failure. */
const LOST_RACE_STATES = new Set(['40P01', '40001']);
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

function sqlState(error: unknown): string | undefined {
  const code = (error as DriverError | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether a write broke the named unique constraint (the question repositories translate into catalogue errors). */
export function violatesUnique(error: unknown, constraint: string): boolean {
  return sqlState(error) === UNIQUE_VIOLATION && (error as { constraint?: unknown }).constraint === constraint;
}

/** Whether a write broke the named foreign key: it named a row that does not exist (or is not the organization's). */
export function violatesForeignKey(error: unknown, constraint: string): boolean {
  return sqlState(error) === FOREIGN_KEY_VIOLATION && (error as { constraint?: unknown }).constraint === constraint;
}

/** SQLSTATE a companion write raises inside a change's statement to roll the change back (src/db/unit-of-work.ts). */
const COMPANION_REFUSED = 'DT001';

/** Whether a statement failed because the companion write it carried refused the change. */
export function refusedByCompanion(error: unknown): boolean {
  return sqlState(error) === COMPANION_REFUSED;
}

/** Whether a transaction lost to a concurrent one and may simply run again. */
export function lostRace(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && LOST_RACE_STATES.has(state);
}

/**
 * The catalogue error a driver error means when no repository translated it: an unreachable
 * database (503), or a transaction that lost a race it could not retry (409); undefined for
 * anything else, which is a bug to log.
 */
export function translateDatabaseError(error: unknown): AppError | undefined {
  if (lostRace(error)) return errors.concurrentUpdate('Something this request touched');
  return databaseUnavailableError(error);
}
