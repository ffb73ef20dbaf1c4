import { AppError, errors } from '../errors/catalogue.js';
import { EgressFailure, type EgressGuard, type EgressResponse } from '../egress/egress-guard.js';
import type { CarrierName } from './carrier.js';

/** What a carrier call is for: a label of its metrics, never its URL (which may hold a number). */
export type CarrierOperation = 'search' | 'order' | 'order_status' | 'find_owned' | 'release';

/** How one attempt ended: answered, refused by the carrier (3xx, 4xx), no useful answer (5xx, timeout, network), refused by the egress guard. */
export type CarrierCallOutcome = 'ok' | 'rejected' | 'unavailable' | 'refused';

/** Told of every attempt of a carrier call (src/telemetry/metrics.ts counts them). */
export interface CarrierCallObserver {
  carrierCall(carrier: CarrierName, operation: CarrierOperation, outcome: CarrierCallOutcome, seconds: number): void;
}

/** How a carrier call is made: bounded in time, retried only when repeating it is harmless. */
export interface CallOptions {
  operation: CarrierOperation;
  /** Told of each attempt; none in tests that do not count. */
  observer?: CarrierCallObserver;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Safe to send again (reads, deletes): retried on timeouts, network errors and 5xx. */
  idempotent: boolean;
  timeoutMs: number;
  retries?: number;
  /** The way out: every carrier call goes through the egress guard. */
  egress: EgressGuard;
  /** The carrier's API hosts (its adapter's apiHosts): the URL must be on one, unless allow-listed. */
  hosts: readonly string[];
}

export interface CarrierResponse {
  status: number;
  body: unknown;
}

/** A carrier call that failed: rejected (the carrier said no) or unavailable (no useful answer). */
export class CarrierCallError extends Error {
  constructor(
    readonly appError: AppError,
    /** The carrier may have acted on the request: a timeout or 5xx after it was sent. */
    readonly ambiguous: boolean,
    readonly status: number | null,
  ) {
    super(appError.detail);
  }
}

const RETRY_DELAY_MS = 200;
/** How much of a carrier's own words reach the tenant: enough to say what went wrong, no more. */
const SUMMARY_MAX_CHARS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The answer as JSON; anything else (an HTML error page, a cut-off body) is no answer at all. */
function parseBody(response: EgressResponse): unknown {
  if (response.truncated || !response.body.length) return null;
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first usable text among the error fields the three carriers use. */
function errorText(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const first = Array.isArray(body.errors) && isRecord(body.errors[0]) ? body.errors[0] : null;
  const fields = first ? [first.detail, first.title, first.message, first.code] : [body.message, body.error, body.detail];
  const text = fields.find((field) => (typeof field === 'string' && field.trim() !== '') || typeof field === 'number');
  return text === undefined ? null : String(text);
}

/**
 * A carrier's own words for an error, as the tenant may see them: from the known error fields
 * only, printable ASCII, at most SUMMARY_MAX_CHARS. A carrier (or whatever base_url points at)
 * cannot pass a page of its own through Dialtone's error detail.
 */
export function carrierMessage(body: unknown): string {
  const text = errorText(body)
    ?.replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return 'no details';
  return text.length > SUMMARY_MAX_CHARS ? `${text.slice(0, SUMMARY_MAX_CHARS - 3)}...` : text;
}

function outcomeOf(error: unknown): CarrierCallOutcome {
  if (!(error instanceof CarrierCallError)) return 'unavailable';
  if (error.appError.code === 'carrier_rejected') return 'rejected';
  return error.appError.code === 'carrier_unavailable' ? 'unavailable' : 'refused';
}

/** One attempt, timed and told to the observer with its outcome. */
async function observedAttempt(carrier: CarrierName, options: CallOptions): Promise<CarrierResponse> {
  const started = performance.now();
  let outcome: CarrierCallOutcome = 'ok';
  try {
    return await attempt(carrier, options);
  } catch (error) {
    outcome = outcomeOf(error);
    throw error;
  } finally {
    options.observer?.carrierCall(carrier, options.operation, outcome, (performance.now() - started) / 1000);
  }
}

async function attempt(carrier: CarrierName, options: CallOptions): Promise<CarrierResponse> {
  let response: EgressResponse;
  try {
    const { method, url, headers, body, timeoutMs, hosts } = options;
    response = await options.egress.send({ method, url, headers, body, timeoutMs, hosts });
  } catch (error) {
    // Refused by the guard: nothing was sent, and sending again would be refused again.
    if (error instanceof AppError) throw new CarrierCallError(error, false, null);
    if (!(error instanceof EgressFailure)) throw error;
    const detail = error.kind === 'timeout' ? `no answer within ${options.timeoutMs} ms` : `network error (${error.code})`;
    throw new CarrierCallError(errors.carrierUnavailable(carrier, detail), true, null);
  }
  return judge(carrier, response);
}

/** The carrier's answer as a result or a CarrierCallError, by its status. */
function judge(carrier: CarrierName, response: EgressResponse): CarrierResponse {
  const { status } = response;
  const body = parseBody(response);
  if (status >= 500) {
    const detail = `it answered ${status} (${carrierMessage(body)})`;
    throw new CarrierCallError(errors.carrierUnavailable(carrier, detail), true, status);
  }
  if (status >= 400) {
    throw new CarrierCallError(errors.carrierRejected(carrier, `${status} ${carrierMessage(body)}`, status), false, status);
  }
  if (status >= 300) {
    // Redirects are not followed: where they point was never checked, and is not a carrier's API.
    throw new CarrierCallError(errors.carrierRejected(carrier, `${status} (a redirect, not followed)`, status), false, status);
  }
  if (response.truncated) {
    // A success too long to read: the carrier acted, but what it said is lost.
    throw new CarrierCallError(errors.carrierUnavailable(carrier, 'its answer was too long to read'), true, status);
  }
  return { status, body };
}

/**
 * Calls a carrier's API through the egress guard. Timeouts, network errors and 5xx become
 * carrier_unavailable, 3xx and 4xx carrier_rejected, a refused destination egress_refused;
 * idempotent calls are retried a few times before giving up.
 */
export async function callCarrier(carrier: CarrierName, options: CallOptions): Promise<CarrierResponse> {
  const retries = options.idempotent ? (options.retries ?? 2) : 0;
  for (let tryNumber = 0; ; tryNumber++) {
    try {
      return await observedAttempt(carrier, options);
    } catch (error) {
      const retryable = error instanceof CarrierCallError && error.ambiguous;
      if (!retryable || tryNumber >= retries) throw error;
      await sleep(RETRY_DELAY_MS * (tryNumber + 1));
    }
  }
}

/**
 * A JSON call as the JSON carriers (Telnyx, SignalWire) take it: the body as JSON, the
 * answer asked for as JSON, and POSTs (which buy) never repeated.
 */
export function callCarrierJson(
  carrier: CarrierName,
  call: Pick<CallOptions, 'operation' | 'observer' | 'method' | 'timeoutMs' | 'egress' | 'hosts'> & {
    baseUrl: string;
    path: string;
    authorization: string;
    body?: unknown;
  },
): Promise<CarrierResponse> {
  return callCarrier(carrier, {
    operation: call.operation,
    observer: call.observer,
    method: call.method,
    url: joinUrl(call.baseUrl, call.path),
    headers: {
      authorization: call.authorization,
      accept: 'application/json',
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
    idempotent: call.method !== 'POST',
    timeoutMs: call.timeoutMs,
    egress: call.egress,
    hosts: call.hosts,
  });
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** base + path, whether or not base ends in a slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
