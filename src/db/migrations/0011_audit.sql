-- The audit log is read newest first by (created_at, id), in pages whose cursors carry the
-- millisecond. Kept to the millisecond, the column's own order is the cursor's, so the
-- (organization_id, created_at DESC, id DESC) and (created_at DESC, id DESC) indexes of 0008
-- serve every page directly instead of sorting an organization's whole log for each one.
ALTER TABLE audit_log ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', clock_timestamp());

-- Records written before this migration are cut to the millisecond once. The log is otherwise
-- append-only: the trigger that refuses updates is off for this statement only.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log SET created_at = date_trunc('milliseconds', created_at)
  WHERE created_at <> date_trunc('milliseconds', created_at);
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;

-- "What did this key do": the actor filter, newest first, within an organization.
CREATE INDEX audit_log_actor_idx ON audit_log (organization_id, actor_id, created_at DESC, id DESC) WHERE actor_id IS NOT NULL;
