import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import { AppError } from '../../errors/catalogue.js';
import type { GroupPage, GroupPaging } from '../../number-groups/number-group.js';
import type { DialectServices } from '../dialect.js';
import { withDetails } from '../shared/mount.js';
import { routeConfigs } from '../shared/operations.js';
import { toRelayGroup, toRelayMembership } from './relay.mapping.js';
import { RELAY_OPERATIONS } from './relay.operations.js';
import {
  RelayAddMemberBodySchema,
  RelayGroupBodySchema,
  RelayGroupIdParams,
  RelayGroupListQuerySchema,
  RelayMembershipIdParams,
  RelayMembershipListQuerySchema,
  RelayMembershipsParams,
} from './relay.schemas.js';

const operation = routeConfigs(RELAY_OPERATIONS);

interface PageQuery {
  page_number?: number;
  page_size?: number;
  page_token?: string;
}

/** The paging a list asks for: by page_token when given, by page_number otherwise. */
function pagingOf(q: PageQuery): GroupPaging {
  const limit = q.page_size ?? 50;
  return q.page_token ? { limit, cursor: q.page_token } : { limit, offset: (q.page_number ?? 0) * limit };
}

/** A page token the service refuses is named as SignalWire's clients send it. */
async function withPageToken<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.details.parameter === 'cursor') throw withDetails(error, { parameter: 'page_token' });
    throw error;
  }
}

/** SignalWire's list envelope: the page's links (next only when more follow, prev past the first) and its data. */
function listOf<T, R>(request: FastifyRequest, q: PageQuery & { filter_name?: string }, page: GroupPage<T>, render: (item: T) => R) {
  const size = q.page_size ?? 50;
  const number = q.page_number ?? 0;
  const link = (pageNumber: number, token?: string | null) => {
    const params = new URLSearchParams();
    if (q.filter_name) params.set('filter_name', q.filter_name);
    params.set('page_number', String(pageNumber));
    params.set('page_size', String(size));
    if (token) params.set('page_token', token);
    return `${request.url.split('?')[0]}?${params}`;
  };
  return {
    links: {
      self: request.url,
      first: link(0),
      ...(page.hasMore ? { next: link(number + 1, page.nextCursor) } : {}),
      ...(number > 0 ? { prev: link(number - 1) } : {}),
    },
    data: page.data.map(render),
  };
}

/** /api/relay/rest/number_groups and /api/relay/rest/number_group_memberships, over the number groups service. */
export async function relayNumberGroupRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { numberGroups } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.get(
    '/number_groups',
    { config: operation('number_groups.list', 'phone_numbers:read'), schema: { hide, querystring: RelayGroupListQuerySchema } },
    async (request) => {
      const q = request.query;
      const page = await withPageToken(() => numberGroups.list(principalOf(request).organizationId, pagingOf(q), q.filter_name));
      return listOf(request, q, page, toRelayGroup);
    },
  );

  r.post(
    '/number_groups',
    { config: operation('number_groups.create', 'phone_numbers:write'), schema: { hide, body: RelayGroupBodySchema } },
    async (request) => toRelayGroup(await numberGroups.create(principalOf(request).organizationId, request.body)),
  );

  r.get(
    '/number_groups/:id',
    { config: operation('number_groups.get', 'phone_numbers:read'), schema: { hide, params: RelayGroupIdParams } },
    async (request) => toRelayGroup(await numberGroups.get(principalOf(request).organizationId, request.params.id)),
  );

  r.put(
    '/number_groups/:id',
    { config: operation('number_groups.update', 'phone_numbers:write'), schema: { hide, params: RelayGroupIdParams, body: RelayGroupBodySchema } },
    async (request) => toRelayGroup(await numberGroups.update(principalOf(request).organizationId, request.params.id, request.body)),
  );

  r.delete(
    '/number_groups/:id',
    { config: operation('number_groups.delete', 'phone_numbers:write'), schema: { hide, params: RelayGroupIdParams } },
    async (request, reply) => {
      await numberGroups.delete(principalOf(request).organizationId, request.params.id);
      return reply.code(204).send();
    },
  );

  r.get(
    '/number_groups/:NumberGroupId/number_group_memberships',
    {
      config: operation('number_group_memberships.list', 'phone_numbers:read'),
      schema: { hide, params: RelayMembershipsParams, querystring: RelayMembershipListQuerySchema },
    },
    async (request) => {
      const q = request.query;
      const organizationId = principalOf(request).organizationId;
      const page = await withPageToken(() => numberGroups.listMembers(organizationId, request.params.NumberGroupId, pagingOf(q)));
      return listOf(request, q, page, toRelayMembership);
    },
  );

  r.post(
    '/number_groups/:NumberGroupId/number_group_memberships',
    {
      config: operation('number_group_memberships.create', 'phone_numbers:write'),
      schema: { hide, params: RelayMembershipsParams, body: RelayAddMemberBodySchema },
    },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      return toRelayMembership(await numberGroups.addMember(organizationId, request.params.NumberGroupId, request.body.phone_number_id));
    },
  );

  r.get(
    '/number_group_memberships/:id',
    { config: operation('number_group_memberships.get', 'phone_numbers:read'), schema: { hide, params: RelayMembershipIdParams } },
    async (request) => toRelayMembership(await numberGroups.getMember(principalOf(request).organizationId, request.params.id)),
  );

  r.delete(
    '/number_group_memberships/:id',
    { config: operation('number_group_memberships.delete', 'phone_numbers:write'), schema: { hide, params: RelayMembershipIdParams } },
    async (request, reply) => {
      await numberGroups.removeMember(principalOf(request).organizationId, request.params.id);
      return reply.code(204).send();
    },
  );
}
