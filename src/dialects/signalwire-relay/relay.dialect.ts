import { httpStatusOf, type AppError } from '../../errors/catalogue.js';
import type { Dialect, RenderedError } from '../dialect.js';
import { basicCredentials, principalOfAccountKey } from '../shared/credentials.js';
import { RELAY_OPERATIONS } from './relay.operations.js';
import { relayAddressRoutes } from './relay.addresses.routes.js';
import { relayLookupRoutes } from './relay.lookup.routes.js';
import { relayNumberGroupRoutes } from './relay.number-groups.routes.js';
import { relayRoutes } from './relay.routes.js';

const PLAIN: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  502: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * SignalWire's space API answers most errors with {error: "<reason phrase>"}, and a request
 * it understood but refused (a bad body or path id, a refused change) with 422 and errors[].
 */
function render(error: AppError): RenderedError {
  const status = httpStatusOf(error.code);
  // An address in use is not deleted: the document answers a refused delete with a plain 400.
  if (error.code === 'address_in_use') return { status: 400, body: { error: 'Bad Request' } };
  const refused = status === 409 || status === 422 || (status === 400 && error.details.parameter === undefined);
  if (refused || (status === 400 && error.details.parameter === 'id')) {
    const code = error.code === 'validation_failed' ? 'invalid_parameter' : error.code;
    return { status: 422, body: { errors: [{ detail: error.detail, status: '422', title: error.title, code }] } };
  }
  return { status, body: { error: PLAIN[status] ?? 'Internal Server Error' } };
}

export const signalwireRelayDialect: Dialect = {
  name: 'signalwire-relay',
  operations: RELAY_OPERATIONS,
  prefixes: ['/api/relay/rest'],

  /** Basic auth: the project id (the organization id) and an API token of that project. */
  async authenticate(request, services) {
    const credentials = basicCredentials(request);
    return principalOfAccountKey(services, credentials?.username, credentials?.password, 'Authenticate with HTTP Basic: the project id and an API token.');
  },

  async register(app, services) {
    await relayRoutes(app, services);
    await relayNumberGroupRoutes(app, services);
    await relayLookupRoutes(app, services);
    await relayAddressRoutes(app, services);
  },
  renderError: render,
};
