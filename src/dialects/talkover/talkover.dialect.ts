import { httpStatusOf, type AppError } from '../../errors/catalogue.js';
import type { Dialect, RenderedError } from '../dialect.js';
import { bearerToken, principalOfKey } from '../shared/credentials.js';
import { TALKOVER_OPERATIONS } from './talkover.operations.js';
import { talkoverRoutes } from './talkover.routes.js';

/** The field a validation error is about, as Talkover's errors object keys it. */
function fieldOf(error: AppError): string {
  const where = error.details.parameter ?? error.details.pointer?.replace(/^\//, '').replace(/\//g, '.');
  return where || 'request';
}

/** Talkover: 401 INVALID_TOKEN, 422 VALIDATION_ERROR with errors{field: [messages]}, 503 SERVICE_UNAVAILABLE, 500 SERVER_ERROR. */
function render(error: AppError): RenderedError {
  const status = httpStatusOf(error.code);
  if (status === 400 || status === 422) {
    const field = fieldOf(error);
    const message = /must be one of/.test(error.detail) ? `The selected ${field} is invalid.` : error.detail;
    return {
      status: 422,
      body: { success: false, message: 'The given data was invalid.', code: 'VALIDATION_ERROR', errors: { [field]: [message] } },
    };
  }
  if (status === 401) return { status, body: { success: false, message: 'Unauthorized', code: 'INVALID_TOKEN' } };
  if (status === 403) return { status, body: { success: false, message: error.detail, code: 'FORBIDDEN' } };
  if (status === 404) return { status, body: { success: false, message: error.detail, code: 'NOT_FOUND' } };
  if (status === 409) return { status, body: { success: false, message: error.detail, code: 'CONFLICT' } };
  if (status === 413) return { status, body: { success: false, message: error.detail, code: 'PAYLOAD_TOO_LARGE' } };
  if (status === 415) return { status, body: { success: false, message: error.detail, code: 'UNSUPPORTED_MEDIA_TYPE' } };
  // Passing unavailability (database, overload, carrier) stays a 503, so clients retry it.
  if (status === 503) return { status, body: { success: false, message: error.detail, code: 'SERVICE_UNAVAILABLE' } };
  return { status: 500, body: { success: false, message: 'Internal server error.', code: 'SERVER_ERROR' } };
}

export const talkoverDialect: Dialect = {
  name: 'talkover',
  operations: TALKOVER_OPERATIONS,
  prefixes: ['/api/v1'],
  authenticate: (request, services) =>
    principalOfKey(services, bearerToken(request), 'Send your token as "Authorization: Bearer <token>".'),
  register: talkoverRoutes,
  renderError: render,
};

