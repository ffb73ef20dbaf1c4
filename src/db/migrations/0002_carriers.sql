-- Carriers: the accounts an organization buys numbers through, its number orders (one
-- result per number), and the billing periods of the numbers it holds.

CREATE TABLE carrier_accounts (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  carrier            text NOT NULL CHECK (carrier IN ('sandbox', 'telnyx', 'signalwire', 'twilio')),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  base_url           text CHECK (length(base_url) <= 2000),
  -- AES-256-GCM under DIALTONE_SECRET_KEY: version.iv.tag.ciphertext, base64url parts.
  credentials_sealed text,
  -- The visible end of the credentials (e.g. "…4f2a"), so a person can tell accounts apart.
  credentials_hint   text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX carrier_accounts_org_created_idx ON carrier_accounts (organization_id, created_at, id);

CREATE TABLE number_orders (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  carrier            text NOT NULL CHECK (carrier IN ('sandbox', 'telnyx', 'signalwire', 'twilio')),
  carrier_account_id uuid REFERENCES carrier_accounts (id),
  status             text NOT NULL CHECK (status IN ('pending', 'complete', 'partial', 'failed')),
  customer_reference text CHECK (length(customer_reference) <= 200),
  -- The client's Idempotency-Key and a hash of the request it came with: a replay with the
  -- same key and body gets this order back, a different body is refused.
  idempotency_key    text CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  request_hash       text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  completed_at       timestamptz
);
CREATE UNIQUE INDEX number_orders_org_idempotency_key ON number_orders (organization_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX number_orders_org_created_idx ON number_orders (organization_id, created_at, id);
CREATE INDEX number_orders_org_account_idx ON number_orders (organization_id, carrier_account_id);
-- The reconciler's path, across organizations: orders a crash may have left pending.
CREATE INDEX number_orders_pending_age_idx ON number_orders (created_at) WHERE status = 'pending';

-- One row per number of an order: pending, then claimed (the phone_numbers row exists as
-- purchase_pending and holds the number), then purchased or failed.
CREATE TABLE number_order_items (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  order_id           uuid NOT NULL REFERENCES number_orders (id) ON DELETE CASCADE,
  position           integer NOT NULL,
  number             text NOT NULL CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
  status             text NOT NULL CHECK (status IN ('pending', 'claimed', 'purchased', 'failed')),
  phone_number_id    uuid REFERENCES phone_numbers (id),
  -- The carrier's own id of the bought number, needed to release it there.
  carrier_number_id  text,
  error_code         text,
  error_detail       text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, position)
);
CREATE INDEX number_order_items_org_order_idx ON number_order_items (organization_id, order_id, position);
CREATE INDEX number_order_items_org_phone_idx ON number_order_items (organization_id, phone_number_id)
  WHERE phone_number_id IS NOT NULL;

-- One row per paid period of a number. The unique key makes renewal safe with several
-- Dialtone processes on one database: a period is charged once, whoever gets there first.
CREATE TABLE billing_records (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  phone_number_id    uuid NOT NULL REFERENCES phone_numbers (id),
  kind               text NOT NULL CHECK (kind IN ('purchase', 'renewal')),
  period_start       timestamptz NOT NULL,
  period_end         timestamptz NOT NULL,
  amount             numeric(12, 4) NOT NULL,
  currency           char(3) NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (phone_number_id, period_start)
);
CREATE INDEX billing_records_org_number_idx ON billing_records (organization_id, phone_number_id, period_start);
CREATE INDEX billing_records_org_created_idx ON billing_records (organization_id, created_at, id);

-- The renewal job's path across organizations: active numbers by their next billing date.
CREATE INDEX phone_numbers_renewal_due_idx ON phone_numbers (next_billing_date)
  WHERE status = 'active' AND next_billing_date IS NOT NULL;
-- The sandbox's hold period: recently released numbers that had been bought.
CREATE INDEX phone_numbers_released_number_idx ON phone_numbers (number, released_at)
  WHERE status = 'released' AND purchased_at IS NOT NULL;
