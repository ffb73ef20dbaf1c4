import { Type } from 'typebox';
import type { ApiKeyInfo } from '../auth/api-keys.service.js';
import { SCOPES } from '../auth/scopes.js';
import { CursorPageQuery, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import type { Organization } from './orgs.service.js';

/** The native /v1 shapes of organizations and their API keys (operator endpoints). */

export const OrganizationSchema = Type.Object({
  id: Uuid('The organization id.'),
  object: Type.Literal('organization', { description: 'Always organization.' }),
  name: Type.String({ description: 'Its name.', example: 'Acme Voice' }),
  account_sid: Type.String({
    description: 'Its Twilio-style account sid, for the LaML and Twilio-compatible APIs.',
    example: 'AC5f0c8f4e2a434a5b9b1e0a7b3b1c2d3e',
  }),
  created_at: Timestamp('When it was created.'),
});

const apiKeyFields = {
  id: Uuid('The key id.'),
  object: Type.Literal('api_key', { description: 'Always api_key.' }),
  organization_id: Uuid('The organization the key acts for.'),
  name: Type.String({ description: 'A label.', example: 'production' }),
  prefix: Type.String({ description: 'The visible start of the key, to recognise it.', example: 'dt_Ab12Cd34' }),
  scopes: Type.Array(StringEnum(SCOPES, { description: 'A scope.' }), { description: 'What the key may do.' }),
  created_at: Timestamp('When it was created.'),
  last_used_at: Nullable(Timestamp('When it last authenticated a request, to the minute.')),
  revoked_at: Nullable(Timestamp('When it was revoked; a revoked key authenticates nothing.')),
};

export const ApiKeySchema = Type.Object(apiKeyFields);

/** The key a request authenticated with, as that key's holder may see it. */
export const CurrentKeySchema = Type.Object({
  object: apiKeyFields.object,
  id: apiKeyFields.id,
  organization_id: apiKeyFields.organization_id,
  prefix: apiKeyFields.prefix,
  scopes: apiKeyFields.scopes,
});

export const NewApiKeySchema = Type.Object({
  ...apiKeyFields,
  key: Type.String({ description: 'The key itself. Shown this once; store it now.', example: 'dt_Ab12Cd34...' }),
});

/** An operation that takes no query parameters: any one sent is refused, as on every list. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

export const OrgParams = Type.Object({ id: Uuid('The organization id.') }, { additionalProperties: false });
export const KeyParams = Type.Object({ id: Uuid('The organization id.'), key_id: Uuid('The key id.') }, { additionalProperties: false });

export const ORGS_PAGE_SIZE = 50;
/** limit and cursor of the operator lists (organizations, API keys). */
export const OrgsPageQuery = CursorPageQuery(ORGS_PAGE_SIZE, 200);

export function toOrganization(org: Organization) {
  return { id: org.id, object: 'organization' as const, name: org.name, account_sid: org.account_sid, created_at: org.created_at.toISOString() };
}

export function toApiKey(info: ApiKeyInfo) {
  return {
    id: info.id,
    object: 'api_key' as const,
    organization_id: info.organization_id,
    name: info.name,
    prefix: info.prefix,
    scopes: info.scopes,
    created_at: info.created_at.toISOString(),
    last_used_at: info.last_used_at?.toISOString() ?? null,
    revoked_at: info.revoked_at?.toISOString() ?? null,
  };
}
