import { errors, type AppError } from '../errors/catalogue.js';
import type { CarrierName } from './carrier.js';

/** How a carrier call is made: bounded in time, retried only when repeating it is harmless. */
export interface CallOptions {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Safe to send again (reads, deletes): retried on timeouts, network errors and 5xx. */
  idempotent: boolean;
  timeoutMs: number;
  retries?: number;
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}

/** The carrier's own words for an error, from the shapes the three carriers use. */
export function carrierMessage(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return 'no details';
  const record = body as Record<string, unknown>;
  const list = Array.isArray(record.errors) ? (record.errors as Array<Record<string, unknown>>) : [];
  const first = list[0];
  if (first) return String(first.detail ?? first.title ?? first.message ?? first.code ?? 'error');
  return String(record.message ?? record.error ?? record.detail ?? 'no details');
}

async function attempt(carrier: CarrierName, options: CallOptions): Promise<CarrierResponse> {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
    const detail = timedOut ? `no answer within ${options.timeoutMs} ms` : `network error (${(error as Error).message})`;
    throw new CarrierCallError(errors.carrierUnavailable(carrier, detail), true, null);
  }
  const body = await readBody(response);
  if (response.status >= 500) {
    const detail = `it answered ${response.status} (${carrierMessage(body)})`;
    throw new CarrierCallError(errors.carrierUnavailable(carrier, detail), true, response.status);
  }
  if (response.status >= 400) {
    const detail = `${response.status} ${carrierMessage(body)}`;
    throw new CarrierCallError(errors.carrierRejected(carrier, detail, response.status), false, response.status);
  }
  return { status: response.status, body };
}

/**
 * Calls a carrier's API. Timeouts, network errors and 5xx become carrier_unavailable,
 * 4xx carrier_rejected; idempotent calls are retried a few times before giving up.
 */
export async function callCarrier(carrier: CarrierName, options: CallOptions): Promise<CarrierResponse> {
  const retries = options.idempotent ? (options.retries ?? 2) : 0;
  for (let tryNumber = 0; ; tryNumber++) {
    try {
      return await attempt(carrier, options);
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
  call: { method: CallOptions['method']; baseUrl: string; path: string; authorization: string; body?: unknown; timeoutMs: number },
): Promise<CarrierResponse> {
  return callCarrier(carrier, {
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
  });
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** base + path, whether or not base ends in a slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
