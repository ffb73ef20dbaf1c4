import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { adminSecurity, requireAdmin } from '../auth/auth.hooks.js';
import type { ApiKeyInfo, ApiKeysService } from '../auth/api-keys.service.js';
import { SCOPES, type Scope } from '../auth/scopes.js';
import type { CursorSigner } from '../cursors/cursor-signer.js';
import { pageNewestFirst } from '../http/created-cursor.js';
import { CursorPage, CursorPageQuery, Nullable, problems, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import type { Organization, OrgsService } from './orgs.service.js';

export interface OrgsRoutesDeps {
  orgs: OrgsService;
  keys: ApiKeysService;
  adminToken: string | null;
  cursors: CursorSigner;
}

const OrganizationSchema = Type.Object({
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

const ApiKeySchema = Type.Object(apiKeyFields);

const NewApiKeySchema = Type.Object({
  ...apiKeyFields,
  key: Type.String({ description: 'The key itself. Shown this once; store it now.', example: 'dt_Ab12Cd34...' }),
});

const OrgParams = Type.Object({ id: Uuid('The organization id.') }, { additionalProperties: false });
const KeyParams = Type.Object({ id: Uuid('The organization id.'), key_id: Uuid('The key id.') }, { additionalProperties: false });

const PAGE_SIZE = 50;
const PageQuery = CursorPageQuery(PAGE_SIZE, 200);

function toOrganization(org: Organization) {
  return { id: org.id, object: 'organization' as const, name: org.name, account_sid: org.account_sid, created_at: org.created_at.toISOString() };
}

function toApiKey(info: ApiKeyInfo) {
  return {
    id: info.id,
    object: 'api_key' as const,
    organization_id: info.organization_id,
    name: info.name,
    prefix: info.prefix,
    scopes: info.scopes as Scope[],
    created_at: info.created_at.toISOString(),
    last_used_at: info.last_used_at?.toISOString() ?? null,
    revoked_at: info.revoked_at?.toISOString() ?? null,
  };
}

/** Operator endpoints: organizations and their API keys. */
export async function orgsRoutes(app: FastifyInstance, deps: OrgsRoutesDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { onRequest: requireAdmin(deps.adminToken) };
  const tags = ['Operator'];

  r.post(
    '/v1/organizations',
    {
      ...admin,
      schema: {
        summary: 'Create an organization',
        tags,
        security: adminSecurity,
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200, description: 'Its name.', example: 'Acme Voice' }) },
          { additionalProperties: false },
        ),
        response: { 201: OrganizationSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(toOrganization(await deps.orgs.create(request.body.name))),
  );

  r.get(
    '/v1/organizations/:id',
    {
      ...admin,
      schema: {
        summary: 'Retrieve an organization',
        tags,
        security: adminSecurity,
        params: OrgParams,
        response: { 200: OrganizationSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => toOrganization(await deps.orgs.get(request.params.id)),
  );

  r.post(
    '/v1/organizations/:id/api-keys',
    {
      ...admin,
      schema: {
        summary: 'Create an API key for an organization',
        tags,
        security: adminSecurity,
        params: OrgParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A label.', example: 'production' })),
            scopes: Type.Array(StringEnum(SCOPES, { description: 'A scope.' }), {
              minItems: 1,
              uniqueItems: true,
              description: 'What the key may do.',
              example: ['phone_numbers:read'],
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: NewApiKeySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const org = await deps.orgs.get(request.params.id);
      const { key, info } = await deps.keys.create(org.id, request.body.name ?? 'api key', request.body.scopes as Scope[]);
      return reply.code(201).send({ ...toApiKey(info), key });
    },
  );

  r.get(
    '/v1/organizations',
    {
      ...admin,
      schema: {
        summary: 'List organizations',
        description: 'Every organization, newest first.',
        tags,
        security: adminSecurity,
        querystring: PageQuery,
        response: { 200: CursorPage(OrganizationSchema, 'Organizations, newest first.'), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      return pageNewestFirst(deps.cursors, request.query, PAGE_SIZE, (limit, after) => deps.orgs.list(limit, after), toOrganization);
    },
  );

  r.get(
    '/v1/organizations/:id/api-keys',
    {
      ...admin,
      schema: {
        summary: "List an organization's API keys",
        description: 'Newest first, revoked keys included. The keys themselves are never shown again: only their prefix.',
        tags,
        security: adminSecurity,
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: CursorPage(ApiKeySchema, 'API keys, newest first.'), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const org = await deps.orgs.get(request.params.id);
      return pageNewestFirst(deps.cursors, request.query, PAGE_SIZE, (limit, after) => deps.keys.list(org.id, limit, after), toApiKey);
    },
  );

  r.delete(
    '/v1/organizations/:id/api-keys/:key_id',
    {
      ...admin,
      schema: {
        summary: 'Revoke an API key',
        description:
          'The key authenticates nothing from the next request on, in every Dialtone process. The record stays, with ' +
          'revoked_at; revoking it again changes nothing.',
        tags,
        security: adminSecurity,
        params: KeyParams,
        response: { 200: ApiKeySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => toApiKey(await deps.keys.revoke(request.params.id, request.params.key_id)),
  );
}
