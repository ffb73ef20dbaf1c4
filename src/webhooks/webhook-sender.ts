import { performance } from 'node:perf_hooks';
import type { WebhookAttemptRow } from '../db/schema.js';
import { EgressFailure, type EgressGuard, type EgressResponse } from '../egress/egress-guard.js';
import { AppError } from '../errors/catalogue.js';
import type { EventResource } from '../events/event-resource.js';
import { signatureHeader } from './webhook-secrets.js';

export type AttemptErrorClass = NonNullable<WebhookAttemptRow['error_class']>;

/** How one attempt went, as webhook_attempts records it. */
export interface AttemptResult {
  outcome: 'succeeded' | 'failed';
  errorClass: AttemptErrorClass | null;
  responseStatus: number | null;
  /** The first RESPONSE_BODY_BYTES of the answer, as text. */
  responseBody: string | null;
  durationMs: number;
  /** The answer's Retry-After, for the retry schedule. */
  retryAfter?: string;
}

/** Of an answer, this much is kept: enough to see an error message, not a stored page. */
export const RESPONSE_BODY_BYTES = 4096;
export const USER_AGENT = 'Dialtone-Webhooks/1';

/** System error codes of a name that did not resolve. */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA']);
/** System error codes of a connection that could not be opened. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * Sends one event to one endpoint, signed as the Standard Webhooks spec says (webhook-id is
 * the event id, so a receiver can drop a repeat), through the egress guard: the guard checks
 * the URL's addresses at every attempt, follows no redirect (a 3xx is a failure) and stops
 * reading the answer at the cap it was given.
 */
export class WebhookSender {
  constructor(
    private readonly egress: EgressGuard,
    private readonly timeoutMs: number,
  ) {}

  async send(url: string, secrets: readonly string[], event: EventResource): Promise<AttemptResult> {
    const body = JSON.stringify(event);
    const started = performance.now();
    const duration = () => Math.round(performance.now() - started);
    try {
      const response = await this.egress.send({ method: 'POST', url, headers: this.headers(secrets, event.id, body), body, timeoutMs: this.timeoutMs });
      return answered(response, duration());
    } catch (error) {
      return { outcome: 'failed', errorClass: classOf(error), responseStatus: null, responseBody: null, durationMs: duration() };
    }
  }

  private headers(secrets: readonly string[], eventId: string, body: string): Record<string, string> {
    const at = new Date();
    return {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': USER_AGENT,
      'webhook-id': eventId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signatureHeader(secrets, eventId, at, body),
    };
  }
}

function answered(response: EgressResponse, durationMs: number): AttemptResult {
  const { status } = response;
  // Postgres text holds no NUL; an answer is kept for a person to read, not byte for byte.
  const responseBody = response.body.subarray(0, RESPONSE_BODY_BYTES).toString('utf8').replace(/\0/g, '');
  const retryAfter = typeof response.headers['retry-after'] === 'string' ? response.headers['retry-after'] : undefined;
  const succeeded = status >= 200 && status < 300;
  return {
    outcome: succeeded ? 'succeeded' : 'failed',
    errorClass: succeeded ? null : statusClass(status),
    responseStatus: status,
    responseBody,
    durationMs,
    ...(retryAfter ? { retryAfter } : {}),
  };
}

function statusClass(status: number): AttemptErrorClass {
  if (status >= 300 && status < 400) return 'http_3xx';
  if (status >= 400 && status < 500) return 'http_4xx';
  if (status >= 500 && status < 600) return 'http_5xx';
  return 'network';
}

function classOf(error: unknown): AttemptErrorClass {
  if (error instanceof AppError && error.code === 'egress_refused') return 'refused_address';
  if (!(error instanceof EgressFailure)) return 'network';
  if (error.kind === 'timeout') return 'timeout';
  if (DNS_CODES.has(error.code)) return 'dns';
  if (CONNECT_CODES.has(error.code)) return 'connect';
  return 'network';
}
