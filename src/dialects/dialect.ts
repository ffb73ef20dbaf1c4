import type { BulkService } from '../bulk/bulk.service.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AddressesService } from '../addresses/addresses.service.js';
import type { ApiKeysService, Principal } from '../auth/api-keys.service.js';
import type { AvailableNumbersService } from '../carriers/available-numbers.service.js';
import type { Scope } from '../auth/scopes.js';
import type { AppError } from '../errors/catalogue.js';
import type { CsvDownloadsService } from '../exports/csv-downloads.service.js';
import type { LookupsService } from '../lookups/lookups.service.js';
import type { NumberGroupsService } from '../number-groups/number-groups.service.js';
import type { NumbersService } from '../numbers/numbers.service.js';
import type { ReservationsService } from '../reservations/reservations.service.js';
import type { OrdersService } from '../orders/orders.service.js';
import type { ReleasesService } from '../releases/releases.service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scopes a dialect route needs; a dialect route without scopes is not served. */
    scopes?: readonly Scope[];
    /**
     * The operation a dialect route serves, by its name in the dialect's closed list
     * (`phone_numbers.list`); its stable name is the dialect's name before it (`telnyx.phone_numbers.list`).
     * A dialect route without one is refused when it is registered.
     */
    dialectOperation?: string;
  }
}

/** What a dialect may call: the same services the native API uses, nothing more. */
export interface DialectServices {
  keys: ApiKeysService;
  numbers: NumbersService;
  addresses: AddressesService;
  releases: ReleasesService;
  availableNumbers: AvailableNumbersService;
  orders: OrdersService;
  reservations: ReservationsService;
  csvDownloads: CsvDownloadsService;
  bulk: BulkService;
  numberGroups: NumberGroupsService;
  lookups: LookupsService;
}

/** An error as a provider would send it. */
export interface RenderedError {
  status: number;
  body: unknown;
}

/**
 * A wire-compatible surface of another provider's API. It parses that provider's requests,
 * calls the shared services and renders the provider's envelopes, ids and errors; it holds no
 * business rule. Each one is mounted under each of its prefixes as an encapsulated plugin.
 */
export interface Dialect {
  /** A short name, for logs and tests. */
  readonly name: string;
  /**
   * The closed list of the operations the dialect serves (`<d>.operations.ts`), by name within
   * the dialect: every route names one, and none is named twice.
   */
  readonly operations: readonly string[];
  /** Where the surface is mounted; every route of the dialect sits under each of these. */
  readonly prefixes: readonly string[];
  /** Resolves the caller from the provider's credentials, or throws errors.unauthenticated(). */
  authenticate(request: FastifyRequest, services: DialectServices): Promise<Principal>;
  /** Registers the routes, relative to the prefix. Each route declares config.scopes and config.dialectOperation. */
  register(app: FastifyInstance, services: DialectServices): Promise<void>;
  /** The provider's status and body for a catalogue error. */
  renderError(error: AppError, request: FastifyRequest): RenderedError;
}
