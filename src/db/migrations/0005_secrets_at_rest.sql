-- A port-out PIN is a secret: it is stored sealed (AES-256-GCM under DIALTONE_SECRET_KEY, bound
-- to the organization), like carrier credentials. The plain column is no longer written; PINs
-- stored in it before are sealed by the server when it starts with a key (and cleared there),
-- so a migration without the key loses none of them. It stays until then, read only by that step.
ALTER TABLE phone_numbers ADD COLUMN external_pin_sealed text;
-- Whether a PIN is set, sealed or still waiting to be: what the API reports, without any
-- reader touching either column.
ALTER TABLE phone_numbers ADD COLUMN external_pin_set boolean NOT NULL
  GENERATED ALWAYS AS (external_pin_sealed IS NOT NULL OR external_pin IS NOT NULL) STORED;
-- The sealing step's path: the few rows still holding a plain PIN.
CREATE INDEX phone_numbers_unsealed_pin_idx ON phone_numbers (id) WHERE external_pin IS NOT NULL;

-- A carrier account's credentials_hint showed the last characters of a secret. It now names
-- the credential fields stored; hints written before are replaced with the fields each
-- carrier's accounts had to give then (every field was required, no other was taken).
UPDATE carrier_accounts SET credentials_hint = CASE carrier
    WHEN 'telnyx' THEN 'set: api_key'
    WHEN 'twilio' THEN 'set: account_sid, auth_token'
    WHEN 'signalwire' THEN 'set: api_token, project_id'
    ELSE 'set'
  END
  WHERE credentials_sealed IS NOT NULL;
