import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { adminSecurity, requireAdmin } from '../auth/auth.hooks.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import { SCOPES, type Scope } from '../auth/scopes.js';
import { problems, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import type { Organization, OrgsService } from './orgs.service.js';

export interface OrgsRoutesDeps {
  orgs: OrgsService;
  keys: ApiKeysService;
  adminToken: string | null;
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

const ApiKeySchema = Type.Object({
  id: Uuid('The key id.'),
  object: Type.Literal('api_key', { description: 'Always api_key.' }),
  organization_id: Uuid('The organization the key acts for.'),
  name: Type.String({ description: 'A label.', example: 'production' }),
  prefix: Type.String({ description: 'The visible start of the key, to recognise it.', example: 'dt_Ab12Cd34' }),
  scopes: Type.Array(StringEnum(SCOPES, { description: 'A scope.' }), { description: 'What the key may do.' }),
  created_at: Timestamp('When it was created.'),
  key: Type.String({ description: 'The key itself. Shown this once; store it now.', example: 'dt_Ab12Cd34...' }),
});

const OrgParams = Type.Object({ id: Uuid('The organization id.') }, { additionalProperties: false });

function toOrganization(org: Organization) {
  return { id: org.id, object: 'organization' as const, name: org.name, account_sid: org.account_sid, created_at: org.created_at.toISOString() };
}

/** Operator endpoints: organizations and their API keys. */
export async function orgsRoutes(app: FastifyInstance, deps: OrgsRoutesDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { preHandler: requireAdmin(deps.adminToken) };
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
        response: { 201: ApiKeySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const org = await deps.orgs.get(request.params.id);
      const { key, info } = await deps.keys.create(org.id, request.body.name ?? 'api key', request.body.scopes as Scope[]);
      return reply.code(201).send({
        id: info.id,
        object: 'api_key' as const,
        organization_id: info.organization_id,
        name: info.name,
        prefix: info.prefix,
        scopes: info.scopes as Scope[],
        created_at: info.created_at.toISOString(),
        key,
      });
    },
  );
}
