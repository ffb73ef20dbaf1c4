import { randomUUID } from 'node:crypto';
import type { DriverName } from '../../../src/db/database.js';
import { FakeCarrier, useCarrierAccount, type CarrierAccountSetup, type SpecReply, type SpecRequest } from './spec-server.js';

/** A Telnyx account in memory, behind a server that holds every exchange to telnyx-phone-numbers.openapi.json. */
export class FakeTelnyx extends FakeCarrier {
  inventory = ['+13035550101', '+13035550102', '+13035552255', '+17205550103'];
  orders = new Map<string, string[]>();

  constructor() {
    super('telnyx-phone-numbers.openapi.json', { basePath: '/v2', auth: 'bearer' });
  }

  protected handle(request: SpecRequest): SpecReply {
    const scripted = this.script.shift()?.(request);
    if (scripted) {
      if (this.buyAnyway && request.operationId === 'CreateNumberOrder') this.buy(request.body.phone_numbers.map((p: any) => p.phone_number));
      return scripted;
    }
    return this.answer(request);
  }

  /** The answer of a Telnyx account working as documented; scripted replies may build on it. */
  answer(request: SpecRequest): SpecReply {
    const ex = (ref: string, overrides: object) => this.server.example(`#/components/schemas/${ref}`, overrides);
    switch (request.operationId) {
      case 'ListAvailablePhoneNumbers': {
        const filter = (request.query.filter ?? {}) as any;
        const data = this.inventory
          .filter((n) => !this.owned.has(n))
          .filter((n) => !filter.national_destination_code || n.slice(2).startsWith(filter.national_destination_code))
          .filter((n) => !filter.phone_number?.contains || n.includes(filter.phone_number.contains))
          .map((n) =>
            ex('AvailablePhoneNumber', {
              phone_number: n,
              record_type: 'available_phone_number',
              features: [{ name: 'voice' }, { name: 'sms' }],
              region_information: [
                { region_type: 'state', region_name: 'CO' },
                { region_type: 'location', region_name: 'Denver' },
              ],
              cost_information: { currency: 'USD', monthly_cost: '1.00', upfront_cost: '1.00' },
            }),
          );
        return { status: 200, body: { data, metadata: { total_results: data.length, best_effort_results: 0 } } };
      }
      case 'CreateNumberOrder': {
        const numbers: string[] = request.body.phone_numbers.map((p: any) => p.phone_number);
        const taken = numbers.filter((n) => !this.inventory.includes(n) || this.owned.has(n));
        if (taken.length) {
          return { status: 422, body: { errors: [{ code: '85001', title: 'Number not available', detail: `${taken[0]} is not available` }] } };
        }
        this.buy(numbers);
        const phone_numbers = numbers.map((n) => ex('PhoneNumber', { id: randomUUID(), phone_number: n, status: 'success', record_type: 'number_order_phone_number' }));
        return { status: 200, body: { data: ex('NumberOrderWithPhoneNumbers', { id: randomUUID(), status: 'success', phone_numbers, phone_numbers_count: numbers.length }) } };
      }
      case 'RetrieveNumberOrder': {
        const numbers = this.orders.get(request.pathParams.number_order_id!) ?? [];
        const phone_numbers = numbers.map((n) => ex('PhoneNumber', { id: randomUUID(), phone_number: n, status: 'success' }));
        return { status: 200, body: { data: ex('NumberOrderWithPhoneNumbers', { id: request.pathParams.number_order_id, status: 'success', phone_numbers }) } };
      }
      case 'ListPhoneNumbers': {
        const wanted = (request.query.filter as any)?.phone_number;
        const data = [...this.owned]
          .filter(([n]) => !wanted || n === wanted)
          .map(([n, id]) => ex('PhoneNumberDetailed', { id, phone_number: n, status: 'active', record_type: 'phone_number' }));
        return { status: 200, body: { data, meta: { total_results: data.length, total_pages: 1, page_number: 1, page_size: 20 } } };
      }
      case 'DeletePhoneNumber': {
        const entry = [...this.owned].find(([, id]) => id === request.pathParams.id);
        if (!entry) return { status: 404, body: { errors: [{ code: '10005', title: 'Resource not found', detail: 'not found' }] } };
        this.owned.delete(entry[0]);
        return { status: 200, body: { data: ex('PhoneNumberDeletedDetailed', { id: entry[1], phone_number: entry[0], status: 'deleted', record_type: 'phone_number' }) } };
      }
      default:
        return { status: 500, body: { errors: [{ code: '10007', title: 'Unexpected error', detail: `unhandled ${request.operationId}` }] } };
    }
  }

  buy(numbers: string[]) {
    for (const n of numbers) if (!this.owned.has(n)) this.owned.set(n, String(1_000_000 + this.owned.size));
  }
}

export const unauthorized = { status: 401, body: { errors: [{ code: '10009', title: 'Authentication failed', detail: 'The API key is invalid.' }] } };
export const serverError = { status: 500, body: { errors: [{ code: '10007', title: 'Unexpected error', detail: 'Try again later.' }] } };

/** A Dialtone test server with an organization whose Telnyx carrier account is a FakeTelnyx. */
export function useTelnyxAccount(driver: DriverName, receive: (setup: CarrierAccountSetup<FakeTelnyx>) => void): void {
  useCarrierAccount(driver, () => new FakeTelnyx(), { carrier: 'telnyx', name: 'Telnyx', credentials: { api_key: 'KEY0123456789ABCDEF' } }, receive);
}
