-- Number groups: a named group of an organization's numbers (SignalWire's number_groups, and
-- /v1/number-groups). A membership puts one number in one group; a number may be in several
-- groups, once in each. A released number's memberships stay in the table but are never
-- shown: every read joins the number and keeps only held ones.
CREATE TABLE number_groups (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
  sticky_sender   boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  -- The target of the memberships' foreign key, so a membership is in its group's organization.
  UNIQUE (organization_id, id)
);

CREATE INDEX number_groups_organization_created ON number_groups (organization_id, created_at DESC, id DESC);

CREATE TABLE number_group_memberships (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  number_group_id uuid NOT NULL,
  phone_number_id uuid NOT NULL REFERENCES phone_numbers (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, number_group_id) REFERENCES number_groups (organization_id, id) ON DELETE CASCADE,
  UNIQUE (number_group_id, phone_number_id)
);

-- A group's members newest first (the list path); it serves the group's foreign key too.
CREATE INDEX number_group_memberships_group_created
  ON number_group_memberships (organization_id, number_group_id, created_at DESC, id DESC);
CREATE INDEX number_group_memberships_phone_number ON number_group_memberships (phone_number_id);
