import type { EgressGuard } from '../../egress/egress-guard.js';
import { errors } from '../../errors/catalogue.js';
import type { AvailableNumber, AvailableNumberQuery, CarrierAccess, CarrierAdapter, OwnedNumber, PurchaseOutcome, ReleaseTarget, SearchableType } from '../carrier.js';
import { basicAuth, callCarrier, CarrierCallError, joinUrl, type CarrierCallObserver, type CarrierOperation } from '../carrier-http.js';
import { capabilitiesFromFlags, offersFor } from '../offers.js';

/** The parts of Twilio 2010-04-01 responses this adapter reads (twilio-api-v2010-phone-numbers.openapi.json). */
interface TwilioAvailable {
  phone_number?: string | null;
  locality?: string | null;
  region?: string | null;
  postal_code?: string | null;
  latitude?: number | string | null;
  longitude?: number | string | null;
  capabilities?: Record<string, unknown> | null;
}

const coordinate = (value: number | string | null | undefined): number | null =>
  value === null || value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Number(value);

export interface TwilioOptions {
  timeoutMs: number;
  egress: EgressGuard;
  observer?: CarrierCallObserver;
}

const LIST_OF_TYPE: Record<SearchableType, string> = { local: 'Local', mobile: 'Mobile', toll_free: 'TollFree' };
const NANP_NATIONAL_LENGTH = 10;

/**
 * Twilio's Contains takes a pattern where * is any digit; anchored to the whole national
 * number it expresses starts-with and ends-with too. Other countries get the digits as a
 * plain contains and the results are filtered to the exact pattern afterwards.
 */
function containsPattern(query: AvailableNumberQuery): string | undefined {
  const nanp = query.country === 'US' || query.country === 'CA';
  if (query.contains) return query.contains;
  if (query.startsWith) return nanp ? query.startsWith.padEnd(NANP_NATIONAL_LENGTH, '*') : query.startsWith;
  if (query.endsWith) return nanp ? query.endsWith.padStart(NANP_NATIONAL_LENGTH, '*') : query.endsWith;
  return undefined;
}

function searchParams(query: AvailableNumberQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.areaCode && /^\d+$/.test(query.areaCode)) params.set('AreaCode', query.areaCode);
  const contains = containsPattern(query);
  if (contains) params.set('Contains', contains);
  if (query.region) params.set('InRegion', query.region);
  if (query.city) params.set('InLocality', query.city);
  if (query.postalCode) params.set('InPostalCode', query.postalCode);
  if (query.near) {
    params.set('NearLatLong', `${query.near.latitude},${query.near.longitude}`);
    params.set('Distance', String(Math.ceil(query.near.miles)));
  }
  const flags: Record<string, string> = { voice: 'VoiceEnabled', sms: 'SmsEnabled', mms: 'MmsEnabled', fax: 'FaxEnabled' };
  for (const capability of query.capabilities) if (flags[capability]) params.set(flags[capability]!, 'true');
  params.set('PageSize', String(query.limit));
  return params;
}

/** Twilio API 2010-04-01: AvailablePhoneNumbers, IncomingPhoneNumbers create and delete. */
export class TwilioCarrier implements CarrierAdapter {
  readonly name = 'twilio' as const;
  readonly credentialFields = ['account_sid', 'auth_token'] as const;
  readonly defaultBaseUrl = 'https://api.twilio.com';
  /** api.twilio.com, and its regional edges (api.dublin.ie1.twilio.com). */
  readonly apiHosts = ['api.twilio.com', '*.twilio.com'] as const;
  readonly reserve = null;

  constructor(private readonly options: TwilioOptions) {}

  private account(access: CarrierAccess): string {
    return `/2010-04-01/Accounts/${encodeURIComponent(access.credentials.account_sid ?? '')}`;
  }

  private request(operation: CarrierOperation, access: CarrierAccess, method: 'GET' | 'POST' | 'DELETE', path: string, form?: URLSearchParams) {
    return callCarrier('twilio', {
      operation,
      observer: this.options.observer,
      method,
      url: joinUrl(access.baseUrl, `${this.account(access)}${path}`),
      headers: {
        authorization: basicAuth(access.credentials.account_sid ?? '', access.credentials.auth_token ?? ''),
        accept: 'application/json',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form?.toString(),
      idempotent: method !== 'POST',
      timeoutMs: this.options.timeoutMs,
      egress: this.options.egress,
      hosts: this.apiHosts,
    });
  }

  async search(access: CarrierAccess, query: AvailableNumberQuery): Promise<AvailableNumber[]> {
    const path = `/AvailablePhoneNumbers/${query.country}/${LIST_OF_TYPE[query.numberType]}.json?${searchParams(query)}`;
    const { body } = await this.request('search', access, 'GET', path);
    const data = (body as { available_phone_numbers?: TwilioAvailable[] } | null)?.available_phone_numbers ?? [];
    const offers = data.map((item) => ({
      number: item.phone_number ?? '',
      region: item.region ?? null,
      city: item.locality ?? null,
      postal_code: item.postal_code ?? null,
      latitude: coordinate(item.latitude),
      longitude: coordinate(item.longitude),
      capabilities: capabilitiesFromFlags(item.capabilities),
      price: null,
    }));
    return offersFor('twilio', query, offers);
  }

  /** One IncomingPhoneNumbers create per number. */
  async order(access: CarrierAccess, numbers: readonly string[]): Promise<PurchaseOutcome[]> {
    const outcomes: PurchaseOutcome[] = [];
    for (const number of numbers) {
      try {
        const { body } = await this.request('order', access, 'POST', '/IncomingPhoneNumbers.json', new URLSearchParams({ PhoneNumber: number }));
        const bought = body as { sid?: string | null; capabilities?: Record<string, unknown> | null } | null;
        const capabilities = bought?.capabilities ? capabilitiesFromFlags(bought.capabilities) : null;
        outcomes.push({ number, status: 'purchased', carrierNumberId: bought?.sid ?? null, price: null, capabilities });
      } catch (error) {
        if (!(error instanceof CarrierCallError)) throw error;
        const status = error.ambiguous ? ('unknown' as const) : ('failed' as const);
        const reason = error.status === 400 ? errors.numberUnavailable(number, `twilio refused it (${error.appError.detail})`) : error.appError;
        outcomes.push({ number, status, error: reason });
      }
    }
    return outcomes;
  }

  async findOwned(access: CarrierAccess, number: string): Promise<OwnedNumber | null> {
    const { body } = await this.request('find_owned', access, 'GET', `/IncomingPhoneNumbers.json?${new URLSearchParams({ PhoneNumber: number })}`);
    const list = (body as { incoming_phone_numbers?: Array<{ sid?: string | null; phone_number?: string | null }> } | null)?.incoming_phone_numbers ?? [];
    const match = list.find((item) => item.phone_number === number);
    return match ? { carrierNumberId: match.sid ?? null } : null;
  }

  async release(access: CarrierAccess, target: ReleaseTarget): Promise<void> {
    const sid = target.carrierNumberId ?? (await this.findOwned(access, target.number))?.carrierNumberId;
    if (!sid) return;
    try {
      await this.request('release', access, 'DELETE', `/IncomingPhoneNumbers/${encodeURIComponent(sid)}.json`);
    } catch (error) {
      if (error instanceof CarrierCallError && error.status === 404) return;
      throw error;
    }
  }
}
