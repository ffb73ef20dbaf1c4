import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { ADDRESSES_OPERATIONS } from './addresses/addresses.operations.js';
import { AddressesRepo } from './addresses/addresses.repo.js';
import { AddressesService } from './addresses/addresses.service.js';
import { ApiKeysPlatformRepo } from './auth/api-keys.platform.repo.js';
import { AUDIT_OPERATIONS } from './audit/audit.operations.js';
import { recordRefusals } from './audit/audit.hooks.js';
import { AuditRepo } from './audit/audit.repo.js';
import { AuditService } from './audit/audit.service.js';
import { ConsoleFiles } from './console/console-files.js';
import { consoleRoutes, isConsolePage, sendConsolePage } from './console/console.routes.js';
import { CsvDownloadsRepo } from './exports/csv-downloads.repo.js';
import { CsvDownloadsService } from './exports/csv-downloads.service.js';
import { ApiKeysRepo } from './auth/api-keys.repo.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { AvailableNumbersService } from './carriers/available-numbers.service.js';
import { CarrierAccountsRepo } from './carriers/carrier-accounts.repo.js';
import { CarrierAccountsService } from './carriers/carrier-accounts.service.js';
import { CARRIERS_OPERATIONS } from './carriers/carriers.operations.js';
import { createCarrierRegistry } from './carriers/registry.js';
import { SandboxRepo } from './carriers/sandbox/sandbox.repo.js';
import { SAFE_LOG_OPTIONS } from './secrets/log-safety.js';
import { SecretBox } from './secrets/secret-box.js';
import type { Config } from './config/config.js';
import { CursorKeysRepo } from './cursors/cursor-keys.repo.js';
import { CursorSigner } from './cursors/cursor-signer.js';
import { BillingRepo } from './billing/billing.repo.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import type { Database } from './db/schema.js';
import { unitOfWork } from './db/unit-of-work.js';
import type { Journal } from './changes/journal.js';
import { migrate } from './db/migrate.js';
import { registerDialects } from './dialects/registry.js';
import { EgressGuard } from './egress/egress-guard.js';
import { eventWebhooks } from './events/event-type-schemas.js';
import { EVENTS_OPERATIONS } from './events/events.operations.js';
import { EventsRepo } from './events/events.repo.js';
import { EventsService } from './events/events.service.js';
import { HistoryRetentionRepo } from './events/history-retention.repo.js';
import { HistoryRetentionService } from './events/history-retention.service.js';
import { registerOperations, type Operation } from './http/operation.js';
import { registerOverloadShedding } from './http/overload.js';
import { probesRoutes } from './http/probes.routes.js';
import { createHttpServer } from './http/server.js';
import { LOOKUPS_OPERATIONS } from './lookups/lookups.operations.js';
import { LookupsService } from './lookups/lookups.service.js';
import { NUMBER_GROUPS_OPERATIONS } from './number-groups/number-groups.operations.js';
import { NumberGroupsRepo } from './number-groups/number-groups.repo.js';
import { NumberGroupsService, releasedNumbersLeaveGroups } from './number-groups/number-groups.service.js';
import { NumbersPlatformRepo } from './numbers/numbers.platform.repo.js';
import { NumbersRepo } from './numbers/numbers.repo.js';
import { NUMBERS_OPERATIONS } from './numbers/numbers.operations.js';
import { NumbersService } from './numbers/numbers.service.js';
import { OrgsRepo } from './orgs/orgs.repo.js';
import { ORGS_OPERATIONS } from './orgs/orgs.operations.js';
import { OrgsService } from './orgs/orgs.service.js';
import { OrdersPlatformRepo } from './orders/orders.platform.repo.js';
import { OrdersRepo } from './orders/orders.repo.js';
import { ORDERS_OPERATIONS } from './orders/orders.operations.js';
import { OrdersService } from './orders/orders.service.js';
import { NumberHoldsRepo } from './reservations/number-holds.repo.js';
import { ReservationsRepo } from './reservations/reservations.repo.js';
import { RESERVATIONS_OPERATIONS } from './reservations/reservations.operations.js';
import { ReservationsService } from './reservations/reservations.service.js';
import { RenewalsPlatformRepo } from './renewals/renewals.platform.repo.js';
import { RENEWALS_OPERATIONS } from './renewals/renewals.operations.js';
import { OrderedNumberReleaser } from './releases/carrier-releaser.js';
import { ReleasesService } from './releases/releases.service.js';
import { RenewalsService } from './renewals/renewals.service.js';
import type { Services } from './services.js';
import { WebhookDeliveriesRepo } from './webhooks/webhook-deliveries.repo.js';
import { WebhookDeliveriesService } from './webhooks/webhook-deliveries.service.js';
import { WebhookDispatchPlatformRepo } from './webhooks/webhook-dispatch.platform.repo.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { WebhookEndpointsRepo } from './webhooks/webhook-endpoints.repo.js';
import { WebhookEndpointsService } from './webhooks/webhook-endpoints.service.js';
import { WebhookSecrets } from './webhooks/webhook-secrets.js';
import { RESPONSE_BODY_BYTES, WebhookSender } from './webhooks/webhook-sender.js';
import { WEBHOOKS_OPERATIONS } from './webhooks/webhooks.operations.js';
import { Metrics } from './telemetry/metrics.js';
import { metricsRoutes } from './telemetry/metrics.routes.js';
import { registerRequestTelemetry } from './telemetry/request-telemetry.js';
import { BULK_OPERATIONS } from './bulk/bulk.operations.js';
import { BulkPlatformRepo } from './bulk/bulk.platform.repo.js';
import { BulkRepo } from './bulk/bulk.repo.js';
import { BulkService } from './bulk/bulk.service.js';

export type { Services };


/** A bought sandbox number rests this long after release before it is offered again. */
const SANDBOX_HOLD_PERIOD_MS = 30 * 86_400_000;
const CARRIER_TIMEOUT_MS = 10_000;
/** An order still pending after this long was interrupted (a crash): the reconciler settles it. */
const ORDER_STALE_AFTER_MS = 5 * 60_000;
/**
 * A release still pending this long after its carrier call began was cut short or got no
 * answer: the reconciler asks the carrier again. Longer than a release call can take (a
 * lookup and a DELETE, each tried three times within CARRIER_TIMEOUT_MS).
 */
const RELEASE_STALE_AFTER_MS = 2 * 60_000;

/** The repositories a unit of work hands its work, bound to its transaction and its journal. */
function repositories(db: Kysely<Database>, journal: Journal) {
  return {
    numbers: new NumbersRepo(db, journal),
    orders: new OrdersRepo(db),
    billing: new BillingRepo(db),
    events: new EventsRepo(db),
    reservations: new ReservationsRepo(db),
    holds: new NumberHoldsRepo(db),
    platform: new NumbersPlatformRepo(db),
    groups: new NumberGroupsRepo(db),
  };
}

/** Items of a bulk job claimed at a time, and changed at once (each in its own transaction). */
const BULK_BATCH_SIZE = 200;
const BULK_CONCURRENCY = 8;

/** The webhooks capability: its endpoints, its deliveries, and the worker that sends them. */
function webhooks(db: Kysely<Database>, config: Config, box: SecretBox) {
  const endpoints = new WebhookEndpointsRepo(db);
  const deliveries = new WebhookDeliveriesRepo(db);
  const transact = unitOfWork(db, (trx) => ({ endpoints: new WebhookEndpointsRepo(trx), deliveries: new WebhookDeliveriesRepo(trx) }));
  const secrets = new WebhookSecrets(box);
  // The same policy as every outbound call, but an endpoint's answer is read no further than an attempt keeps.
  const egress = new EgressGuard({ allow: config.egressAllow, maxBodyBytes: RESPONSE_BODY_BYTES });
  const sender = new WebhookSender(egress, config.webhookTimeoutMs);
  return {
    webhookEndpoints: new WebhookEndpointsService(endpoints, transact, secrets, egress),
    webhookDeliveries: new WebhookDeliveriesService(endpoints, deliveries),
    webhookDispatcher: new WebhookDispatcher(new WebhookDispatchPlatformRepo(db), deliveries, transact, sender, secrets, {
      schedule: config.webhookRetrySchedule,
      disableAfterSeconds: config.webhookDisableAfterSeconds,
      timeoutMs: config.webhookTimeoutMs,
    }),
  };
}

export interface Dialtone {
  config: Config;
  database: DatabaseHandle;
  services: Services;
  /** Seals the cursors of every list, with the key all processes on the database share. */
  cursors: CursorSigner;
  logger: Logger;
  /** This instance's metrics, in a registry of its own. */
  metrics: Metrics;
  close(): Promise<void>;
}

/** The process's logger: secret headers and fields censored, errors logged without their data. */
export function createLogger(config: Config): Logger {
  const options = { level: config.logLevel, ...SAFE_LOG_OPTIONS };
  if (config.logFormat === 'json') return pino(options);
  // For a person at a terminal: the same records, coloured, one line each, in a worker thread.
  return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } });
}

/** Port-out PINs stored plain by an earlier version are sealed before the server takes requests. */
async function sealLegacyPins(numbers: NumbersService, logger: Logger): Promise<void> {
  const { sealed, unsealed } = await numbers.sealLegacyPins();
  if (sealed) logger.info({ sealed }, 'sealed port-out PINs stored in plain text by an earlier version');
  if (unsealed) {
    logger.warn({ unsealed }, 'port-out PINs are stored in plain text: set DIALTONE_SECRET_KEY and restart to seal them');
  }
}

export async function openDialtone(
  config: Config,
  options: { schema?: string; logger?: Logger; clock?: () => Date; embeddedDump?: Blob } = {},
): Promise<Dialtone> {
  const logger = options.logger ?? createLogger(config);
  const metrics = new Metrics(options.clock);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    readUrls: config.databaseReadUrls,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    schema: options.schema,
    embeddedDump: options.embeddedDump,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    queue: { maxWaitMs: config.databaseQueueWaitMs, maxWaiting: config.databaseQueueLimit },
    logger,
    onQuery: (statement, ok, seconds) => metrics.observeQuery(statement, ok, seconds),
  });
  metrics.watchPool(() => database.poolStats());
  try {
    const applied = await migrate(database.db);
    if (applied.length) logger.info({ applied }, 'applied migrations');
  } catch (error) {
    await database.close();
    throw error;
  }
  const db = database.db;
  const clock = options.clock ?? (() => new Date());
  const cursors = new CursorSigner(await new CursorKeysRepo(db).cursorKey());
  const egress = new EgressGuard({ allow: config.egressAllow });
  const carriers = createCarrierRegistry({
    sandboxRepo: new SandboxRepo(db),
    clock,
    sandboxHoldPeriodMs: SANDBOX_HOLD_PERIOD_MS,
    timeoutMs: CARRIER_TIMEOUT_MS,
    egress,
    observer: metrics,
  });
  const secrets = new SecretBox(config.secretKey);
  const carrierAccounts = new CarrierAccountsService(new CarrierAccountsRepo(db), carriers, secrets, egress);
  const ordersRepo = new OrdersRepo(db);
  const transact = unitOfWork(db, repositories, [releasedNumbersLeaveGroups]);
  // The read-only hot paths (list, lookup, retrieve, the routing lookup) may read from replicas.
  const numbersPlatform = new NumbersPlatformRepo(db, database.reader);
  const numbers = new NumbersService(new NumbersRepo(db, undefined, database.reader), numbersPlatform, transact, { clock, cursors, secrets });
  const releases = new ReleasesService(numbersPlatform, transact, numbers, new OrderedNumberReleaser(ordersRepo, carrierAccounts), {
    clock,
    staleAfterMs: RELEASE_STALE_AFTER_MS,
    outcomes: metrics,
  });
  try {
    await sealLegacyPins(numbers, logger);
  } catch (error) {
    await database.close();
    throw error;
  }
  const services: Services = {
    orgs: new OrgsService(new OrgsRepo(db), unitOfWork(db, (trx) => ({ orgs: new OrgsRepo(trx) }))),
    keys: new ApiKeysService(new ApiKeysRepo(db), new ApiKeysPlatformRepo(db), unitOfWork(db, (trx) => ({ keys: new ApiKeysRepo(trx) }))),
    numbers,
    addresses: new AddressesService(new AddressesRepo(db), unitOfWork(db, (trx) => ({ addresses: new AddressesRepo(trx) }))),
    releases,
    numberGroups: new NumberGroupsService(new NumberGroupsRepo(db), unitOfWork(db, (trx) => ({ groups: new NumberGroupsRepo(trx) })), cursors),
    lookups: new LookupsService(),
    carrierAccounts,
    availableNumbers: new AvailableNumbersService(carrierAccounts, new NumberHoldsRepo(db)),
    reservations: new ReservationsService(new ReservationsRepo(db), transact),
    orders: new OrdersService(ordersRepo, new OrdersPlatformRepo(db), transact, numbers, carrierAccounts, { clock, staleAfterMs: ORDER_STALE_AFTER_MS, outcomes: metrics }),
    renewals: new RenewalsService(new RenewalsPlatformRepo(db), new BillingRepo(db), transact, numbers, releases, logger, clock, metrics),
    events: new EventsService(new EventsRepo(db), cursors),
    history: new HistoryRetentionService(new HistoryRetentionRepo(db), config, clock),
    audit: new AuditService(new AuditRepo(db)),
    csvDownloads: new CsvDownloadsService(new CsvDownloadsRepo(db)),
    bulk: new BulkService(
      new BulkRepo(db),
      new BulkPlatformRepo(db),
      unitOfWork(db, (trx) => ({ bulk: new BulkRepo(trx) })),
      numbers,
      releases,
      cursors,
      // The embedded database has one connection: items wait their turn there anyway.
      { claimSeconds: config.bulkClaimSeconds, batchSize: BULK_BATCH_SIZE, concurrency: config.databaseUrl ? BULK_CONCURRENCY : 1 },
    ),
    ...webhooks(db, config, secrets),
  };
  return { config, database, services, cursors, logger, metrics, close: () => database.close() };
}

/** Every operation of the native API, capability by capability. */
export const NATIVE_OPERATIONS: readonly Operation[] = [
  ...ORGS_OPERATIONS,
  ...NUMBERS_OPERATIONS,
  ...ADDRESSES_OPERATIONS,
  ...NUMBER_GROUPS_OPERATIONS,
  ...LOOKUPS_OPERATIONS,
  ...BULK_OPERATIONS,
  ...CARRIERS_OPERATIONS,
  ...ORDERS_OPERATIONS,
  ...RESERVATIONS_OPERATIONS,
  ...RENEWALS_OPERATIONS,
  ...EVENTS_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...WEBHOOKS_OPERATIONS,
];

export async function buildHttp(dialtone: Dialtone): Promise<FastifyInstance> {
  const { services, config } = dialtone;
  const consoleFiles = ConsoleFiles.load();
  const app = await createHttpServer(dialtone.logger, {
    webhooks: eventWebhooks(),
    onAppError: recordRefusals(services.audit),
    ...(consoleFiles ? { pages: { serves: isConsolePage, send: (request, reply) => sendConsolePage(request, reply, consoleFiles) } } : {}),
  });
  // Before every route, so their hooks cover the dialects' encapsulated scopes too.
  registerRequestTelemetry(app, dialtone.metrics, dialtone.logger);
  await registerOverloadShedding(app, config);
  await app.register(probesRoutes, { db: dialtone.database.db });
  await app.register(metricsRoutes, { metrics: dialtone.metrics, adminToken: config.adminToken });
  await registerOperations(app, NATIVE_OPERATIONS, { ...services, cursors: dialtone.cursors }, config.adminToken);
  await registerDialects(app, services);
  await app.register(consoleRoutes, { files: consoleFiles });
  await app.ready();
  return app;
}
