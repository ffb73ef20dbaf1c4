import { httpStatusOf, type AppError } from '../../errors/catalogue.js';
import type { Dialect } from '../dialect.js';
import { principalOfAccountKey } from '../shared/credentials.js';
import { BUTTER_OPERATIONS } from './butter.operations.js';
import { butterRoutes } from './butter.routes.js';

const CODES: Record<number, string> = {
  400: 'validation_error',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_error',
  500: 'internal_error',
  502: 'provider_error',
  503: 'service_unavailable',
};

function render(error: AppError) {
  const status = httpStatusOf(error.code);
  const field = error.details.parameter ?? error.details.pointer?.replace(/^\//, '').replace(/\//g, '.');
  return {
    status,
    body: { success: false, error: { code: CODES[status] ?? 'internal_error', message: error.detail, ...(field ? { field } : {}) } },
  };
}

const header = (value: string | string[] | undefined) => (typeof value === 'string' ? value.trim() : undefined);

export const butterDialect: Dialect = {
  name: 'butter',
  operations: BUTTER_OPERATIONS,
  prefixes: ['/api'],

  /** X-API-Key with X-Organization-Id: the key must belong to that organization. */
  async authenticate(request, services) {
    const key = header(request.headers['x-api-key']);
    const organization = header(request.headers['x-organization-id']);
    return principalOfAccountKey(services, organization, key, 'Send an API key as X-API-Key and its organization as X-Organization-Id.');
  },

  register: butterRoutes,
  renderError: render,
};
