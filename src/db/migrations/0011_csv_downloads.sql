-- CSV downloads: an organization's request for a CSV of its numbers (Telnyx's
-- /v2/phone_numbers/csv_downloads). The file is written when it is fetched, from the filters
-- kept here, by the same export as GET /v1/phone-numbers/export.
CREATE TABLE csv_downloads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  csv_format text NOT NULL CHECK (csv_format IN ('V1', 'V2')),
  filter jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX csv_downloads_organization_created ON csv_downloads (organization_id, created_at DESC, id DESC);
