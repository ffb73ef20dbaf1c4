import type { AddressesService } from './addresses/addresses.service.js';
import type { AuditService } from './audit/audit.service.js';
import type { BulkService } from './bulk/bulk.service.js';
import type { ApiKeysService } from './auth/api-keys.service.js';
import type { AvailableNumbersService } from './carriers/available-numbers.service.js';
import type { CarrierAccountsService } from './carriers/carrier-accounts.service.js';
import type { EventsService } from './events/events.service.js';
import type { CsvDownloadsService } from './exports/csv-downloads.service.js';
import type { HistoryRetentionService } from './events/history-retention.service.js';
import type { LookupsService } from './lookups/lookups.service.js';
import type { NumberGroupsService } from './number-groups/number-groups.service.js';
import type { NumbersService } from './numbers/numbers.service.js';
import type { OrdersService } from './orders/orders.service.js';
import type { OrgsService } from './orgs/orgs.service.js';
import type { ReservationsService } from './reservations/reservations.service.js';
import type { ReleasesService } from './releases/releases.service.js';
import type { RenewalsService } from './renewals/renewals.service.js';
import type { WebhookDeliveriesService } from './webhooks/webhook-deliveries.service.js';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import type { WebhookEndpointsService } from './webhooks/webhook-endpoints.service.js';

/** The services the composition root (src/app.ts) wires: what every surface, job and command calls. */
export interface Services {
  orgs: OrgsService;
  keys: ApiKeysService;
  numbers: NumbersService;
  /** The organization's addresses: numbers' regulatory and emergency addresses. */
  addresses: AddressesService;
  releases: ReleasesService;
  /** Named groups of an organization's numbers. */
  numberGroups: NumberGroupsService;
  /** What the numbering data knows of any number. */
  lookups: LookupsService;
  carrierAccounts: CarrierAccountsService;
  availableNumbers: AvailableNumbersService;
  orders: OrdersService;
  /** Numbers held for an organization for a while, so no other can order them. */
  reservations: ReservationsService;
  renewals: RenewalsService;
  events: EventsService;
  /** The platform's retention of events and audit records. */
  history: HistoryRetentionService;
  audit: AuditService;
  /** CSV downloads of an organization's numbers, kept to be fetched later. */
  csvDownloads: CsvDownloadsService;
  /** Bulk jobs over phone numbers: run by the bulk_jobs.work job. */
  bulk: BulkService;
  webhookEndpoints: WebhookEndpointsService;
  webhookDeliveries: WebhookDeliveriesService;
  /** Sends due webhook deliveries: run by the webhooks.deliver job. */
  webhookDispatcher: WebhookDispatcher;
}
