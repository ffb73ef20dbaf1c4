import type { FastifyRequest } from 'fastify';
import type { Dialect } from '../dialect.js';
import { bearerToken, principalOfKey } from '../shared/credentials.js';
import { telnyxError } from './telnyx.errors.js';
import { TELNYX_OPERATIONS } from './telnyx.operations.js';
import { telnyxRoutes } from './telnyx.routes.js';

export const telnyxDialect: Dialect = {
  name: 'telnyx',
  operations: TELNYX_OPERATIONS,
  prefixes: ['/v2'],

  authenticate: (request: FastifyRequest, services) =>
    principalOfKey(services, bearerToken(request), 'Send your API key as "Authorization: Bearer <key>".'),

  register: telnyxRoutes,

  renderError(error) {
    const { status, entry } = telnyxError(error.code, error.detail, error.details);
    return { status, body: { errors: [entry] } };
  },
};
