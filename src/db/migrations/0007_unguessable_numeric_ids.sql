-- A number's numeric id (the id of the surfaces whose ids are digit strings, such as Telnyx's)
-- was drawn from one platform-wide counter, so any tenant could read from its own ids how many
-- numbers the whole platform holds. New numbers draw it at random instead: 52 bits from the
-- server's strong random source, above 10^15 so every id has 16 digits, below 2^53 so it stays
-- exact wherever a client reads it as a number. Ids already given out stay as they are:
-- clients have stored them.
ALTER TABLE phone_numbers ALTER COLUMN seq DROP IDENTITY IF EXISTS;
ALTER TABLE phone_numbers ALTER COLUMN seq
  SET DEFAULT 1000000000000000 + ('x' || substr(md5(gen_random_uuid()::text), 1, 13))::bit(52)::bigint;
