import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { MessagingRouting, VoiceRouting } from '../numbers/routing.js';

/** Table types for Kysely, mirroring src/db/migrations. */

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
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
  scopes: string[];
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
  number_type: string;
  national_format: string;
  international_format: string;
  friendly_name: string | null;
  capabilities: string[];
  supports_inbound: boolean;
  supports_outbound: boolean;
  status: string;
  carrier: string;
  source: string;
  is_sandbox: boolean;
  tags: string[];
  customer_reference: string | null;
  connection_id: string | null;
  connection_name: string | null;
  billing_group_id: string | null;
  messaging_profile_id: string | null;
  messaging_profile_name: string | null;
  emergency_enabled: boolean;
  emergency_address_id: string | null;
  emergency_status: string;
  call_forwarding_enabled: boolean;
  cnam_listing_enabled: boolean;
  caller_id_name_enabled: boolean;
  call_recording_enabled: boolean;
  t38_fax_gateway_enabled: boolean;
  hd_voice_enabled: boolean;
  inbound_call_screening: string;
  deletion_lock_enabled: boolean;
  external_pin: string | null;
  voice_routing: ColumnType<VoiceRouting, string | undefined, string>;
  messaging_routing: ColumnType<MessagingRouting, string | undefined, string>;
  assigned_agent_id: string | null;
  assigned_at: Date | null;
  monthly_cost: Money;
  upfront_cost: Money;
  currency: string;
  auto_renew: boolean;
  next_billing_date: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  purchased_at: Date | null;
  released_at: Date | null;
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
export type PhoneNumberRow = Selectable<PhoneNumbersTable>;
export type NewPhoneNumberRow = Insertable<PhoneNumbersTable>;
export type PhoneNumberPatchRow = Updateable<PhoneNumbersTable>;
