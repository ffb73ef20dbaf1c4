-- Dialtone core: organizations, their API keys, and the phone-number inventory.
-- Extensions live in the public schema so that every schema on a server can use them.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;

CREATE TABLE organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_created_idx ON organizations (created_at, id);

CREATE TABLE api_keys (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name            text NOT NULL,
  prefix          text NOT NULL,
  key_hash        text NOT NULL UNIQUE,
  scopes          text[] NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_used_at    timestamptz,
  revoked_at      timestamptz
);
CREATE INDEX api_keys_organization_idx ON api_keys (organization_id, created_at);

CREATE TABLE phone_numbers (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- A numeric identity for the surfaces whose ids are digit strings.
  seq                      bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  organization_id          uuid NOT NULL REFERENCES organizations (id),
  number                   text COLLATE "C" NOT NULL CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
  country                  char(2) NOT NULL,
  number_type              text NOT NULL CHECK (number_type IN
                             ('local', 'mobile', 'toll_free', 'national', 'shared_cost', 'premium_rate', 'voip')),
  national_format          text NOT NULL,
  international_format     text NOT NULL,
  friendly_name            text COLLATE "C" CHECK (length(friendly_name) <= 200),
  capabilities             text[] NOT NULL DEFAULT '{}'
                             CHECK (capabilities <@ ARRAY['voice', 'sms', 'mms', 'fax', 'whatsapp']),
  supports_inbound         boolean NOT NULL DEFAULT true,
  supports_outbound        boolean NOT NULL DEFAULT true,
  status                   text NOT NULL CHECK (status IN
                             ('purchase_pending', 'purchase_failed', 'port_pending', 'port_failed',
                              'active', 'suspended', 'released')),
  carrier                  text NOT NULL CHECK (carrier IN ('sandbox', 'telnyx', 'signalwire', 'twilio', 'sip', 'byoc')),
  source                   text NOT NULL CHECK (source IN ('purchased', 'ported', 'imported')),
  is_sandbox               boolean NOT NULL DEFAULT false,
  tags                     text[] NOT NULL DEFAULT '{}',
  customer_reference       text,
  connection_id            text,
  connection_name          text,
  billing_group_id         text,
  messaging_profile_id     text,
  messaging_profile_name   text,
  emergency_enabled        boolean NOT NULL DEFAULT false,
  emergency_address_id     text,
  emergency_status         text NOT NULL DEFAULT 'disabled' CHECK (emergency_status IN
                             ('active', 'deprovisioning', 'disabled', 'provisioning', 'provisioning_failed')),
  call_forwarding_enabled  boolean NOT NULL DEFAULT true,
  cnam_listing_enabled     boolean NOT NULL DEFAULT false,
  caller_id_name_enabled   boolean NOT NULL DEFAULT false,
  call_recording_enabled   boolean NOT NULL DEFAULT false,
  t38_fax_gateway_enabled  boolean NOT NULL DEFAULT false,
  hd_voice_enabled         boolean NOT NULL DEFAULT false,
  inbound_call_screening   text NOT NULL DEFAULT 'disabled' CHECK (inbound_call_screening IN
                             ('disabled', 'reject_calls', 'flag_calls')),
  deletion_lock_enabled    boolean NOT NULL DEFAULT false,
  external_pin             text,
  voice_routing            jsonb NOT NULL DEFAULT '{"handler": "none"}',
  messaging_routing        jsonb NOT NULL DEFAULT '{"handler": "none"}',
  assigned_agent_id        text,
  assigned_at              timestamptz,
  monthly_cost             numeric(12, 4),
  upfront_cost             numeric(12, 4),
  currency                 char(3) NOT NULL DEFAULT 'USD',
  auto_renew               boolean NOT NULL DEFAULT true,
  next_billing_date        timestamptz,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  purchased_at             timestamptz,
  released_at              timestamptz,
  CHECK ((status = 'released') = (released_at IS NOT NULL))
);

-- A number is held by at most one organization at a time: an inbound call routes to one place.
-- Released rows stay as history, so the number can be taken again.
CREATE UNIQUE INDEX phone_numbers_held_number_key ON phone_numbers (number) WHERE status <> 'released';

-- One index per sort key, each led by the organization and ending in the id tie-break;
-- nullable sort keys sort as their COALESCE so that keyset pagination stays an index range.
CREATE INDEX phone_numbers_org_created_idx ON phone_numbers (organization_id, created_at, id);
CREATE INDEX phone_numbers_org_number_idx ON phone_numbers (organization_id, number, id);
CREATE INDEX phone_numbers_org_purchased_idx
  ON phone_numbers (organization_id, (COALESCE(purchased_at, 'infinity'::timestamptz)), id);
CREATE INDEX phone_numbers_org_renewal_idx
  ON phone_numbers (organization_id, (COALESCE(next_billing_date, 'infinity'::timestamptz)), id);
CREATE INDEX phone_numbers_org_name_idx
  ON phone_numbers (organization_id, (lower(COALESCE(friendly_name, ''))), id);

-- Selective filters.
CREATE INDEX phone_numbers_org_status_idx ON phone_numbers (organization_id, status, created_at, id);
CREATE INDEX phone_numbers_org_agent_idx ON phone_numbers (organization_id, assigned_agent_id)
  WHERE assigned_agent_id IS NOT NULL;
CREATE INDEX phone_numbers_org_connection_idx ON phone_numbers (organization_id, connection_id)
  WHERE connection_id IS NOT NULL;
CREATE INDEX phone_numbers_org_billing_group_idx ON phone_numbers (organization_id, billing_group_id);
CREATE INDEX phone_numbers_org_customer_ref_idx ON phone_numbers (organization_id, customer_reference)
  WHERE customer_reference IS NOT NULL;

-- Substring search on the number and the name, and tag containment, all within one organization.
CREATE INDEX phone_numbers_org_number_trgm_idx
  ON phone_numbers USING gin (organization_id, number public.gin_trgm_ops);
CREATE INDEX phone_numbers_org_name_trgm_idx
  ON phone_numbers USING gin (organization_id, friendly_name public.gin_trgm_ops);
CREATE INDEX phone_numbers_org_tags_idx ON phone_numbers USING gin (organization_id, tags);
