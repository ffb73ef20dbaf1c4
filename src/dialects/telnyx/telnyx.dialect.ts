import type { FastifyRequest } from 'fastify';
import { httpStatusOf, type AppError } from '../../errors/catalogue.js';
import type { Dialect } from '../dialect.js';
import { bearerToken, principalOfKey } from '../shared/credentials.js';
import { TELNYX_OPERATIONS } from './telnyx.operations.js';
import { telnyxRoutes } from './telnyx.routes.js';

/** Telnyx's error code and title for each HTTP status Dialtone answers with. */
const BY_STATUS: Record<number, { code: string; title: string }> = {
  400: { code: '10015', title: 'Bad Request' },
  401: { code: '10009', title: 'Authentication failed' },
  403: { code: '10010', title: 'Authorization failed' },
  404: { code: '10005', title: 'Resource not found' },
  413: { code: '10015', title: 'Request entity too large' },
  415: { code: '10015', title: 'Unsupported media type' },
  422: { code: '10015', title: 'Unprocessable entity' },
  500: { code: '10007', title: 'Unexpected error' },
  502: { code: '10007', title: 'Upstream carrier error' },
  503: { code: '10011', title: 'Service unavailable' },
};

/** Telnyx answers a bad body (or a refused change) with 422, a bad query with 400. */
function statusOf(error: AppError): number {
  const status = httpStatusOf(error.code);
  if (status === 409 || (status === 400 && error.details.pointer !== undefined)) return 422;
  return status;
}

export const telnyxDialect: Dialect = {
  name: 'telnyx',
  operations: TELNYX_OPERATIONS,
  prefixes: ['/v2'],

  authenticate: (request: FastifyRequest, services) =>
    principalOfKey(services, bearerToken(request), 'Send your API key as "Authorization: Bearer <key>".'),

  register: telnyxRoutes,

  renderError(error) {
    const status = statusOf(error);
    const { code, title } = BY_STATUS[status] ?? BY_STATUS[500]!;
    const { parameter, pointer } = error.details;
    const source = pointer !== undefined ? { pointer } : parameter !== undefined ? { parameter } : undefined;
    return {
      status,
      body: {
        errors: [
          {
            code,
            title,
            detail: error.detail,
            ...(source ? { source } : {}),
            meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}` },
          },
        ],
      },
    };
  },
};
