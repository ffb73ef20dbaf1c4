import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Scope } from '../auth/scopes.js';
import type { BillingKind } from '../billing/billing.js';
import type { BulkAction, BulkItemOutcome, BulkJobStatus } from '../bulk/bulk-job.js';
import type { OrderItemStatus, OrderStatus } from '../orders/order.js';
import type { ReservedNumberStatus } from '../reservations/reservation.js';
import type { MessagingRouting, VoiceRouting } from '../numbers/routing.js';
import type {
  CallScreening,
  Capability,
  Carrier,
  EmergencyStatus,
  ForwardingType,
  NumberType,
  ProviderSettings,
  RecordingChannels,
  RecordingFormat,
  Source,
  Status,
  UsagePaymentMethod,
} from '../numbers/vocabulary.js';

/** Table types for Kysely, mirroring src/db/migrations. */

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** A column the database fills in when an insert leaves it out. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** numeric columns travel as strings so no precision is lost on the way. */
type Money = ColumnType<string | null, string | null | undefined, string | null>;

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApiKeysTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: Scope[];
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface PhoneNumbersTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  organization_id: string;
  number: string;
  country: string;
  number_type: NumberType;
  national_format: string;
  international_format: string;
  friendly_name: string | null;
  capabilities: Defaulted<Capability[]>;
  supports_inbound: Defaulted<boolean>;
  supports_outbound: Defaulted<boolean>;
  status: Status;
  carrier: Carrier;
  source: Source;
  is_sandbox: Defaulted<boolean>;
  tags: Defaulted<string[]>;
  customer_reference: string | null;
  connection_id: string | null;
  connection_name: string | null;
  billing_group_id: string | null;
  messaging_profile_id: string | null;
  messaging_profile_name: string | null;
  emergency_enabled: Defaulted<boolean>;
  emergency_address_id: string | null;
  emergency_status: Defaulted<EmergencyStatus>;
  address_id: string | null;
  identity_sid: string | null;
  bundle_sid: string | null;
  call_forwarding_enabled: Defaulted<boolean>;
  call_forwarding_to: string | null;
  call_forwarding_type: Defaulted<ForwardingType>;
  cnam_listing_enabled: Defaulted<boolean>;
  cnam_listing_details: string | null;
  caller_id_name_enabled: Defaulted<boolean>;
  call_recording_enabled: Defaulted<boolean>;
  call_recording_format: Defaulted<RecordingFormat>;
  call_recording_channels: Defaulted<RecordingChannels>;
  usage_payment_method: Defaulted<UsagePaymentMethod>;
  /** Written as JSON text, read as the document. */
  provider_settings: ColumnType<ProviderSettings, string | undefined, string>;
  t38_fax_gateway_enabled: Defaulted<boolean>;
  hd_voice_enabled: Defaulted<boolean>;
  inbound_call_screening: Defaulted<CallScreening>;
  deletion_lock_enabled: Defaulted<boolean>;
  /**
   * The port-out PIN in plain text, from before PINs were sealed: never read (the sealing step
   * at start reads it in SQL of its own), only cleared.
   */
  external_pin: ColumnType<never, never, null>;
  /** The port-out PIN sealed by SecretBox: written, never read back into a record. */
  external_pin_sealed: ColumnType<never, string | null | undefined, string | null>;
  /** Generated: a PIN is set, sealed or plain. */
  external_pin_set: ColumnType<boolean, never, never>;
  voice_routing: ColumnType<VoiceRouting, string | undefined, string>;
  messaging_routing: ColumnType<MessagingRouting, string | undefined, string>;
  assigned_agent_id: string | null;
  assigned_at: Date | null;
  monthly_cost: Money;
  upfront_cost: Money;
  currency: Defaulted<string>;
  auto_renew: Defaulted<boolean>;
  next_billing_date: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  purchased_at: Date | null;
  released_at: Date | null;
  /** While release_pending: the status a refused release goes back to. */
  release_from: Status | null;
  /** While release_pending: when the latest carrier call for the release began. */
  release_started_at: Date | null;
  /** One more at every change: an event's resource_version. */
  version: ColumnType<number, never, number>;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: CreatedAt;
}

export interface Database {
  organizations: OrganizationsTable;
  api_keys: ApiKeysTable;
  phone_numbers: PhoneNumbersTable;
  schema_migrations: SchemaMigrationsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewPhoneNumberRow = Insertable<PhoneNumbersTable>;
export type PhoneNumberPatchRow = Updateable<PhoneNumbersTable>;

/* Carriers, number orders and billing (0002_carriers.sql). */

export interface CarrierAccountsTable {
  id: Generated<string>;
  organization_id: string;
  carrier: string;
  name: string;
  base_url: string | null;
  credentials_sealed: string | null;
  credentials_hint: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NumberOrdersTable {
  id: Generated<string>;
  organization_id: string;
  carrier: string;
  carrier_account_id: string | null;
  status: OrderStatus;
  customer_reference: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  completed_at: Date | null;
}

export interface NumberOrderItemsTable {
  id: Generated<string>;
  organization_id: string;
  order_id: string;
  position: number;
  number: string;
  status: OrderItemStatus;
  phone_number_id: string | null;
  /** The number's country; null for items from before it was kept whose number was never claimed. */
  country: string | null;
  carrier_number_id: string | null;
  error_code: string | null;
  error_detail: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BillingRecordsTable {
  id: Generated<string>;
  organization_id: string;
  phone_number_id: string;
  kind: BillingKind;
  period_start: Date;
  period_end: Date;
  amount: ColumnType<string, string, string>;
  currency: string;
  created_at: CreatedAt;
}

export interface Database {
  carrier_accounts: CarrierAccountsTable;
  number_orders: NumberOrdersTable;
  number_order_items: NumberOrderItemsTable;
  billing_records: BillingRecordsTable;
}

export type CarrierAccountRow = Selectable<CarrierAccountsTable>;
export type NumberOrderRow = Selectable<NumberOrdersTable>;
export type NumberOrderItemRow = Selectable<NumberOrderItemsTable>;
export type BillingRecordRow = Selectable<BillingRecordsTable>;

/* Platform keys (0006_cursor_key.sql): secrets of the deployment itself, not of a tenant. */

export interface PlatformKeysTable {
  name: string;
  secret: Buffer;
  created_at: Generated<Date>;
}

export interface Database {
  platform_keys: PlatformKeysTable;
}

/* Events, the audit log and webhooks (0008_events_audit_webhooks.sql). */

export interface EventsTable {
  id: Generated<string>;
  organization_id: string;
  /** bigint from event_sequence (0009): read as a string by node-postgres; services turn it into a number. */
  sequence: ColumnType<string, number | string, never>;
  type: string;
  resource_type: string;
  resource_id: string;
  resource_version: number | null;
  phone_number: string | null;
  data: ColumnType<unknown, string, never>;
  previous_attributes: ColumnType<unknown, string | null, never>;
  request_id: string | null;
  idempotency_key: string | null;
  surface: string;
  actor: ColumnType<unknown, string, never>;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  organization_id: string | null;
  created_at: CreatedAt;
  actor_type: 'api_key' | 'operator' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_key_prefix: string | null;
  surface: string;
  action: string;
  outcome: 'succeeded' | 'refused';
  resource_type: string | null;
  resource_id: string | null;
  phone_number: string | null;
  request_id: string | null;
  client_ip: string | null;
  user_agent: string | null;
  changes: ColumnType<unknown, string | null, never>;
  error_code: string | null;
  event_id: string | null;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  organization_id: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: Defaulted<boolean>;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  status: Defaulted<'pending' | 'succeeded' | 'failed'>;
  attempts: Defaulted<number>;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  organization_id: string;
  delivery_id: string;
  endpoint_id: string;
  event_id: string;
  attempt: number;
  outcome: 'succeeded' | 'failed';
  error_class: 'dns' | 'connect' | 'timeout' | 'refused_address' | 'http_3xx' | 'http_4xx' | 'http_5xx' | 'network' | null;
  response_status: number | null;
  response_body: string | null;
  duration_ms: number;
  created_at: CreatedAt;
}

export interface Database {
  events: EventsTable;
  audit_log: AuditLogTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type EventRow = Selectable<EventsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;

export interface CsvDownloadsTable {
  id: Generated<string>;
  organization_id: string;
  csv_format: 'V1' | 'V2';
  /** The filters as the request gave them, read again each time the file is fetched. */
  filter: ColumnType<Record<string, unknown>, string, never>;
  created_at: CreatedAt;
}

export interface Database {
  csv_downloads: CsvDownloadsTable;
}

export type CsvDownloadRow = Selectable<CsvDownloadsTable>;

export interface BulkJobsTable {
  id: Generated<string>;
  organization_id: string;
  action: BulkAction;
  params: unknown;
  target: unknown;
  status: BulkJobStatus;
  total: number;
  retry_of: string | null;
  idempotency_key: string | null;
  request_hash: string;
  surface: string;
  actor: unknown;
  request_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  started_at: Date | null;
  completed_at: Date | null;
}

export interface BulkJobItemsTable {
  job_id: string;
  position: number;
  organization_id: string;
  phone_number_id: string | null;
  phone_number: string;
  outcome: ColumnType<BulkItemOutcome, BulkItemOutcome | undefined, BulkItemOutcome>;
  changed: boolean | null;
  error_code: string | null;
  error_detail: string | null;
  claimed_until: ColumnType<Date, Date | undefined, Date>;
  processed_at: Date | null;
}

export interface Database {
  bulk_jobs: BulkJobsTable;
  bulk_job_items: BulkJobItemsTable;
}

export type BulkJobRow = Selectable<BulkJobsTable>;
export type BulkJobItemRow = Selectable<BulkJobItemsTable>;

export interface NumberReservationsTable {
  id: Generated<string>;
  organization_id: string;
  customer_reference: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ReservedNumbersTable {
  id: Generated<string>;
  organization_id: string;
  reservation_id: string;
  position: number;
  number: string;
  status: ReservedNumberStatus;
  expires_at: Date | null;
  error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NumberHoldsTable {
  number: string;
  organization_id: string;
  reserved_number_id: string;
  expires_at: Date;
}

export interface Database {
  number_reservations: NumberReservationsTable;
  reserved_numbers: ReservedNumbersTable;
  number_holds: NumberHoldsTable;
}

export type NumberReservationRow = Selectable<NumberReservationsTable>;
export type ReservedNumberRow = Selectable<ReservedNumbersTable>;

/* Addresses (0014_addresses.sql). */

export interface AddressesTable {
  id: Generated<string>;
  organization_id: string;
  customer_name: string;
  friendly_name: string | null;
  street: string;
  street_secondary: string | null;
  city: string;
  region: string;
  postal_code: string;
  iso_country: string;
  emergency_enabled: Defaulted<boolean>;
  /* The parts some surfaces give one by one (0019_address_parts.sql). */
  first_name: Defaulted<string | null>;
  last_name: Defaulted<string | null>;
  business_name: Defaulted<string | null>;
  street_number: Defaulted<string | null>;
  street_name: Defaulted<string | null>;
  neighborhood: Defaulted<string | null>;
  borough: Defaulted<string | null>;
  phone_number: Defaulted<string | null>;
  customer_reference: Defaulted<string | null>;
  address_book: Defaulted<boolean>;
  validated_at: Defaulted<Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  addresses: AddressesTable;
}

export type AddressRow = Selectable<AddressesTable>;

/* Number groups (0018_number_groups.sql). */

export interface NumberGroupsTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  sticky_sender: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NumberGroupMembershipsTable {
  id: Generated<string>;
  organization_id: string;
  number_group_id: string;
  phone_number_id: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  number_groups: NumberGroupsTable;
  number_group_memberships: NumberGroupMembershipsTable;
}

export type NumberGroupRow = Selectable<NumberGroupsTable>;
