import type { FastifyRequest } from 'fastify';
import { errors } from '../errors/catalogue.js';

/** The request headers Dialtone reads as values of its own, checked once for every surface. */

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function single(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A client's X-Request-Id, when it is one Dialtone can log and echo back as it is. */
export function clientRequestId(request: { headers: Record<string, string | string[] | undefined> }): string | undefined {
  const value = request.headers['x-request-id'];
  return typeof value === 'string' && REQUEST_ID.test(value) ? value : undefined;
}

/** An onRequest hook: a request id or idempotency key Dialtone cannot use is a 400 naming the header. */
export async function checkRequestHeaders(request: FastifyRequest): Promise<void> {
  const requestId = single(request, 'x-request-id');
  if (requestId !== undefined && !REQUEST_ID.test(requestId)) {
    throw errors.validation('X-Request-Id must be 1 to 128 letters, digits or . _ : - characters.', { parameter: 'X-Request-Id' });
  }
  const key = single(request, 'idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw errors.validation('Idempotency-Key must be 1 to 255 visible ASCII characters.', { parameter: 'Idempotency-Key' });
  }
}

/** The Idempotency-Key a request carries (checked by checkRequestHeaders), if any. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  return single(request, 'idempotency-key');
}
