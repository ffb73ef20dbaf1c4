import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ReadFrom } from '../../db/database.js';
import { principalOf } from '../../auth/auth.hooks.js';
import { exportAnswer, type ExportRows } from '../../exports/export-stream.js';
import type { NumberFilters, Sort } from '../../numbers/list-query.js';
import { NUMBERS_EXPORT } from '../../numbers/numbers-csv.js';
import type { NumbersService } from '../../numbers/numbers.service.js';
import type { DialectServices } from '../dialect.js';
import { pointedAt } from '../shared/numbers.js';
import { routeConfigs } from '../shared/operations.js';
import { nestDeepObjects } from '../shared/query.js';
import {
  inVoiceBody,
  messagingChanges,
  toChanges,
  toCsvDownload,
  toFilters,
  toFiltersWithBundle,
  toMessagingFilters,
  toMessagingSort,
  toMessagingSettings,
  toOwnership,
  toSearchInput,
  toSort,
  toTelnyx,
  toTelnyxAvailable,
  toTelnyxDeleted,
  toTelnyxSlim,
  toVoiceFilters,
  toVoiceSettings,
  voiceChanges,
} from './telnyx.mapping.js';
import { telnyxAddressRoutes } from './telnyx.addresses.routes.js';
import { telnyxJobRoutes } from './telnyx.jobs.routes.js';
import { TELNYX_OPERATIONS } from './telnyx.operations.js';
import { telnyxPage } from './telnyx.paging.js';
import { telnyxOrderRoutes } from './telnyx.orders.routes.js';
import { telnyxReservationRoutes } from './telnyx.reservations.routes.js';
import {
  AvailableQuerySchema,
  CsvDownloadCreateQuerySchema,
  CsvDownloadListQuerySchema,
  CsvDownloadParams,
  EnableEmergencyBodySchema,
  MessagingListQuerySchema,
  MessagingSettingsBodySchema,
  SlimListQuerySchema,
  TelnyxIdParams,
  TelnyxListQuerySchema,
  TelnyxUpdateBodySchema,
  VerifyOwnershipBodySchema,
  VoiceListQuerySchema,
  VoiceSettingsBodySchema,
  type CsvDownloadCreateQuery,
} from './telnyx.schemas.js';

const operation = routeConfigs(TELNYX_OPERATIONS);

/**
 * /v2/phone_numbers, its CSV downloads and jobs (telnyx.jobs.routes.ts), then
 * /v2/available_phone_numbers, the orders (telnyx.orders.routes.ts), the reservations
 * (telnyx.reservations.routes.ts) and the addresses (telnyx.addresses.routes.ts).
 */
export async function telnyxRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  await numberRoutes(app, services);
  await telnyxJobRoutes(app, services);
  await csvDownloadRoutes(app, services);
  await searchRoutes(app, services);
  await telnyxOrderRoutes(app, services);
  await telnyxReservationRoutes(app, services);
  await telnyxAddressRoutes(app, services);
}

/** One page of numbers by page number, with Telnyx's page meta; filters no number can match (null) give an empty page. */
async function numberPage(
  numbers: NumbersService,
  organizationId: string,
  filters: NumberFilters | null,
  sort: Sort | undefined,
  page: { number?: number; size?: number } | undefined,
) {
  const { size, offset, meta } = telnyxPage(page);
  const found = filters ? await numbers.list(organizationId, { filters, sort, limit: size, offset, includeTotal: true }) : { data: [], totalCount: 0 };
  return { data: found.data, meta: meta(found.totalCount ?? 0) };
}

/** Where this server is reached, as the caller reached it: the origin of the URLs it gives. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

const NO_ROWS: ExportRows<never> = {
  format: 'csv',
  batches: { [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) },
};

/**
 * /v2/phone_numbers/csv_downloads: a download is kept with its filters and is complete at
 * once; its url serves the numbers export (the import's columns) when fetched, with the same
 * key. The static paths are matched before /phone_numbers/:id.
 */
async function csvDownloadRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { numbers, csvDownloads } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.post(
    '/phone_numbers/csv_downloads',
    { config: operation('csv_downloads.create', 'phone_numbers:read'), preValidation: nestDeepObjects, schema: { hide, querystring: CsvDownloadCreateQuerySchema } },
    async (request) => {
      const { filter = {}, csv_format: format = 'V1' } = request.query;
      toFiltersWithBundle(filter); // a filter the list would refuse is refused now, not when the file is fetched
      const download = await csvDownloads.create(principalOf(request).organizationId, format, { ...filter });
      return { data: [toCsvDownload(download, originOf(request))] };
    },
  );

  r.get(
    '/phone_numbers/csv_downloads',
    { config: operation('csv_downloads.list', 'phone_numbers:read'), preValidation: nestDeepObjects, schema: { hide, querystring: CsvDownloadListQuerySchema } },
    async (request) => {
      const { number, size, meta } = telnyxPage(request.query.page);
      const page = await csvDownloads.page(principalOf(request).organizationId, number, size);
      return { data: page.data.map((download) => toCsvDownload(download, originOf(request))), meta: meta(page.total) };
    },
  );

  r.get(
    '/phone_numbers/csv_downloads/:id',
    { config: operation('csv_downloads.get', 'phone_numbers:read'), schema: { hide, params: CsvDownloadParams } },
    async (request) => ({
      data: [toCsvDownload(await csvDownloads.get(principalOf(request).organizationId, request.params.id), originOf(request))],
    }),
  );

  r.get(
    '/phone_numbers/csv_downloads/:id/file',
    { config: operation('csv_downloads.file', 'phone_numbers:read'), schema: { hide, params: CsvDownloadParams } },
    async (request, reply) => {
      const organizationId = principalOf(request).organizationId;
      const download = await csvDownloads.get(organizationId, request.params.id);
      const filters = toFiltersWithBundle(download.filter as CsvDownloadCreateQuery['filter']);
      const rows = filters ? await numbers.export(organizationId, { filters }, 'csv') : NO_ROWS;
      const file = exportAnswer(rows, NUMBERS_EXPORT);
      return reply.code(file.status).headers(file.headers).send(file.body);
    },
  );
}

/** /v2/phone_numbers: list, retrieve, update, delete, the voice and messaging settings, and the ownership and emergency actions. */
async function numberRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { numbers } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  // A read from a replica; a number about to be changed is read from the primary.
  const byId = (organizationId: string, id: string, from: ReadFrom = 'replica') => numbers.getHeldBySeq(organizationId, Number(id), id, from);

  r.get(
    '/phone_numbers',
    {
      config: operation('phone_numbers.list', 'phone_numbers:read'),
      preValidation: nestDeepObjects,
      schema: { hide, querystring: TelnyxListQuerySchema },
    },
    async (request) => {
      const q = request.query;
      const page = await numberPage(numbers, principalOf(request).organizationId, toFilters(q), toSort(q), q.page);
      return { data: page.data.map(toTelnyx), meta: page.meta };
    },
  );

  r.get(
    '/phone_numbers/slim',
    {
      config: operation('phone_numbers.slim_list', 'phone_numbers:read'),
      preValidation: nestDeepObjects,
      schema: { hide, querystring: SlimListQuerySchema },
    },
    async (request) => {
      const q = request.query;
      const page = await numberPage(numbers, principalOf(request).organizationId, toFilters(q), toSort(q), q.page);
      const include = { tags: q.include_tags, connection: q.include_connection };
      return { data: page.data.map((record) => toTelnyxSlim(record, include)), meta: page.meta };
    },
  );

  r.get(
    '/phone_numbers/voice',
    { config: operation('voice_settings.list', 'phone_numbers:read'), preValidation: nestDeepObjects, schema: { hide, querystring: VoiceListQuerySchema } },
    async (request) => {
      const q = request.query;
      const page = await numberPage(numbers, principalOf(request).organizationId, toVoiceFilters(q), toSort(q), q.page);
      return { data: page.data.map(toVoiceSettings), meta: page.meta };
    },
  );

  r.get(
    '/phone_numbers/messaging',
    { config: operation('messaging_settings.list', 'phone_numbers:read'), schema: { hide, querystring: MessagingListQuerySchema } },
    async (request) => {
      const q = request.query;
      const pageOf = { number: q['page[number]'], size: q['page[size]'] };
      const page = await numberPage(numbers, principalOf(request).organizationId, toMessagingFilters(q), toMessagingSort(q), pageOf);
      return { data: page.data.map(toMessagingSettings), meta: page.meta };
    },
  );

  r.get(
    '/phone_numbers/:id',
    { config: operation('phone_numbers.get', 'phone_numbers:read'), schema: { hide, params: TelnyxIdParams } },
    async (request) => ({ data: toTelnyx(await byId(principalOf(request).organizationId, request.params.id)) }),
  );

  r.patch(
    '/phone_numbers/:id',
    { config: operation('phone_numbers.update', 'phone_numbers:write'), schema: { hide, params: TelnyxIdParams, body: TelnyxUpdateBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      // Telnyx's address_id is the number's emergency address here.
      const updated = await pointedAt({ '/emergency/address_id': '/address_id' }, () => numbers.update(organizationId, current.id, toChanges(request.body)));
      return { data: toTelnyx(updated) };
    },
  );

  r.delete(
    '/phone_numbers/:id',
    { config: operation('phone_numbers.delete', 'phone_numbers:release'), schema: { hide, params: TelnyxIdParams } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      return { data: toTelnyxDeleted(await services.releases.release(organizationId, current.id)) };
    },
  );

  r.get('/phone_numbers/:id/voice', { config: operation('voice_settings.get', 'phone_numbers:read'), schema: { hide, params: TelnyxIdParams } }, async (request) => ({
    data: toVoiceSettings(await byId(principalOf(request).organizationId, request.params.id)),
  }));

  r.patch(
    '/phone_numbers/:id/voice',
    { config: operation('voice_settings.update', 'phone_numbers:write'), schema: { hide, params: TelnyxIdParams, body: VoiceSettingsBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      const updated = await numbers.updateFrom(organizationId, current.id, voiceChanges(request.body)).catch((error: unknown) => {
        throw inVoiceBody(error);
      });
      return { data: toVoiceSettings(updated) };
    },
  );

  r.post(
    '/phone_numbers/actions/verify_ownership',
    { config: operation('phone_numbers.verify_ownership', 'phone_numbers:read'), schema: { hide, body: VerifyOwnershipBodySchema } },
    async (request) => ({ data: toOwnership(await numbers.ownership(principalOf(request).organizationId, request.body.phone_numbers)) }),
  );

  r.post(
    '/phone_numbers/:id/actions/enable_emergency',
    { config: operation('phone_numbers.enable_emergency', 'phone_numbers:write'), schema: { hide, params: TelnyxIdParams, body: EnableEmergencyBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      const { emergency_enabled, emergency_address_id } = request.body;
      const enable = () => numbers.update(organizationId, current.id, { emergency_enabled, emergency_address_id });
      return { data: toVoiceSettings(await pointedAt({ '/emergency/address_id': '/emergency_address_id' }, enable)) };
    },
  );

  r.get('/phone_numbers/:id/messaging', { config: operation('messaging_settings.get', 'phone_numbers:read'), schema: { hide, params: TelnyxIdParams } }, async (request) => ({
    data: toMessagingSettings(await byId(principalOf(request).organizationId, request.params.id)),
  }));

  r.patch(
    '/phone_numbers/:id/messaging',
    { config: operation('messaging_settings.update', 'phone_numbers:write'), schema: { hide, params: TelnyxIdParams, body: MessagingSettingsBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      return { data: toMessagingSettings(await numbers.updateFrom(organizationId, current.id, messagingChanges(request.body))) };
    },
  );
}

/** /v2/available_phone_numbers: searching. */
async function searchRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.get(
    '/available_phone_numbers',
    { config: operation('available_phone_numbers.list', 'phone_numbers:read'), preValidation: nestDeepObjects, schema: { hide, querystring: AvailableQuerySchema } },
    async (request) => {
      const found = await services.availableNumbers.search(principalOf(request).organizationId, toSearchInput(request.query));
      return { data: found.map(toTelnyxAvailable), meta: { total_results: found.length, best_effort_results: 0 } };
    },
  );
}
