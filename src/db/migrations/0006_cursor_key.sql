-- The key that signs list cursors, one per database so that every Dialtone process on it
-- accepts the cursors of the others. 244 random bits from two version-4 uuids
-- (gen_random_uuid draws from the server's strong random source).
CREATE TABLE IF NOT EXISTS platform_keys (
  name text PRIMARY KEY,
  secret bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO platform_keys (name, secret)
VALUES ('cursor', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))
ON CONFLICT (name) DO NOTHING;
