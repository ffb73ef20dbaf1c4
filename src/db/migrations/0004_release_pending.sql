-- A release of a bought number is two acts in two systems: the carrier lets the number go,
-- then Dialtone records it released. release_pending is the number between the two (the
-- carrier call under way, or its answer unknown after a timeout or a crash). It is still held
-- (the unique index on held numbers keeps it so), it is neither billed nor changed, and the
-- release reconciler finishes it: released, or back to release_from if the carrier refuses.
ALTER TABLE phone_numbers DROP CONSTRAINT phone_numbers_status_check;
ALTER TABLE phone_numbers ADD CONSTRAINT phone_numbers_status_check CHECK (status IN
  ('purchase_pending', 'purchase_failed', 'port_pending', 'port_failed',
   'active', 'suspended', 'release_pending', 'released'));

-- The status to go back to when the carrier refuses the release.
ALTER TABLE phone_numbers ADD COLUMN release_from text CHECK (release_from IN
  ('purchase_failed', 'port_pending', 'port_failed', 'active', 'suspended'));
-- When the latest carrier call for the release began: the reconciler claims a release whose
-- call is older than any call can take, by moving this forward in one conditional write.
ALTER TABLE phone_numbers ADD COLUMN release_started_at timestamptz;
ALTER TABLE phone_numbers ADD CONSTRAINT phone_numbers_release_pending_check
  CHECK ((status = 'release_pending') = (release_from IS NOT NULL AND release_started_at IS NOT NULL));

-- The reconciler's path across organizations: releases left pending, oldest call first.
CREATE INDEX phone_numbers_release_pending_idx ON phone_numbers (release_started_at)
  WHERE status = 'release_pending';
