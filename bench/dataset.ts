import { randomUUID } from 'node:crypto';

/**
 * A synthetic but plausible inventory: numbers in real national formats over a mix of
 * countries and types, statuses, capabilities, tags, assignments and dates. Deterministic for
 * a given seed, so two runs load the same shape of data.
 */

export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

function picker<T>(choices: Weighted<T>): (r: number) => T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  return (r) => {
    let left = r * total;
    for (const [value, weight] of choices) {
      left -= weight;
      if (left < 0) return value;
    }
    return choices[choices.length - 1]![0];
  };
}

/** A numbering range: the digits after the country code up to the subscriber part. */
interface Range {
  country: string;
  code: string;
  prefix: string;
  /** Digits after the prefix. */
  rest: number;
  type: 'local' | 'mobile' | 'toll_free';
}

const RANGES: Weighted<Range> = [
  ...['201', '212', '305', '312', '415', '512', '617', '646', '702', '818'].map(
    (prefix) => [{ country: 'US', code: '1', prefix, rest: 7, type: 'local' }, 5.5] as const,
  ),
  [{ country: 'US', code: '1', prefix: '800', rest: 7, type: 'toll_free' }, 3],
  [{ country: 'US', code: '1', prefix: '888', rest: 7, type: 'toll_free' }, 2],
  [{ country: 'CA', code: '1', prefix: '416', rest: 7, type: 'local' }, 3],
  [{ country: 'CA', code: '1', prefix: '604', rest: 7, type: 'local' }, 2],
  [{ country: 'GB', code: '44', prefix: '207', rest: 7, type: 'local' }, 5],
  [{ country: 'GB', code: '44', prefix: '74', rest: 8, type: 'mobile' }, 4],
  [{ country: 'DE', code: '49', prefix: '30', rest: 8, type: 'local' }, 3],
  [{ country: 'DE', code: '49', prefix: '151', rest: 8, type: 'mobile' }, 2],
  [{ country: 'FR', code: '33', prefix: '1', rest: 8, type: 'local' }, 3],
  [{ country: 'FR', code: '33', prefix: '61', rest: 7, type: 'mobile' }, 1.5],
  [{ country: 'AU', code: '61', prefix: '29', rest: 7, type: 'local' }, 2],
  [{ country: 'AU', code: '61', prefix: '41', rest: 7, type: 'mobile' }, 1.5],
  [{ country: 'NL', code: '31', prefix: '20', rest: 7, type: 'local' }, 1.5],
  [{ country: 'ES', code: '34', prefix: '91', rest: 7, type: 'local' }, 1.5],
  [{ country: 'BR', code: '55', prefix: '119', rest: 8, type: 'mobile' }, 1.5],
  [{ country: 'JP', code: '81', prefix: '3', rest: 8, type: 'local' }, 1],
];

const pickRange = picker(RANGES);
const pickStatus = picker([
  ['active', 85], ['suspended', 4], ['port_pending', 2.5], ['port_failed', 0.5],
  ['purchase_pending', 1], ['purchase_failed', 1], ['released', 6],
] as const);
const pickCapabilities = picker([
  ['{voice,sms}', 45], ['{voice}', 20], ['{voice,sms,mms}', 20], ['{sms}', 5], ['{voice,fax}', 5], ['{voice,sms,whatsapp}', 5],
] as const);
const pickCarrier = picker([['telnyx', 40], ['twilio', 25], ['signalwire', 15], ['sip', 10], ['byoc', 10]] as const);
const pickSource = picker([['purchased', 75], ['ported', 15], ['imported', 10]] as const);
export const TAGS = [
  'support', 'sales', 'billing', 'emea', 'apac', 'americas', 'marketing', 'vip', 'trial', 'outbound',
  ...Array.from({ length: 20 }, (_, i) => `campaign-${i + 1}`),
];

/** Scrambles a counter into the subscriber digits of a range, one to one, never starting with 0 or 1. */
function subscriber(counter: number, digits: number): string {
  const unit = 10 ** (digits - 1);
  return String(2 * unit + ((counter * 7_654_321 + 1_234_567) % (8 * unit)));
}

function formats(range: Range, digits: string): { national: string; international: string } {
  if (range.code === '1') {
    const [a, e, l] = [range.prefix, digits.slice(0, 3), digits.slice(3)];
    return { national: `(${a}) ${e}-${l}`, international: `+1 ${a} ${e} ${l}` };
  }
  const half = Math.ceil(digits.length / 2);
  const grouped = `${digits.slice(0, half)} ${digits.slice(half)}`;
  return { national: `0${range.prefix} ${grouped}`, international: `+${range.code} ${range.prefix} ${grouped}` };
}

const YEAR_MS = 365 * 86_400_000;

export interface Organization {
  id: string;
  name: string;
}

export function organizations(count: number): Organization[] {
  return Array.from({ length: count }, (_, i) => ({ id: randomUUID(), name: `Bench org ${String(i).padStart(4, '0')}` }));
}

/** The COPY columns of phone_numbers, in the order numberRows writes them. */
export const COPY_COLUMNS = [
  'id', 'organization_id', 'number', 'country', 'number_type', 'national_format', 'international_format',
  'friendly_name', 'capabilities', 'status', 'carrier', 'source', 'tags', 'customer_reference', 'connection_id',
  'connection_name', 'billing_group_id', 'assigned_agent_id', 'assigned_at', 'monthly_cost', 'currency',
  'next_billing_date', 'created_at', 'updated_at', 'purchased_at', 'released_at',
] as const;

const NULL = '\\N';

/**
 * Rows of phone_numbers in COPY text format, chunk by chunk. The first organization holds
 * bigShare of the numbers; the others share the rest, a few of them much more than most.
 */
export function* numberRows(options: { count: number; orgs: Organization[]; bigShare: number; seed: number; now: number; chunk: number }) {
  const next = random(options.seed);
  const counters = new Map<Range, number>();
  const [big, ...others] = options.orgs;
  let lines: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const org = next() < options.bigShare || others.length === 0 ? big! : others[Math.floor(others.length * next() ** 2)]!;
    const range = pickRange(next());
    const counter = counters.get(range) ?? 0;
    counters.set(range, counter + 1);
    const digits = subscriber(counter, range.rest);
    const { national, international } = formats(range, digits);
    const status = pickStatus(next());
    const created = options.now - Math.floor(next() * 3 * YEAR_MS);
    const purchased = next() < 0.75 ? created : null;
    const released = status === 'released' ? created + Math.floor((options.now - created) * next()) : null;
    const tagCount = Math.floor(next() * 4);
    const tags = new Set<string>();
    for (let t = 0; t < tagCount; t++) tags.add(TAGS[Math.floor(TAGS.length * next() ** 1.5)]!);
    const assigned = next() < 0.3 && !released;
    const columns = [
      randomUUID(), org.id, `+${range.code}${range.prefix}${digits}`, range.country, range.type, national, international,
      next() < 0.6 ? `Line ${i}` : NULL, pickCapabilities(next()), status, pickCarrier(next()), pickSource(next()),
      `{${[...tags].join(',')}}`, next() < 0.2 ? `CUST-${Math.floor(next() * 50_000)}` : NULL,
      next() < 0.5 ? `conn-${Math.floor(next() * 40)}` : NULL, NULL, next() < 0.3 ? `bg-${Math.floor(next() * 25)}` : NULL,
      assigned ? `agent_${Math.floor(next() * 2_000)}` : NULL, assigned ? new Date(created + 86_400_000).toISOString() : NULL,
      (1 + Math.floor(next() * 400) / 100).toFixed(2), 'USD',
      // Billed a day or more from now: no renewal falls due during a run and writes under the measurements.
      released ? NULL : new Date(options.now + (1 + Math.floor(next() * 30)) * 86_400_000).toISOString(),
      new Date(created).toISOString(), new Date(released ?? created).toISOString(),
      purchased === null ? NULL : new Date(purchased).toISOString(), released === null ? NULL : new Date(released).toISOString(),
    ];
    lines.push(columns.join('\t'));
    if (lines.length >= options.chunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

/**
 * A CSV for `dialtone numbers import`: valid US numbers (area codes the seeded rows never
 * use), with names, tags and capabilities.
 */
export function* importCsv(count: number, chunk: number) {
  const areas = ['206', '214', '469', '650', '713'];
  yield 'number,friendly_name,tags,capabilities,carrier\n';
  let lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const area = areas[i % areas.length]!;
    const n = Math.floor(i / areas.length);
    const exchange = 200 + (Math.floor(n / 10_000) % 800);
    const line = String(n % 10_000).padStart(4, '0');
    const tags = i % 3 === 0 ? 'imported;support' : 'imported';
    lines.push(`+1${area}${exchange}${line},Imported ${i},${tags},voice;sms,byoc`);
    if (lines.length >= chunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}
