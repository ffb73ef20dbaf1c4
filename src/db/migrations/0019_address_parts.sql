-- The parts of an address some surfaces take and give back one by one: SignalWire's and
-- Telnyx's first and last name, SignalWire's street number and name, Telnyx's business name,
-- neighborhood, borough, contact number, customer reference and address-book flag. The whole
-- fields (customer_name, street) stay what every surface reads; a part is kept only while the
-- whole field it makes up is the one it was given with (a change of the whole clears it).
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS first_name text CHECK (length(first_name) <= 200);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS last_name text CHECK (length(last_name) <= 200);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS business_name text CHECK (length(business_name) <= 200);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS street_number text CHECK (length(street_number) <= 50);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS street_name text CHECK (length(street_name) <= 200);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS neighborhood text CHECK (length(neighborhood) <= 100);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS borough text CHECK (length(borough) <= 100);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS phone_number text CHECK (length(phone_number) <= 32);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS customer_reference text CHECK (length(customer_reference) <= 200);
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS address_book boolean NOT NULL DEFAULT true;

-- When the address last passed Dialtone's check for emergency calling (see address-check.ts);
-- null if it never did, or changed since.
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS validated_at timestamptz;
