import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { BulkJobInput, BulkService } from '../../bulk/bulk.service.js';
import { idempotencyKeyOf } from '../../http/headers.js';
import type { DialectServices } from '../dialect.js';
import { pointedAt } from '../shared/numbers.js';
import { routeConfigs } from '../shared/operations.js';
import { nestDeepObjects } from '../shared/query.js';
import { toDeleteJobInput, toEmergencyJobInput, toJobPageQuery, toTelnyxJob, toUpdateJobInput } from './telnyx.jobs.mapping.js';
import {
  DeleteJobBodySchema,
  EmergencyJobBodySchema,
  JobIdParams,
  JobListQuerySchema,
  TELNYX_MAX_JOB_NUMBERS,
  UpdateJobBodySchema,
  UpdateJobQuerySchema,
} from './telnyx.jobs.schemas.js';
import { TELNYX_OPERATIONS } from './telnyx.operations.js';
import { telnyxPage } from './telnyx.paging.js';

const operation = routeConfigs(TELNYX_OPERATIONS);

/** Jobs as Telnyx shows them: each with its numbers, in the list of their outcome. */
async function withNumbers(bulk: BulkService, organizationId: string, jobs: Awaited<ReturnType<BulkService['get']>>[]) {
  const items = await bulk.itemsOfJobs(organizationId, jobs.map((job) => job.id), TELNYX_MAX_JOB_NUMBERS);
  const now = new Date();
  return jobs.map((job) => toTelnyxJob(job, items.get(job.id)!, now));
}

/**
 * /v2/phone_numbers/jobs: Telnyx's phone-number jobs are Dialtone's bulk jobs, made and worked by
 * the bulk service (each number its own change, with its event and audit record) and shown in
 * Telnyx's shape. A job is answered 202 when made and worked in the background.
 */
export async function telnyxJobRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { bulk } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  const created = async (request: FastifyRequest, reply: FastifyReply, input: BulkJobInput) => {
    const organizationId = principalOf(request).organizationId;
    const create = () => bulk.create(organizationId, input, { idempotencyKey: idempotencyKeyOf(request) });
    const made = await pointedAt({ '/emergency/address_id': '/emergency_address_id' }, create);
    const [job] = await withNumbers(bulk, organizationId, [made.job]);
    if (made.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(202).send({ data: job });
  };

  r.get(
    '/phone_numbers/jobs',
    { config: operation('phone_number_jobs.list', 'phone_numbers:read'), preValidation: nestDeepObjects, schema: { hide, querystring: JobListQuerySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const { number, size, meta } = telnyxPage(request.query.page);
      const page = await bulk.page(organizationId, toJobPageQuery(request.query, number, size));
      return { data: await withNumbers(bulk, organizationId, page.data), meta: meta(page.total) };
    },
  );

  r.get(
    '/phone_numbers/jobs/:id',
    { config: operation('phone_number_jobs.get', 'phone_numbers:read'), schema: { hide, params: JobIdParams } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const [job] = await withNumbers(bulk, organizationId, [await bulk.get(organizationId, request.params.id)]);
      return { data: job };
    },
  );

  r.post(
    '/phone_numbers/jobs/update_emergency_settings',
    { config: operation('phone_number_jobs.update_emergency_settings', 'phone_numbers:write'), schema: { hide, body: EmergencyJobBodySchema } },
    (request, reply) => created(request, reply, toEmergencyJobInput(request.body)),
  );

  r.post(
    '/phone_numbers/jobs/delete_phone_numbers',
    { config: operation('phone_number_jobs.delete_phone_numbers', 'phone_numbers:release'), schema: { hide, body: DeleteJobBodySchema } },
    (request, reply) => created(request, reply, toDeleteJobInput(request.body)),
  );

  r.post(
    '/phone_numbers/jobs/update_phone_numbers',
    {
      config: operation('phone_number_jobs.update_phone_numbers', 'phone_numbers:write'),
      preValidation: nestDeepObjects,
      schema: { hide, querystring: UpdateJobQuerySchema, body: UpdateJobBodySchema },
    },
    (request, reply) => created(request, reply, toUpdateJobInput(request.body, request.query)),
  );
}
