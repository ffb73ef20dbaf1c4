import { Type, type Static } from 'typebox';
import { DownloadAndJobFilter, VoiceSettingsBodySchema } from './telnyx.schemas.js';

/** Request shapes of Telnyx's phone-number jobs (telnyx-phone-numbers.openapi.json, /phone_numbers/jobs*). */

/** Numbers a Telnyx job may name, and the numbers of a job its answers list. */
export const TELNYX_MAX_JOB_NUMBERS = 1000;

export const TELNYX_JOB_TYPES = ['update_emergency_settings', 'delete_phone_numbers', 'update_phone_numbers'] as const;
export type TelnyxJobType = (typeof TELNYX_JOB_TYPES)[number];

export const TELNYX_JOB_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'expired'] as const;
export type TelnyxJobStatus = (typeof TELNYX_JOB_STATUSES)[number];

const statusList = `^(${TELNYX_JOB_STATUSES.join('|')})(,(${TELNYX_JOB_STATUSES.join('|')}))*$`;

export const JobListQuerySchema = Type.Object(
  {
    filter: Type.Optional(
      Type.Object(
        {
          type: Type.Optional(Type.Enum([...TELNYX_JOB_TYPES], { type: 'string', description: 'Only jobs of this type.' })),
          status: Type.Optional(Type.String({ pattern: statusList, maxLength: 100, description: 'Only jobs in these statuses, comma-separated.' })),
          phone_number: Type.Optional(Type.String({ minLength: 3, maxLength: 400, description: 'Only jobs over one of these numbers (E.164), comma-separated.' })),
        },
        { additionalProperties: false },
      ),
    ),
    page: Type.Optional(
      Type.Object(
        {
          number: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page, from 1.' })),
          size: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 20, description: 'Jobs per page.' })),
        },
        { additionalProperties: false },
      ),
    ),
    sort: Type.Optional(Type.Enum(['created_at'], { type: 'string', description: 'Oldest first; without it, newest first.' })),
  },
  { additionalProperties: false },
);
export type JobListQuery = Static<typeof JobListQuerySchema>;

export const JobIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100, description: 'The job.' }) },
  { additionalProperties: false },
);

const PhoneNumbers = (minItems: number) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 32, description: 'A phone number id, or a phone number in E.164.' }), {
    minItems,
    maxItems: TELNYX_MAX_JOB_NUMBERS,
    description: 'The numbers: all by id or all in E.164.',
  });

export const DeleteJobBodySchema = Type.Object({ phone_numbers: PhoneNumbers(1) }, { additionalProperties: false });
export type DeleteJobBody = Static<typeof DeleteJobBodySchema>;

export const EmergencyJobBodySchema = Type.Object(
  {
    emergency_enabled: Type.Boolean({ description: 'Turn emergency calling on or off.' }),
    emergency_address_id: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], { description: 'The address: required to turn it on; null or left out to turn it off.' }),
    ),
    phone_numbers: PhoneNumbers(1),
  },
  { additionalProperties: false },
);
export type EmergencyJobBody = Static<typeof EmergencyJobBodySchema>;

const Text = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

export const UpdateJobBodySchema = Type.Object(
  {
    phone_numbers: Type.Optional(PhoneNumbers(0)),
    billing_group_id: Type.Optional(Text('The billing group.')),
    connection_id: Type.Optional(Text('The connection.')),
    customer_reference: Type.Optional(Text('Your reference.')),
    deletion_lock_enabled: Type.Optional(Type.Boolean({ description: 'While on, the numbers cannot be deleted.' })),
    external_pin: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{4,12}$', description: 'Port-out PIN: refused in bulk.' })),
    hd_voice_enabled: Type.Optional(Type.Boolean({ description: 'HD voice.' })),
    tags: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^,]+$' }), { maxItems: 50, uniqueItems: true, description: 'The tags every number gets.' }),
    ),
    voice: Type.Optional(VoiceSettingsBodySchema),
  },
  { additionalProperties: false },
);
export type UpdateJobBody = Static<typeof UpdateJobBodySchema>;

/** The numbers an update job works when it names none: those matching these filters (the list's, as its document gives them). */
export const UpdateJobQuerySchema = Type.Object(
  {
    filter: Type.Optional(DownloadAndJobFilter),
  },
  { additionalProperties: false },
);
export type UpdateJobQuery = Static<typeof UpdateJobQuerySchema>;
