-- Events, the audit log and webhooks. Every change to a number writes, in its own transaction,
-- one event, one audit record and a delivery per subscribed webhook endpoint (a transactional
-- outbox): a crash can neither lose an event nor send one for a change that rolled back.

-- A number's version: 1 when written first, one more at every change. Events carry it as
-- resource_version so a consumer can drop an update older than one it already has.
ALTER TABLE phone_numbers ADD COLUMN version integer NOT NULL DEFAULT 1;

-- The last event sequence each organization has used. A transaction takes its sequences by
-- updating this row as the last thing it does before committing, so the row lock is held from
-- then to the commit: transactions of one organization take sequences in the order they
-- commit, and a reader paging by sequence can never see 7 before a slower 6 commits.
CREATE TABLE event_sequences (
  organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  last_sequence bigint NOT NULL
);

CREATE TABLE events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  sequence bigint NOT NULL,
  type text NOT NULL,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  resource_version integer,
  phone_number text,
  data jsonb NOT NULL,
  previous_attributes jsonb,
  request_id text,
  idempotency_key text,
  surface text NOT NULL,
  actor jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, sequence)
);
CREATE INDEX events_resource_idx ON events (organization_id, resource_id, sequence);
CREATE INDEX events_phone_number_idx ON events (organization_id, phone_number, sequence);
CREATE INDEX events_type_idx ON events (organization_id, type, sequence);
-- Retention deletes by age across organizations.
CREATE INDEX events_created_at_idx ON events (created_at);

-- Append-only: written with the change it records, deleted only by retention, never updated.
CREATE TABLE audit_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Null for an operator's action that concerns no one organization.
  organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
  -- To the millisecond, the precision of the list's cursors: the column's own order is then the
  -- cursor's, and the (created_at DESC, id DESC) indexes serve every page without a sort.
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  actor_type text NOT NULL CHECK (actor_type IN ('api_key', 'operator', 'system', 'anonymous')),
  -- The API key's id, or the system job's name.
  actor_id text,
  actor_key_prefix text,
  surface text NOT NULL,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'refused')),
  resource_type text,
  resource_id text,
  phone_number text,
  request_id text,
  client_ip text,
  user_agent text,
  -- Field by field, { "field": { "from": ..., "to": ... } }, secrets redacted.
  changes jsonb,
  error_code text,
  event_id uuid
);
CREATE INDEX audit_log_org_created_idx ON audit_log (organization_id, created_at DESC, id DESC);
CREATE INDEX audit_log_created_idx ON audit_log (created_at DESC, id DESC);
CREATE INDEX audit_log_resource_idx ON audit_log (organization_id, resource_id) WHERE resource_id IS NOT NULL;
CREATE INDEX audit_log_phone_number_idx ON audit_log (organization_id, phone_number) WHERE phone_number IS NOT NULL;
-- "What did this key do": the actor filter, newest first, within an organization.
CREATE INDEX audit_log_actor_idx ON audit_log (organization_id, actor_id, created_at DESC, id DESC) WHERE actor_id IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text,
  -- Event types, or wildcards: 'phone_number.*', '*'.
  event_types text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  -- The signing secret (whsec_...), sealed when DIALTONE_SECRET_KEY is set.
  secret text NOT NULL,
  -- After a rotation, the former secret also signs until it expires.
  previous_secret text,
  previous_secret_expires_at timestamptz,
  -- Since when every delivery has failed; null after a success.
  failing_since timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_org_idx ON webhook_endpoints (organization_id, created_at DESC, id DESC);

CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When the next attempt is due; null once the delivery is settled.
  next_attempt_at timestamptz DEFAULT now(),
  last_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (endpoint_id, event_id)
);
-- The workers' claim: due deliveries, oldest first.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

CREATE TABLE webhook_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL,
  event_id uuid NOT NULL,
  attempt integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
  error_class text CHECK (error_class IN ('dns', 'connect', 'timeout', 'refused_address', 'http_3xx', 'http_4xx', 'http_5xx', 'network')),
  response_status integer,
  -- The first 4 KB of the response body.
  response_body text,
  duration_ms integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, created_at);
CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhook_attempts_event_idx ON webhook_attempts (event_id, created_at DESC);

-- The outbox's one write (src/changes/journal.repo.ts): a unit of work's events of one
-- organization, their audit records and their webhook deliveries, as its last statement. A
-- function, so the statement is planned once per connection rather than at every change.
-- It takes the organization's next sequences by updating its event_sequences row, whose lock
-- holds until the commit: an organization's transactions take sequences in commit order.
-- Deliveries go to every enabled endpoint of the organization whose event_types name the type,
-- its resource's wildcard (phone_number.*) or '*' (the rule of typeMatches in event-types.ts);
-- a note for one endpoint (a test event) goes to that endpoint only.
CREATE FUNCTION journal_append(
  p_organization_id uuid, p_count integer, p_notes jsonb, p_request_id text, p_idempotency_key text,
  p_surface text, p_actor jsonb, p_actor_type text, p_actor_id text, p_actor_key_prefix text,
  p_client_ip text, p_user_agent text
) RETURNS TABLE (id uuid, sequence bigint, type text) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
  WITH seq AS (
    INSERT INTO event_sequences AS s (organization_id, last_sequence) VALUES (p_organization_id, p_count)
    ON CONFLICT (organization_id) DO UPDATE SET last_sequence = s.last_sequence + p_count
    RETURNING s.last_sequence
  ),
  note AS (
    SELECT n.*, seq.last_sequence - p_count + n.i AS seqno
    FROM seq, jsonb_to_recordset(p_notes) AS n(
      i int, type text, resource_type text, resource_id text, resource_version int, phone_number text,
      data jsonb, previous_attributes jsonb, changes jsonb, only_endpoint_id uuid)
  ),
  ev AS (
    INSERT INTO events AS e (organization_id, sequence, type, resource_type, resource_id, resource_version, phone_number,
                             data, previous_attributes, request_id, idempotency_key, surface, actor, created_at)
    SELECT p_organization_id, note.seqno, note.type, note.resource_type, note.resource_id, note.resource_version,
           note.phone_number, note.data, note.previous_attributes, p_request_id, p_idempotency_key, p_surface, p_actor,
           clock_timestamp()
    FROM note ORDER BY note.i
    RETURNING e.id, e.sequence, e.type, e.resource_type, e.resource_id, e.phone_number
  ),
  audit AS (
    INSERT INTO audit_log (organization_id, actor_type, actor_id, actor_key_prefix, surface, action, outcome,
                           resource_type, resource_id, phone_number, request_id, client_ip, user_agent, changes, event_id)
    SELECT p_organization_id, p_actor_type, p_actor_id, p_actor_key_prefix, p_surface, ev.type, 'succeeded',
           ev.resource_type, ev.resource_id, ev.phone_number, p_request_id, p_client_ip, p_user_agent, note.changes, ev.id
    FROM ev JOIN note ON note.seqno = ev.sequence
  ),
  delivery AS (
    INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id)
    SELECT p_organization_id, endpoint.id, ev.id
    FROM ev
    JOIN note ON note.seqno = ev.sequence
    JOIN webhook_endpoints endpoint ON endpoint.organization_id = p_organization_id
    WHERE CASE WHEN note.only_endpoint_id IS NOT NULL THEN endpoint.id = note.only_endpoint_id
          ELSE endpoint.enabled AND (ev.type = ANY (endpoint.event_types) OR '*' = ANY (endpoint.event_types)
               OR split_part(ev.type, '.', 1) || '.*' = ANY (endpoint.event_types)) END
  )
  SELECT ev.id, ev.sequence, ev.type FROM ev ORDER BY ev.sequence;
END;
$$;
