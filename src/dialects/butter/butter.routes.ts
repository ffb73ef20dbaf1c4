import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ReadFrom } from '../../db/database.js';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { DialectServices } from '../dialect.js';
import { routeConfigs } from '../shared/operations.js';
import { numberId, toButterNumber } from './butter.mapping.js';
import { BUTTER_OPERATIONS } from './butter.operations.js';
import { ButterAssignBodySchema, ButterAssignParams, ButterIdParams, ButterImportBodySchema, ButterListQuerySchema } from './butter.schemas.js';

const operation = routeConfigs(BUTTER_OPERATIONS);

/** /api/phone-numbers and /api/agents/{agent_id}/assign-phone-number. */
export async function butterRoutes(app: FastifyInstance, { numbers, releases }: DialectServices): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  // A read from a replica; a number about to be changed is read from the primary.
  const heldNumber = async (organizationId: string, phoneNumberId: string, from: ReadFrom = 'replica') =>
    await numbers.getHeld(organizationId, numberId(phoneNumberId), phoneNumberId, from);

  r.get(
    '/phone-numbers',
    { config: operation('phone_numbers.list', 'phone_numbers:read'), schema: { hide, querystring: ButterListQuerySchema } },
    async (request) => {
      const q = request.query;
      const size = q.page_size ?? 50;
      const options = { filters: q.status ? { assigned: q.status === 'assigned' } : {}, limit: size };
      const page = await numbers.list(principalOf(request).organizationId, { ...options, cursor: q.cursor, includeTotal: true });
      return {
        success: true,
        data: page.data.map(toButterNumber),
        pagination: {
          next_cursor: numbers.cursorFor(page, options),
          has_more: page.hasMore,
          page_size: page.data.length,
          total_count: page.totalCount ?? page.data.length,
        },
      };
    },
  );

  r.get(
    '/phone-numbers/:phone_number_id',
    { config: operation('phone_numbers.get', 'phone_numbers:read'), schema: { hide, params: ButterIdParams } },
    async (request) => ({
      success: true,
      data: toButterNumber(await heldNumber(principalOf(request).organizationId, request.params.phone_number_id)),
    }),
  );

  r.post(
    '/phone-numbers/import',
    { config: operation('phone_numbers.import', 'phone_numbers:write'), schema: { hide, body: ButterImportBodySchema } },
    async (request, reply) => {
      const body = request.body;
      const record = await numbers.importNumber(principalOf(request).organizationId, {
        number: body.phone_number,
        carrier: body.provider,
        supports_inbound: body.supports_inbound,
        supports_outbound: body.supports_outbound,
      });
      return reply.code(201).send({ success: true, data: toButterNumber(record) });
    },
  );

  r.delete(
    '/phone-numbers/:phone_number_id',
    { config: operation('phone_numbers.delete', 'phone_numbers:release'), schema: { hide, params: ButterIdParams } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await heldNumber(organizationId, request.params.phone_number_id, 'primary');
      return { success: true, data: toButterNumber(await releases.release(organizationId, current.id)) };
    },
  );

  r.post(
    '/agents/:agent_id/assign-phone-number',
    { config: operation('agents.assign_phone_number', 'phone_numbers:write'), schema: { hide, params: ButterAssignParams, body: ButterAssignBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await heldNumber(organizationId, request.body.phone_number_id, 'primary');
      return { success: true, data: toButterNumber(await numbers.assign(organizationId, current.id, request.params.agent_id)) };
    },
  );
}
