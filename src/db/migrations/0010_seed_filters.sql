-- The list filters and the sort Telnyx's GET /phone_numbers documents, served natively too:
-- the connection's name (exactly, or containing, starting or ending with text, ignoring case),
-- the emergency address (or none), and the date a number came to its organization (bought,
-- else imported or ported in), which Telnyx shows as purchased_at and sorts by.
CREATE INDEX IF NOT EXISTS phone_numbers_org_connection_name_idx ON phone_numbers (organization_id, connection_name)
  WHERE connection_name IS NOT NULL;
CREATE INDEX IF NOT EXISTS phone_numbers_org_connection_name_trgm_idx
  ON phone_numbers USING gin (organization_id, connection_name public.gin_trgm_ops);
CREATE INDEX IF NOT EXISTS phone_numbers_org_emergency_address_idx ON phone_numbers (organization_id, emergency_address_id);
CREATE INDEX IF NOT EXISTS phone_numbers_org_acquired_idx
  ON phone_numbers (organization_id, (COALESCE(purchased_at, created_at)), id);
