-- Bulk jobs: one change (update, assign, unassign, release) applied to many numbers of one
-- organization, each number in its own transaction through the same services as a single
-- change. The targets are resolved to number ids when the job is created (a snapshot), one
-- item row each; every serving process works pending items, claimed in batches with a lease.

CREATE TABLE bulk_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  action text NOT NULL CHECK (action IN ('update', 'assign', 'unassign', 'release')),
  -- What the action sets: the PATCH fields and add_tags/remove_tags, or the agent to assign to.
  params jsonb NOT NULL,
  -- How the targets were given (ids, phone_numbers or filter), as the client sent them.
  target jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'canceled')),
  total integer NOT NULL,
  -- The job whose failed items this job tries again.
  retry_of uuid REFERENCES bulk_jobs (id) ON DELETE SET NULL,
  idempotency_key text,
  request_hash text NOT NULL,
  -- Who created the job and through what: its items' changes are recorded as theirs.
  surface text NOT NULL,
  actor jsonb NOT NULL,
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  completed_at timestamptz
);
CREATE INDEX bulk_jobs_org_created_idx ON bulk_jobs (organization_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX bulk_jobs_org_idempotency_key ON bulk_jobs (organization_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX bulk_jobs_retry_of_idx ON bulk_jobs (retry_of) WHERE retry_of IS NOT NULL;
-- The workers look for jobs with work left.
CREATE INDEX bulk_jobs_active_idx ON bulk_jobs (created_at) WHERE status IN ('queued', 'running');

CREATE TABLE bulk_job_items (
  job_id uuid NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
  position integer NOT NULL,
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  -- Null for a target that named no number of the organization (failed at once, not_found).
  phone_number_id uuid,
  -- The number in E.164; as the client gave it when it named no number of the organization.
  phone_number text NOT NULL,
  outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'succeeded', 'failed', 'canceled')),
  -- Whether the item changed the number (false: it already was as the job would make it).
  changed boolean,
  error_code text,
  error_detail text,
  -- A worker holds a pending item until then; after, another may claim it (its worker died).
  claimed_until timestamptz NOT NULL DEFAULT '-infinity',
  processed_at timestamptz,
  PRIMARY KEY (job_id, position)
);
-- The claim: a job's pending items in order.
CREATE INDEX bulk_job_items_pending_idx ON bulk_job_items (job_id, position) WHERE outcome = 'pending';
-- Per-number results, filtered by outcome.
CREATE INDEX bulk_job_items_outcome_idx ON bulk_job_items (job_id, outcome, position);
CREATE INDEX bulk_job_items_org_idx ON bulk_job_items (organization_id);
