import type { EgressGuard } from '../../egress/egress-guard.js';
import { errors } from '../../errors/catalogue.js';
import type { AvailableNumber, AvailableNumberQuery, CarrierAccess, CarrierAdapter, OwnedNumber, PurchaseOutcome, ReleaseTarget } from '../carrier.js';
import { basicAuth, callCarrierJson, CarrierCallError, type CarrierCallObserver, type CarrierOperation } from '../carrier-http.js';
import { capabilitiesFromFlags, offersFor, plainDigits } from '../offers.js';

/** The parts of SignalWire REST responses this adapter reads (signalwire-relay-phone-numbers.openapi.json). */
interface SignalWireAvailable {
  number: string;
  region?: string;
  city?: string;
  capabilities?: Record<string, unknown>;
}

export interface SignalWireOptions {
  timeoutMs: number;
  egress: EgressGuard;
  observer?: CarrierCallObserver;
}

const BASE = '/api/relay/rest/phone_numbers';

function searchParams(query: AvailableNumberQuery): URLSearchParams {
  const params = new URLSearchParams();
  params.set('number_type', query.numberType === 'toll_free' ? 'toll-free' : 'local');
  if (query.areaCode) params.set('areacode', query.areaCode);
  const startsWith = query.startsWith && plainDigits(query.startsWith, 'start');
  if (startsWith) params.set('starts_with', startsWith);
  const contains = query.contains && plainDigits(query.contains, 'anywhere');
  if (contains) params.set('contains', contains);
  const endsWith = query.endsWith && plainDigits(query.endsWith, 'end');
  if (endsWith) params.set('ends_with', endsWith);
  if (query.region) params.set('region', query.region);
  if (query.city) params.set('city', query.city);
  params.set('max_results', String(query.limit));
  return params;
}

/** SignalWire REST: phone_numbers/search, purchase (POST phone_numbers) and release (DELETE). */
export class SignalWireCarrier implements CarrierAdapter {
  readonly name = 'signalwire' as const;
  readonly credentialFields = ['project_id', 'api_token'] as const;
  /** Every SignalWire space has its own address: the account must give it. */
  readonly defaultBaseUrl = null;
  /** A space's own address: <space>.signalwire.com. */
  readonly apiHosts = ['*.signalwire.com'] as const;
  readonly reserve = null;

  constructor(private readonly options: SignalWireOptions) {}

  private request(operation: CarrierOperation, access: CarrierAccess, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    const authorization = basicAuth(access.credentials.project_id ?? '', access.credentials.api_token ?? '');
    const { timeoutMs, egress, observer } = this.options;
    const hosts = this.apiHosts;
    return callCarrierJson('signalwire', { operation, observer, method, baseUrl: access.baseUrl, path, authorization, body, timeoutMs, egress, hosts });
  }


  async search(access: CarrierAccess, query: AvailableNumberQuery): Promise<AvailableNumber[]> {
    if (!['US', 'CA'].includes(query.country) || query.numberType === 'mobile') {
      throw errors.validation('SignalWire searches local and toll-free numbers in US and CA only.', { parameter: 'country' });
    }
    const { body } = await this.request('search', access, 'GET', `${BASE}/search?${searchParams(query)}`);
    const data = (body as { data?: SignalWireAvailable[] } | null)?.data ?? [];
    const offers = data.map((item) => ({
      number: item.number,
      region: item.region ?? null,
      city: item.city ?? null,
      capabilities: capabilitiesFromFlags(item.capabilities),
      price: null,
    }));
    return offersFor('signalwire', query, offers);
  }

  /** One purchase per number: SignalWire has no multi-number order. */
  async order(access: CarrierAccess, numbers: readonly string[]): Promise<PurchaseOutcome[]> {
    const outcomes: PurchaseOutcome[] = [];
    for (const number of numbers) {
      try {
        const { body } = await this.request('order', access, 'POST', BASE, { number });
        const bought = body as { id?: string; capabilities?: unknown } | null;
        outcomes.push({ number, status: 'purchased', carrierNumberId: bought?.id ?? null, price: null, capabilities: null });
      } catch (error) {
        if (!(error instanceof CarrierCallError)) throw error;
        const status = error.ambiguous ? ('unknown' as const) : ('failed' as const);
        const reason = error.status === 422 ? errors.numberUnavailable(number, `signalwire refused it (${error.appError.detail})`) : error.appError;
        outcomes.push({ number, status, error: reason });
      }
    }
    return outcomes;
  }

  async findOwned(access: CarrierAccess, number: string): Promise<OwnedNumber | null> {
    const { body } = await this.request('find_owned', access, 'GET', `${BASE}?${new URLSearchParams({ filter_number: number })}`);
    const match = ((body as { data?: Array<{ id?: string; number?: string }> } | null)?.data ?? []).find((item) => item.number === number);
    return match ? { carrierNumberId: match.id ?? null } : null;
  }

  async release(access: CarrierAccess, target: ReleaseTarget): Promise<void> {
    const id = target.carrierNumberId ?? (await this.findOwned(access, target.number))?.carrierNumberId;
    if (!id) return;
    try {
      await this.request('release', access, 'DELETE', `${BASE}/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof CarrierCallError && error.status === 404) return;
      throw error;
    }
  }
}
