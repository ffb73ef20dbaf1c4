import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { DialectServices } from '../dialect.js';
import { nestDeepObjects } from '../shared/query.js';
import { toChanges, toFilters, toSort, toTelnyx, toTelnyxDeleted } from './telnyx.mapping.js';
import { orderingRoutes } from './telnyx.ordering.routes.js';
import { messagingChanges, toMessagingSettings, toVoiceSettings, voiceChanges } from './telnyx.settings.js';
import {
  MessagingSettingsBodySchema,
  TelnyxIdParams,
  TelnyxListQuerySchema,
  TelnyxUpdateBodySchema,
  VoiceSettingsBodySchema,
} from './telnyx.schemas.js';

/**
 * /v2/phone_numbers (list, retrieve, update, delete, voice and messaging settings), then
 * /v2/available_phone_numbers and /v2/number_orders.
 */
export async function telnyxRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { numbers } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  const byId = (organizationId: string, id: string) => numbers.getHeldBySeq(organizationId, Number(id), id);

  r.get(
    '/phone_numbers',
    {
      config: { scopes: ['phone_numbers:read'] },
      preValidation: nestDeepObjects,
      schema: { hide, querystring: TelnyxListQuerySchema },
    },
    async (request) => {
      const q = request.query;
      const pageNumber = q.page?.number ?? 1;
      const size = q.page?.size ?? 20;
      const filters = toFilters(q);
      if (!filters) {
        return { data: [], meta: { total_pages: 0, total_results: 0, page_number: pageNumber, page_size: size } };
      }
      const page = await numbers.list(principalOf(request).organizationId, {
        filters,
        sort: toSort(q),
        limit: size,
        offset: (pageNumber - 1) * size,
        includeTotal: true,
      });
      const total = page.totalCount ?? 0;
      return {
        data: page.data.map(toTelnyx),
        meta: { total_pages: Math.ceil(total / size), total_results: total, page_number: pageNumber, page_size: size },
      };
    },
  );

  r.get(
    '/phone_numbers/:id',
    { config: { scopes: ['phone_numbers:read'] }, schema: { hide, params: TelnyxIdParams } },
    async (request) => ({ data: toTelnyx(await byId(principalOf(request).organizationId, request.params.id)) }),
  );

  r.patch(
    '/phone_numbers/:id',
    { config: { scopes: ['phone_numbers:write'] }, schema: { hide, params: TelnyxIdParams, body: TelnyxUpdateBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id);
      return { data: toTelnyx(await numbers.update(organizationId, current.id, toChanges(request.body))) };
    },
  );

  r.delete(
    '/phone_numbers/:id',
    { config: { scopes: ['phone_numbers:release'] }, schema: { hide, params: TelnyxIdParams } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id);
      return { data: toTelnyxDeleted(await services.releases.release(organizationId, current.id)) };
    },
  );

  const read = { scopes: ['phone_numbers:read'] as const };
  const write = { scopes: ['phone_numbers:write'] as const };

  r.get('/phone_numbers/:id/voice', { config: read, schema: { hide, params: TelnyxIdParams } }, async (request) => ({
    data: toVoiceSettings(await byId(principalOf(request).organizationId, request.params.id)),
  }));

  r.patch(
    '/phone_numbers/:id/voice',
    { config: write, schema: { hide, params: TelnyxIdParams, body: VoiceSettingsBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id);
      return { data: toVoiceSettings(await numbers.update(organizationId, current.id, voiceChanges(request.body))) };
    },
  );

  r.get('/phone_numbers/:id/messaging', { config: read, schema: { hide, params: TelnyxIdParams } }, async (request) => ({
    data: toMessagingSettings(await byId(principalOf(request).organizationId, request.params.id)),
  }));

  r.patch(
    '/phone_numbers/:id/messaging',
    { config: write, schema: { hide, params: TelnyxIdParams, body: MessagingSettingsBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id);
      return { data: toMessagingSettings(await numbers.update(organizationId, current.id, messagingChanges(request.body))) };
    },
  );
  await orderingRoutes(app, services);
}
