-- Fewer index entries for each write of a number.
--
-- A change of a number that touches an indexed column (a rename, a tag, an assignment) adds an
-- entry to every index of phone_numbers whose predicate the row meets. Three indexes held an
-- entry for every number although their filters only ever look for numbers that have a value:
-- the billing group and the emergency address (a filter for "none" walks the organization's
-- numbers instead, most of which have none) and the trigram index of the connection's name.
-- They now hold only the numbers with a value.
DROP INDEX IF EXISTS phone_numbers_org_billing_group_idx;
CREATE INDEX phone_numbers_org_billing_group_idx ON phone_numbers (organization_id, billing_group_id)
  WHERE billing_group_id IS NOT NULL;
DROP INDEX IF EXISTS phone_numbers_org_emergency_address_idx;
CREATE INDEX phone_numbers_org_emergency_address_idx ON phone_numbers (organization_id, emergency_address_id)
  WHERE emergency_address_id IS NOT NULL;
DROP INDEX IF EXISTS phone_numbers_org_connection_name_trgm_idx;
CREATE INDEX phone_numbers_org_connection_name_trgm_idx
  ON phone_numbers USING gin (organization_id, connection_name public.gin_trgm_ops)
  WHERE connection_name IS NOT NULL;

