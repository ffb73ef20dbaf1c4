-- Number reservations: numbers an organization holds for a while before it orders them, so
-- that no other organization can order them meanwhile.
--
-- A reservation lists its numbers (reserved_numbers); the hold itself is number_holds, one
-- row per number across every organization, taken over once it has lapsed. Taking a hold and
-- claiming a number for an order both take a transaction-scoped advisory lock on the number
-- (number_hold_lock_key), so a reservation and an order of the same number never both win.

CREATE TABLE number_reservations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  customer_reference text,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX number_reservations_org_created_idx ON number_reservations (organization_id, created_at DESC, id DESC);

CREATE TABLE reserved_numbers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  reservation_id uuid NOT NULL REFERENCES number_reservations (id) ON DELETE CASCADE,
  position integer NOT NULL,
  number text NOT NULL,
  -- held: on hold for the organization until expires_at (lapsed after it); ordered: the
  -- organization ordered it while it held it; failed: never held (error says why).
  status text NOT NULL CHECK (status IN ('held', 'ordered', 'failed')),
  expires_at timestamptz,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reserved_numbers_reservation_idx ON reserved_numbers (reservation_id, position);
CREATE INDEX reserved_numbers_org_number_idx ON reserved_numbers (organization_id, number);

CREATE TABLE number_holds (
  number text PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  reserved_number_id uuid NOT NULL REFERENCES reserved_numbers (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX number_holds_org_idx ON number_holds (organization_id);
CREATE INDEX number_holds_reserved_number_idx ON number_holds (reserved_number_id);
CREATE INDEX number_holds_expires_idx ON number_holds (expires_at);
