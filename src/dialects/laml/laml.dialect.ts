import type { FastifyRequest } from 'fastify';
import { httpStatusOf, type AppError } from '../../errors/catalogue.js';
import type { Dialect, DialectServices, RenderedError } from '../dialect.js';
import { basicCredentials, principalOfAccountKey } from '../shared/credentials.js';
import type { LamlFlavor } from './laml.mapping.js';
import { LAML_OPERATIONS } from './laml.operations.js';
import { lamlRoutes } from './laml.routes.js';

/** Twilio's error codes by HTTP status (the SignalWire LaML API uses the same shape). */
const BY_STATUS: Record<number, number> = {
  400: 20001,
  401: 20003,
  403: 20403,
  404: 20404,
  409: 21422,
  413: 20001,
  415: 20001,
  422: 20001,
  500: 20500,
  502: 20500,
  503: 20503,
};

const MORE_INFO = {
  twilio: 'https://www.twilio.com/docs/errors/',
  signalwire: 'https://developer.signalwire.com/compatibility-api/rest/overview/error-codes',
};

const UNAUTHENTICATED = 'Authenticate with HTTP Basic: the account sid (or project id) and an API key.';

/** Basic auth: the username names the account, the password is one of its API keys. */
async function authenticate(request: FastifyRequest, services: DialectServices) {
  const credentials = basicCredentials(request);
  return principalOfAccountKey(services, credentials?.username, credentials?.password, UNAUTHENTICATED);
}

function render(error: AppError, flavor: LamlFlavor, request: FastifyRequest): RenderedError {
  const status = httpStatusOf(error.code);
  if (status === 409 && request.routeOptions?.url?.includes('/ImportedPhoneNumbers')) {
    // SignalWire's import refuses with 422 and a string code of its own.
    const body = { code: error.code, message: error.detail, more_info: MORE_INFO.signalwire, status: 422 };
    return { status: 422, body };
  }
  // 21422 is Twilio's "number not available": an address still in use is a plain refusal.
  const code = error.code === 'invalid_phone_number' ? 21421 : error.code === 'address_in_use' ? 20001 : (BY_STATUS[status] ?? 20500);
  const moreInfo = flavor === 'twilio' ? `${MORE_INFO.twilio}${code}` : MORE_INFO.signalwire;
  const where = error.details.parameter ?? error.details.pointer?.replace(/^\//, '');
  const message = where && !error.detail.includes(where) ? `${error.detail} (${where})` : error.detail;
  return { status, body: { code, message, more_info: moreInfo, status } };
}

/** A request addressed by project id comes from a SignalWire client, even on Twilio's paths. */
function twilioPathFlavor(request: FastifyRequest): LamlFlavor {
  const account = (request.params as { AccountSid?: string } | undefined)?.AccountSid;
  return account && !account.toUpperCase().startsWith('AC') ? 'signalwire' : 'twilio';
}

export const twilioDialect: Dialect = {
  name: 'twilio',
  operations: LAML_OPERATIONS,
  prefixes: ['/2010-04-01'],
  authenticate,
  register: lamlRoutes(twilioPathFlavor),
  renderError: (error, request) => render(error, twilioPathFlavor(request), request),
};

export const signalwireLamlDialect: Dialect = {
  name: 'signalwire-laml',
  operations: LAML_OPERATIONS,
  prefixes: ['/api/laml/2010-04-01'],
  authenticate,
  register: lamlRoutes(() => 'signalwire'),
  renderError: (error, request) => render(error, 'signalwire', request),
};
