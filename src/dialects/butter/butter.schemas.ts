import { Type } from 'typebox';

/** Request shapes of Butter AI's phone-number API (seed 002). */

/** Butter's id form (phon_a1b2c3d4e5f6): one that is not a Dialtone number's is not found, not malformed. */
const PhoneNumberId = Type.String({
  pattern: '^phon_[0-9a-f]{1,64}$',
  description: 'The id of the phone number: phon_ and hex digits (32 for a Dialtone number).',
});

export const ButterListQuerySchema = Type.Object(
  {
    status: Type.Optional(Type.Enum(['free', 'assigned'], { type: 'string', description: 'Free or assigned to an agent.' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'next_cursor of the previous page.' })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Numbers per page.' })),
  },
  { additionalProperties: false },
);

export const ButterIdParams = Type.Object({ phone_number_id: PhoneNumberId }, { additionalProperties: false });

export const ButterImportBodySchema = Type.Object(
  {
    phone_number: Type.String({ minLength: 3, maxLength: 32, description: 'The number, in E.164.' }),
    provider: Type.Enum(['twilio', 'telnyx', 'signalwire', 'sip', 'byoc'], { type: 'string', description: 'Who serves it.' }),
    supports_inbound: Type.Optional(Type.Boolean({ description: 'Receives calls.', default: true })),
    supports_outbound: Type.Optional(Type.Boolean({ description: 'Places calls.', default: true })),
  },
  { additionalProperties: false },
);

export const ButterAssignParams = Type.Object(
  { agent_id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$', description: 'The agent.' }) },
  { additionalProperties: false },
);

export const ButterAssignBodySchema = Type.Object({ phone_number_id: PhoneNumberId }, { additionalProperties: false });
