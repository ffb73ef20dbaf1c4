-- Bulk jobs gain an action: update_emergency turns emergency calling on (with its address) or
-- off over many numbers, as the Telnyx surface's emergency-settings jobs ask. Dropped and added
-- again so the migration can run twice.
ALTER TABLE bulk_jobs DROP CONSTRAINT IF EXISTS bulk_jobs_action_check;
ALTER TABLE bulk_jobs ADD CONSTRAINT bulk_jobs_action_check CHECK (action IN ('update', 'update_emergency', 'assign', 'unassign', 'release'));
