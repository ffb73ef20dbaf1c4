import type { EgressGuard } from '../../egress/egress-guard.js';
import { errors } from '../../errors/catalogue.js';
import type { AvailableNumber, AvailableNumberQuery, CarrierAccess, CarrierAdapter, OwnedNumber, PurchaseOutcome, ReleaseTarget } from '../carrier.js';
import { callCarrierJson, CarrierCallError, type CarrierCallObserver, type CarrierOperation } from '../carrier-http.js';
import { offersFor, plainDigits, type CarrierOffer } from '../offers.js';
import { CAPABILITIES, type Capability } from '../../numbers/phone-number.js';

/** The parts of Telnyx v2 responses this adapter reads (see telnyx-phone-numbers.openapi.json). */
interface TelnyxAvailable {
  phone_number?: string;
  features?: Array<{ name?: string }>;
  region_information?: Array<{ region_name?: string; region_type?: string }>;
  cost_information?: { currency?: string; monthly_cost?: string; upfront_cost?: string };
}
interface TelnyxOrderNumber {
  phone_number?: string;
  status?: 'pending' | 'success' | 'failure';
}
interface TelnyxOrder {
  id?: string;
  status?: 'pending' | 'success' | 'failure';
  phone_numbers?: TelnyxOrderNumber[];
}

export interface TelnyxOptions {
  timeoutMs: number;
  egress: EgressGuard;
  observer?: CarrierCallObserver;
  /** How often and how long to wait for an order Telnyx is still processing. */
  pollIntervalMs: number;
  pollAttempts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toOffer(item: TelnyxAvailable): CarrierOffer {
  const regionOf = (type: string) => item.region_information?.find((r) => r.region_type === type)?.region_name ?? null;
  const features = new Set((item.features ?? []).map((f) => f.name));
  const cost = item.cost_information;
  return {
    number: item.phone_number ?? '',
    region: regionOf('state'),
    city: regionOf('location') ?? regionOf('rate_center'),
    capabilities: CAPABILITIES.filter((c): c is Capability => features.has(c)),
    price: cost ? { monthly_cost: cost.monthly_cost ?? null, upfront_cost: cost.upfront_cost ?? null, currency: cost.currency ?? 'USD' } : null,
  };
}

function searchParams(query: AvailableNumberQuery): URLSearchParams {
  const params = new URLSearchParams();
  params.set('filter[country_code]', query.country);
  params.set('filter[phone_number_type]', query.numberType);
  if (query.areaCode) params.set('filter[national_destination_code]', query.areaCode);
  const startsWith = query.startsWith && plainDigits(query.startsWith, 'start');
  if (startsWith) params.set('filter[phone_number][starts_with]', startsWith);
  const contains = query.contains && plainDigits(query.contains, 'anywhere');
  if (contains) params.set('filter[phone_number][contains]', contains);
  const endsWith = query.endsWith && plainDigits(query.endsWith, 'end');
  if (endsWith) params.set('filter[phone_number][ends_with]', endsWith);
  if (query.region) params.set('filter[administrative_area]', query.region);
  if (query.city) params.set('filter[locality]', query.city);
  for (const feature of query.capabilities) params.append('filter[features]', feature);
  params.set('filter[limit]', String(query.limit));
  return params;
}

/** Telnyx API v2: available_phone_numbers, number_orders, phone_numbers. */
export class TelnyxCarrier implements CarrierAdapter {
  readonly name = 'telnyx' as const;
  readonly credentialFields = ['api_key'] as const;
  readonly defaultBaseUrl = 'https://api.telnyx.com/v2';
  readonly apiHosts = ['api.telnyx.com'] as const;
  readonly reserve = null;

  constructor(private readonly options: TelnyxOptions) {}

  private request(operation: CarrierOperation, access: CarrierAccess, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    const authorization = `Bearer ${access.credentials.api_key}`;
    const { timeoutMs, egress, observer } = this.options;
    const hosts = this.apiHosts;
    return callCarrierJson('telnyx', { operation, observer, method, baseUrl: access.baseUrl, path, authorization, body, timeoutMs, egress, hosts });
  }


  async search(access: CarrierAccess, query: AvailableNumberQuery): Promise<AvailableNumber[]> {
    const { body } = await this.request('search', access, 'GET', `/available_phone_numbers?${searchParams(query)}`);
    const data = ((body as { data?: TelnyxAvailable[] } | null)?.data ?? []).map(toOffer);
    return offersFor('telnyx', query, data);
  }

  /**
   * One number order for all the numbers. Telnyx refuses a whole order (422, nothing
   * bought) when one number can no longer be had; the numbers are then ordered one by one,
   * so a number taken since the search does not sink the others.
   */
  async order(access: CarrierAccess, numbers: readonly string[]): Promise<PurchaseOutcome[]> {
    try {
      return await this.orderTogether(access, numbers);
    } catch (error) {
      if (!(error instanceof CarrierCallError && error.status === 422)) throw error;
      if (numbers.length === 1) {
        const reason = errors.numberUnavailable(numbers[0]!, `telnyx refused the order (${error.appError.detail})`);
        return [{ number: numbers[0]!, status: 'failed', error: reason }];
      }
      const outcomes: PurchaseOutcome[] = [];
      for (const number of numbers) outcomes.push(...(await this.order(access, [number])));
      return outcomes;
    }
  }

  private async orderTogether(access: CarrierAccess, numbers: readonly string[]): Promise<PurchaseOutcome[]> {
    const { body } = await this.request('order', access, 'POST', '/number_orders', {
      phone_numbers: numbers.map((phone_number) => ({ phone_number })),
    });
    let order = (body as { data?: TelnyxOrder } | null)?.data ?? {};
    for (let poll = 0; order.status === 'pending' && order.id && poll < this.options.pollAttempts; poll++) {
      await sleep(this.options.pollIntervalMs);
      const next = await this.request('order_status', access, 'GET', `/number_orders/${encodeURIComponent(order.id)}`).catch(() => null);
      if (next) order = (next.body as { data?: TelnyxOrder } | null)?.data ?? order;
    }
    return numbers.map((number): PurchaseOutcome => {
      const status = order.phone_numbers?.find((n) => n.phone_number === number)?.status ?? order.status;
      if (status === 'success') return { number, status: 'purchased', carrierNumberId: null, price: null, capabilities: null };
      if (status === 'failure') return { number, status: 'failed', error: errors.numberUnavailable(number, 'telnyx could not complete the order') };
      return { number, status: 'unknown', error: errors.carrierUnavailable('telnyx', `the order for ${number} is still pending`) };
    });
  }

  async findOwned(access: CarrierAccess, number: string): Promise<OwnedNumber | null> {
    const params = new URLSearchParams({ 'filter[phone_number]': number });
    const { body } = await this.request('find_owned', access, 'GET', `/phone_numbers?${params}`);
    const match = ((body as { data?: Array<{ id?: string; phone_number?: string }> } | null)?.data ?? []).find(
      (item) => item.phone_number === number,
    );
    return match ? { carrierNumberId: match.id ?? null } : null;
  }

  async release(access: CarrierAccess, target: ReleaseTarget): Promise<void> {
    const id = target.carrierNumberId ?? (await this.findOwned(access, target.number))?.carrierNumberId;
    if (!id) return; // Telnyx no longer has it on this account
    try {
      await this.request('release', access, 'DELETE', `/phone_numbers/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof CarrierCallError && error.status === 404) return;
      throw error;
    }
  }
}
