import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { PhoneNumberRecord } from '../../numbers/phone-number.js';
import type { NumbersService } from '../../numbers/numbers.service.js';
import type { DialectServices } from '../dialect.js';
import { routeConfigs } from '../shared/operations.js';
import { toFilters, toTalkoverNumber } from './talkover.mapping.js';
import { TALKOVER_OPERATIONS } from './talkover.operations.js';
import { CallingBodySchema, CallingParams, TalkoverIdParams, TalkoverListQuerySchema, type TalkoverListQuery } from './talkover.schemas.js';

const operation = routeConfigs(TALKOVER_OPERATIONS);

const PAGE = 1000;
/** Talkover lists without paging; an organization larger than this is answered in part. */
const MAX_LISTED = 10_000;

/** Every number the filters match (Talkover lists without paging), read a page at a time. */
async function everyNumber(numbers: NumbersService, organizationId: string, q: TalkoverListQuery) {
  const filters = toFilters(q);
  const records: PhoneNumberRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await numbers.list(organizationId, { filters, limit: PAGE, cursor });
    records.push(...page.data);
    cursor = numbers.cursorFor(page, { filters }) ?? undefined;
  } while (cursor && records.length < MAX_LISTED);
  return records;
}

/** /api/v1/phone-numbers and /api/v1/agents/{agent_id}/calling. */
export async function talkoverRoutes(app: FastifyInstance, { numbers }: DialectServices): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.get(
    '/phone-numbers',
    { config: operation('phone_numbers.list', 'phone_numbers:read'), schema: { hide, querystring: TalkoverListQuerySchema } },
    async (request) => {
      const records = await everyNumber(numbers, principalOf(request).organizationId, request.query);
      const now = new Date();
      return { success: true, data: records.map((record) => toTalkoverNumber(record, now)) };
    },
  );

  r.get(
    '/phone-numbers/:id',
    { config: operation('phone_numbers.get', 'phone_numbers:read'), schema: { hide, params: TalkoverIdParams } },
    async (request) => {
      const { id } = request.params;
      return { success: true, data: toTalkoverNumber(await numbers.getHeld(principalOf(request).organizationId, id)) };
    },
  );

  r.put(
    '/agents/:agent_id/calling',
    { config: operation('agents.update_calling', 'phone_numbers:write'), schema: { hide, params: CallingParams, body: CallingBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const { agent_id: agentId } = request.params;
      const { direction, phone_number_ids: ids } = request.body;
      // Released numbers are gone to Talkover clients: not found, as on a GET.
      for (const id of ids) await numbers.getHeld(organizationId, id, id, 'primary');
      // Answering calls is what an inbound assignment means: the agent becomes the handler.
      const assigned = await numbers.assignAll(organizationId, ids, agentId, { answerCalls: direction !== 'outbound' });
      return { success: true, data: { agent_id: agentId, direction, phone_numbers: assigned.map((n) => toTalkoverNumber(n)) } };
    },
  );
}
