import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Butter AI and Talkover publish no OpenAPI document: these schemas transcribe the field
 * lists of their list-phone-numbers documentation pages (the project's seed documents 002
 * and 004; see test/fixtures/provider-specs/README.md), every listed field required and
 * nothing else allowed, so a renamed or missing field fails a test.
 */
const ajv = new Ajv({ strict: true, allErrors: true });
addFormats.default(ajv);

const nullable = (type: string) => ({ type: [type, 'null'] });

const butterNumber = {
  type: 'object',
  additionalProperties: false,
  required: ['phone_number_id', 'phone_number', 'provider', 'status', 'supports_inbound', 'supports_outbound', 'assigned_agent_id', 'created_at'],
  properties: {
    phone_number_id: { type: 'string', pattern: '^phon_[0-9a-f]+$' },
    phone_number: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$' },
    // The documented values: a number from Twilio is twilio, every other origin sip.
    provider: { enum: ['twilio', 'sip'] },
    status: { enum: ['free', 'assigned'] },
    supports_inbound: { type: 'boolean' },
    supports_outbound: { type: 'boolean' },
    assigned_agent_id: nullable('string'),
    created_at: { type: 'string', format: 'date-time' },
  },
};

const butterList = {
  type: 'object',
  additionalProperties: false,
  required: ['success', 'data', 'pagination'],
  properties: {
    success: { const: true },
    data: { type: 'array', items: butterNumber },
    pagination: {
      type: 'object',
      additionalProperties: false,
      required: ['next_cursor', 'has_more', 'page_size', 'total_count'],
      properties: {
        next_cursor: nullable('string'),
        has_more: { type: 'boolean' },
        page_size: { type: 'integer', minimum: 0 },
        total_count: { type: 'integer', minimum: 0 },
      },
    },
  },
};

const butterOne = {
  type: 'object',
  additionalProperties: false,
  required: ['success', 'data'],
  properties: { success: { const: true }, data: butterNumber },
};

const butterError = {
  type: 'object',
  additionalProperties: false,
  required: ['success', 'error'],
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    },
  },
};

const talkoverNumber = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'number', 'country_code', 'formatted_number', 'international_number', 'type', 'has_voice', 'has_sms', 'has_mms',
    'has_fax', 'has_whatsapp', 'current_status', 'is_sandbox', 'current_price', 'currency', 'renewal_date', 'auto_renewal',
    'created_at', 'updated_at', 'monthly_renewal_cost', 'days_until_monthly_renewal', 'is_due_for_monthly_renewal',
  ],
  properties: {
    id: { type: 'string' },
    number: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$' },
    country_code: { type: 'string' },
    formatted_number: { type: 'string' },
    international_number: { type: 'string' },
    type: { enum: ['voice', 'sms', 'whatsapp', 'mms', 'fax'] },
    has_voice: { type: 'boolean' },
    has_sms: { type: 'boolean' },
    has_mms: { type: 'boolean' },
    has_fax: { type: 'boolean' },
    has_whatsapp: { type: 'boolean' },
    current_status: { enum: ['active', 'inactive', 'pending', 'suspended'] },
    is_sandbox: { type: 'boolean' },
    current_price: { type: 'number' },
    currency: { type: 'string' },
    // A date, as the example's "2024-02-15": never empty.
    renewal_date: { type: 'string', format: 'date' },
    auto_renewal: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    monthly_renewal_cost: { type: 'number' },
    days_until_monthly_renewal: { type: 'integer' },
    is_due_for_monthly_renewal: { type: 'boolean' },
  },
};

const talkoverList = {
  type: 'object',
  additionalProperties: false,
  required: ['success', 'data'],
  properties: { success: { const: true }, data: { type: 'array', items: talkoverNumber } },
};

const talkoverOne = {
  type: 'object',
  additionalProperties: false,
  required: ['success', 'data'],
  properties: { success: { const: true }, data: talkoverNumber },
};

const talkoverError = {
  type: 'object',
  additionalProperties: false,
  required: ['success', 'message'],
  properties: {
    success: { const: false },
    message: { type: 'string' },
    code: { enum: ['INVALID_TOKEN', 'VALIDATION_ERROR', 'SERVER_ERROR', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'] },
    errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
};

const compiled = {
  butterList: ajv.compile(butterList),
  butterOne: ajv.compile(butterOne),
  butterError: ajv.compile(butterError),
  talkoverList: ajv.compile(talkoverList),
  talkoverOne: ajv.compile(talkoverOne),
  talkoverError: ajv.compile(talkoverError),
};

export type SeedShape = keyof typeof compiled;

export function assertSeedShape(shape: SeedShape, body: unknown): void {
  const validate: ValidateFunction = compiled[shape];
  if (!validate(body)) {
    throw new Error(`${shape}: ${JSON.stringify(validate.errors?.slice(0, 6))}\nbody: ${JSON.stringify(body).slice(0, 1200)}`);
  }
}
