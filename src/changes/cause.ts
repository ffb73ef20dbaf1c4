import { AsyncLocalStorage } from 'node:async_hooks';

/** Who made a change: an API key, the operator, or Dialtone itself (a job, a command). */
export type Actor =
  | { type: 'api_key'; id: string; prefix: string }
  | { type: 'operator' }
  | { type: 'system'; name: string }
  | { type: 'anonymous' };

/**
 * Why a change happened, as the event and the audit record tell it: through which surface
 * (`native`, a provider's name, `cli`, `job`), by whom, in which request.
 */
export interface Cause {
  surface: string;
  actor: Actor;
  requestId?: string;
  idempotencyKey?: string;
  clientIp?: string;
  userAgent?: string;
  /** The bulk job the change is one item of: its events name it (actor.job_id). */
  jobId?: string;
}

/** A change made with no cause set: code that calls a service directly (a test, a script). */
const UNATTRIBUTED: Cause = { surface: 'internal', actor: { type: 'system', name: 'internal' } };

const storage = new AsyncLocalStorage<Cause>();

/**
 * Runs work with its cause: every change it makes, however deep in the services, is recorded
 * as made by it. Set once where work enters Dialtone: a route's handler, a job's run, a command.
 */
export function withCause<T>(cause: Cause, work: () => T): T {
  return storage.run(cause, work);
}

/** The cause of the work under way. */
export function currentCause(): Cause {
  return storage.getStore() ?? UNATTRIBUTED;
}
