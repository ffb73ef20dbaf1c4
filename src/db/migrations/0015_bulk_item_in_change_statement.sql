-- A bulk job's item settled by the statement that changes its number.
--
-- An item used to be marked done by a write of its own in its number's change's transaction:
-- BEGIN, lock the number, write it, mark the item, write the journal, COMMIT, six round trips.
-- A single change of a number is one statement (the write with its journal, NumbersRepo.
-- changeAtVersion); an item's change now is that same statement, with this call in it: it
-- marks the item succeeded, and when the item is no longer pending (another worker settled it
-- after this one's lease ran out, or the job was canceled) it raises SQLSTATE DT001, which
-- rolls back the whole statement: the number's change and its journal with it.

CREATE OR REPLACE FUNCTION bulk_item_succeeded(p_organization_id uuid, p_job_id uuid, p_position integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bulk_job_items SET outcome = 'succeeded', changed = true, processed_at = now()
  WHERE organization_id = p_organization_id AND job_id = p_job_id AND position = p_position AND outcome = 'pending';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'bulk job item % of job % is settled already', p_position, p_job_id USING ERRCODE = 'DT001';
  END IF;
  RETURN 1;
END;
$$;
