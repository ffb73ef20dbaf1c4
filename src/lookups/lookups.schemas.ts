import { Type } from 'typebox';
import { E164, Nullable, StringEnum } from '../http/schema-kit.js';
import { NUMBER_TYPES } from '../numbers/vocabulary.js';
import { LINE_TYPES, type NumberLookup } from './lookups.service.js';

/** The native /v1 shape of a number lookup. */

export const LookupParams = Type.Object(
  {
    number: Type.String({
      pattern: '^\\+?[1-9][0-9]{1,16}$',
      description: 'The number in E.164 (encode the + as %2B, or leave it out).',
      example: '+14155552671',
    }),
  },
  { additionalProperties: false },
);

export const NumberLookupSchema = Type.Object({
  object: Type.Literal('number_lookup', { description: 'Always number_lookup.' }),
  number: E164,
  possible: Type.Boolean({ description: 'Whether the number has a length its numbering plan allows.', example: true }),
  valid: Type.Boolean({ description: 'Whether the number is in a range its numbering plan assigns.', example: true }),
  country: Nullable(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2; null when several countries share the calling code and the number is not valid.', example: 'US' })),
  country_calling_code: Type.String({ pattern: '^[0-9]{1,3}$', description: 'The country calling code.', example: '1' }),
  national_number: Type.String({ pattern: '^[0-9]+$', description: 'The national significant number.', example: '4155552671' }),
  national_format: Type.String({ description: 'As dialled within the country.', example: '(415) 555-2671' }),
  international_format: Type.String({ description: 'As dialled from abroad.', example: '+1 415 555 2671' }),
  line_type: Nullable(StringEnum(LINE_TYPES, { description: 'What the numbering plan says the number is; null when not valid.', example: 'fixed_line_or_mobile' })),
  number_type: Nullable(StringEnum(NUMBER_TYPES, { description: "The type as Dialtone's number records give it; null when not valid.", example: 'local' })),
  location: Nullable(
    Type.Object(
      {
        description: Type.String({ description: 'The place the range serves, as the numbering data writes it in English.', example: 'San Francisco, CA' }),
        city: Nullable(
          Type.String({
            description: "The city, where the data names one, as number search names it (in the country's own language where the data has it: München).",
            example: 'San Francisco',
          }),
        ),
        region: Nullable(
          Type.String({
            description:
              'ISO 3166-2 subdivision code without the country, as number search gives it: from the numbering data in North America and Brazil, ' +
              'from the numbering plan and the GeoNames gazetteer in GB, DE, FR and AU; null where neither tells it.',
            example: 'CA',
          }),
        ),
      },
      { description: 'Where a geographic number is; null for numbers of no place (mobile, toll-free) or not in the data.' },
    ),
  ),
  time_zones: Type.Array(Type.String({ description: 'An IANA time zone.', example: 'America/Los_Angeles' }), {
    description: 'The time zones the number may be in; empty when not valid.',
  }),
  original_carrier: Nullable(
    Type.String({
      description: 'The carrier the range was assigned to, where the numbering data has it (mostly mobile ranges); a ported number may have moved since.',
      example: 'Vodafone',
    }),
  ),
  caller_name: Type.Null({ description: 'The caller name (CNAM) needs a live query Dialtone does not make: always null.' }),
});

export function toLookupResource(lookup: NumberLookup) {
  return { object: 'number_lookup' as const, ...lookup, caller_name: null };
}
