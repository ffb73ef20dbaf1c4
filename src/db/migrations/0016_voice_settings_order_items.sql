-- A number's voice settings beyond its switches, and the settings only one provider's clients
-- use. Call forwarding's destination and type, the CNAM listing's name, the recording's format
-- and channels and how voice usage is billed are one concept each across surfaces: columns.
-- Settings that only Telnyx's API speaks of (tech prefix, translated number, RTP tuning, the
-- messaging product) are kept for its clients as they set them, by provider, in one document.
ALTER TABLE phone_numbers
  ADD COLUMN IF NOT EXISTS call_forwarding_to text CHECK (call_forwarding_to ~ '^\+[1-9][0-9]{6,14}$'),
  ADD COLUMN IF NOT EXISTS call_forwarding_type text NOT NULL DEFAULT 'always'
    CHECK (call_forwarding_type IN ('always', 'on_failure')),
  ADD COLUMN IF NOT EXISTS cnam_listing_details text CHECK (cnam_listing_details ~ '^[A-Za-z0-9 ]{1,15}$'),
  ADD COLUMN IF NOT EXISTS call_recording_format text NOT NULL DEFAULT 'wav'
    CHECK (call_recording_format IN ('wav', 'mp3')),
  ADD COLUMN IF NOT EXISTS call_recording_channels text NOT NULL DEFAULT 'single'
    CHECK (call_recording_channels IN ('single', 'dual')),
  ADD COLUMN IF NOT EXISTS usage_payment_method text NOT NULL DEFAULT 'per_minute'
    CHECK (usage_payment_method IN ('per_minute', 'channel')),
  ADD COLUMN IF NOT EXISTS provider_settings jsonb NOT NULL DEFAULT '{}'::jsonb
    CHECK (jsonb_typeof(provider_settings) = 'object' AND length(provider_settings::text) <= 4000);

-- The country of each number of an order, so the orders' numbers can be listed by country;
-- items from before it take their number's country where the number was claimed.
ALTER TABLE number_order_items ADD COLUMN IF NOT EXISTS country text CHECK (country ~ '^[A-Z]{2}$');
UPDATE number_order_items AS i SET country = p.country
  FROM phone_numbers AS p
  WHERE i.country IS NULL AND i.phone_number_id = p.id AND i.organization_id = p.organization_id;

-- The orders' numbers of an organization, newest first: all of them, or of one country.
CREATE INDEX IF NOT EXISTS number_order_items_org_created_idx ON number_order_items (organization_id, created_at DESC, order_id DESC, position);
CREATE INDEX IF NOT EXISTS number_order_items_org_country_idx ON number_order_items (organization_id, country, created_at DESC, order_id DESC, position);
