import { Type, type Static } from 'typebox';
import { FormBoolean } from '../shared/query.js';

/** Request shapes of Talkover's phone-number API (seed 004). */

const TALKOVER_TYPES = ['voice', 'sms', 'whatsapp', 'mms', 'fax'] as const;

export const TalkoverListQuerySchema = Type.Object(
  {
    type: Type.Optional(Type.Enum([...TALKOVER_TYPES], { type: 'string', description: 'Numbers of this type.' })),
    has_voice: Type.Optional(FormBoolean('With (true) or without (false) voice.')),
    has_whatsapp: Type.Optional(FormBoolean('With (true) or without (false) WhatsApp.')),
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Phone number or id.' })),
  },
  { additionalProperties: false },
);
export type TalkoverListQuery = Static<typeof TalkoverListQuerySchema>;

export const TalkoverIdParams = Type.Object(
  { id: Type.String({ format: 'uuid', description: 'The id of the phone number.' }) },
  { additionalProperties: false },
);

export const CallingParams = Type.Object(
  { agent_id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$', description: 'The agent.' }) },
  { additionalProperties: false },
);

export const CallingBodySchema = Type.Object(
  {
    direction: Type.Enum(['inbound', 'outbound', 'both'], { type: 'string', description: 'Which calls the agent handles.' }),
    phone_number_ids: Type.Array(Type.String({ format: 'uuid' }), {
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
      description: 'The numbers the agent calls from or answers.',
    }),
  },
  { additionalProperties: false },
);
