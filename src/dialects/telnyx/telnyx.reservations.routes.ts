import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { DialectServices } from '../dialect.js';
import { routeConfigs } from '../shared/operations.js';
import { nestDeepObjects } from '../shared/query.js';
import { TELNYX_OPERATIONS } from './telnyx.operations.js';
import { telnyxPage } from './telnyx.paging.js';
import { toReservationFilters, toTelnyxReservation } from './telnyx.reservations.mapping.js';
import { ReservationBodySchema, ReservationListQuerySchema, ReservationParams } from './telnyx.reservations.schemas.js';

const operation = routeConfigs(TELNYX_OPERATIONS);

/** /v2/number_reservations: holding numbers before ordering them, on the native reservations. */
export async function telnyxReservationRoutes(app: FastifyInstance, { reservations }: DialectServices): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.post(
    '/number_reservations',
    { config: operation('number_reservations.create', 'phone_numbers:purchase'), schema: { hide, body: ReservationBodySchema } },
    async (request) => {
      const { phone_numbers, customer_reference } = request.body;
      const reservation = await reservations.create(principalOf(request).organizationId, {
        numbers: phone_numbers.map((n) => n.phone_number),
        customer_reference,
      });
      return { data: toTelnyxReservation(reservation) };
    },
  );

  r.get(
    '/number_reservations',
    { config: operation('number_reservations.list', 'phone_numbers:read'), preValidation: nestDeepObjects, schema: { hide, querystring: ReservationListQuerySchema } },
    async (request) => {
      const { number, size, meta } = telnyxPage(request.query.page);
      const filters = toReservationFilters(request.query.filter);
      const page = filters === 'none' ? { data: [], total: 0 } : await reservations.page(principalOf(request).organizationId, filters, number, size);
      return { data: page.data.map((row) => toTelnyxReservation(row)), meta: meta(page.total) };
    },
  );

  r.get(
    '/number_reservations/:number_reservation_id',
    { config: operation('number_reservations.get', 'phone_numbers:read'), schema: { hide, params: ReservationParams } },
    async (request) => ({
      data: toTelnyxReservation(await reservations.get(principalOf(request).organizationId, request.params.number_reservation_id)),
    }),
  );

  r.post(
    '/number_reservations/:number_reservation_id/actions/extend',
    { config: operation('number_reservations.extend', 'phone_numbers:purchase'), schema: { hide, params: ReservationParams } },
    async (request) => ({
      data: toTelnyxReservation(await reservations.extend(principalOf(request).organizationId, request.params.number_reservation_id)),
    }),
  );
}
