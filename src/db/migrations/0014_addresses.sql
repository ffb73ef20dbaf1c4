-- Addresses of an organization: where its customers are, for the numbers that need one by
-- regulation (a number's address) and for emergency calling (a number's emergency address).
-- One model for every surface: Twilio's Addresses and the native /v1/addresses.

CREATE TABLE addresses (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id   uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  customer_name     text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
  friendly_name     text CHECK (length(friendly_name) <= 64),
  street            text NOT NULL CHECK (length(street) BETWEEN 1 AND 200),
  street_secondary  text CHECK (length(street_secondary) <= 200),
  city              text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  region            text NOT NULL CHECK (length(region) BETWEEN 1 AND 100),
  postal_code       text NOT NULL CHECK (length(postal_code) BETWEEN 1 AND 20),
  iso_country       char(2) NOT NULL CHECK (iso_country ~ '^[A-Z]{2}$'),
  emergency_enabled boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  -- The target of the numbers' reference, which carries the organization with the address.
  UNIQUE (organization_id, id)
);
CREATE INDEX addresses_org_created_idx ON addresses (organization_id, created_at DESC, id DESC);

-- A number's address and its regulatory references. The address is one of the organization's
-- own: the reference includes the organization, so no number can point at another's address.
-- An address a held number uses is not deleted (the service refuses, with the address locked);
-- a released number's record lets go of it (SET NULL of that one column, PostgreSQL 15+).
ALTER TABLE phone_numbers ADD COLUMN address_id uuid;
ALTER TABLE phone_numbers ADD COLUMN identity_sid text CHECK (length(identity_sid) <= 64);
ALTER TABLE phone_numbers ADD COLUMN bundle_sid text CHECK (length(bundle_sid) <= 64);
ALTER TABLE phone_numbers ADD CONSTRAINT phone_numbers_address_fkey
  FOREIGN KEY (organization_id, address_id) REFERENCES addresses (organization_id, id) ON DELETE SET NULL (address_id);
CREATE INDEX phone_numbers_org_address_idx ON phone_numbers (organization_id, address_id) WHERE address_id IS NOT NULL;
