-- List filters on the low-cardinality attributes (country, number_type, carrier, source) and
-- on capabilities had no index: a filter matching few of an organization's numbers read all of
-- them through the sort index (at 100,000 numbers in one organization, capability=whatsapp,fax
-- took 1.2 s, country=JP 190 ms). One GIN index, btree_gin for the scalar columns, serves any
-- combination of them; filters that match many numbers still page through the sort indexes.
CREATE INDEX phone_numbers_org_attributes_idx
  ON phone_numbers USING gin (organization_id, country, number_type, carrier, source, capabilities);
