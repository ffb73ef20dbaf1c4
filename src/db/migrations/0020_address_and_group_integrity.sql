-- A number's emergency address, guarded as its address is by a foreign key.
--
-- emergency_address_id is text: before addresses were Dialtone's own it held whatever id a
-- provider gave the address, and numbers imported then keep such ids. No foreign key can
-- reference addresses from it, so the service checked that a named address existed, then
-- wrote the number, each in its own transaction; an address deleted in between (its delete
-- counted no number using it yet) left the number naming an address that no longer existed.
--
-- This trigger does what the foreign key does for address_id: a number written to name an
-- address by its id (a uuid) takes a key-share lock on that address of its organization, in
-- the same statement as the write, and is refused (SQLSTATE 23503, under the constraint name
-- the repository translates) when there is none. The address's delete locks it FOR UPDATE
-- before counting its users, so one waits for the other: a number written first is counted
-- and the delete refused; a delete committed first leaves no row to lock and the write is
-- refused. Ids that are no uuid are a provider's, named no address of Dialtone's, and are left
-- as they are; a value kept unchanged is not checked again.
CREATE OR REPLACE FUNCTION phone_number_emergency_address_exists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.emergency_address_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM addresses
   WHERE organization_id = NEW.organization_id AND id = NEW.emergency_address_id::uuid
   FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'emergency address % is not an address of organization %', NEW.emergency_address_id, NEW.organization_id
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'phone_numbers_emergency_address_fkey', TABLE = 'phone_numbers';
  END IF;
  RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS phone_numbers_emergency_address_inserted ON phone_numbers;
CREATE TRIGGER phone_numbers_emergency_address_inserted
  BEFORE INSERT ON phone_numbers
  FOR EACH ROW WHEN (NEW.emergency_address_id IS NOT NULL)
  EXECUTE FUNCTION phone_number_emergency_address_exists();

DROP TRIGGER IF EXISTS phone_numbers_emergency_address_changed ON phone_numbers;
CREATE TRIGGER phone_numbers_emergency_address_changed
  BEFORE UPDATE OF emergency_address_id ON phone_numbers
  FOR EACH ROW WHEN (NEW.emergency_address_id IS NOT NULL AND NEW.emergency_address_id IS DISTINCT FROM OLD.emergency_address_id)
  EXECUTE FUNCTION phone_number_emergency_address_exists();

-- A released number leaves its groups, in the release's own unit of work (releases.service.ts).
-- The memberships numbers released before then kept (never shown) go now.
DELETE FROM number_group_memberships m
 USING phone_numbers p
 WHERE p.id = m.phone_number_id AND p.status = 'released';
