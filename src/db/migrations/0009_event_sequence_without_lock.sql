-- Event sequences without a lock held to the commit.
--
-- 0008 took an organization's next sequences by updating its event_sequences row, whose lock
-- then held until the commit: every change of one organization waited for the commit (the WAL
-- flush) of the change before it, so an organization's changes could never share a flush and
-- a busy organization changed its numbers at most once per flush.
--
-- Now a change takes its sequences from one database sequence, after announcing itself with a
-- shared advisory lock on its organization (held to its commit; shared locks never wait for
-- one another). A reader of the organization's events first takes that lock exclusively and
-- at once lets it go (events_horizon): it waits for the changes in flight, and reads the last
-- sequence handed out. Every sequence up to it belongs to a change that has committed or
-- rolled back, and every sequence taken later is larger, so a reader that lists only up to the
-- horizon, in sequence order, never sees a sequence appear later below one it has passed.
-- Sequences still increase within an organization; they are no longer consecutive.

CREATE SEQUENCE event_sequence;
-- Past every sequence given so far, so each organization's sequences keep increasing.
SELECT setval('event_sequence', coalesce((SELECT max(sequence) FROM events), 0) + 1, false);

DROP TABLE event_sequences;

-- The advisory lock of an organization's event writers: the two-key form, whose first key
-- (0x6576 'ev') no other lock of Dialtone's uses.
CREATE FUNCTION event_writers_lock_key(p_organization_id uuid) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtext(p_organization_id::text)
$$;

-- The last sequence below which every event of the organization is settled (see above). Call
-- it alone, outside a transaction, so the exclusive lock is let go at once; then list events
-- with sequence <= the answer, in a later statement (a statement started before the wait
-- would not see the changes it waited for).
CREATE FUNCTION events_horizon(p_organization_id uuid) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(25974, event_writers_lock_key(p_organization_id));
  RETURN coalesce(pg_sequence_last_value('event_sequence'), 0);
END;
$$;

-- As in 0008, but the sequences come from event_sequence, taken after the shared lock.
CREATE OR REPLACE FUNCTION journal_append(
  p_organization_id uuid, p_count integer, p_notes jsonb, p_request_id text, p_idempotency_key text,
  p_surface text, p_actor jsonb, p_actor_type text, p_actor_id text, p_actor_key_prefix text,
  p_client_ip text, p_user_agent text
) RETURNS TABLE (id uuid, sequence bigint, type text) LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(25974, event_writers_lock_key(p_organization_id));
  RETURN QUERY
  WITH note AS MATERIALIZED (
    SELECT n.*, nextval('event_sequence') AS seqno
    FROM (SELECT * FROM jsonb_to_recordset(p_notes) AS r(
      i int, type text, resource_type text, resource_id text, resource_version int, phone_number text,
      data jsonb, previous_attributes jsonb, changes jsonb, only_endpoint_id uuid) ORDER BY r.i) AS n
  ),
  ev AS (
    INSERT INTO events AS e (organization_id, sequence, type, resource_type, resource_id, resource_version, phone_number,
                             data, previous_attributes, request_id, idempotency_key, surface, actor, created_at)
    SELECT p_organization_id, note.seqno, note.type, note.resource_type, note.resource_id, note.resource_version,
           note.phone_number, note.data, note.previous_attributes, p_request_id, p_idempotency_key, p_surface, p_actor,
           clock_timestamp()
    FROM note ORDER BY note.seqno
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
