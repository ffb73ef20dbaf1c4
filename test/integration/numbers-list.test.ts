import { sql } from 'kysely';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seededRandom, validNumbers } from '../support/numbers-fixture.js';

/** What the test knows of each seeded number, kept apart from Dialtone's own answers. */
interface Seeded {
  id: string;
  number: string;
  country: string;
  number_type: string;
  name: string | null;
  status: string;
  carrier: string;
  source: string;
  capabilities: string[];
  tags: string[];
  agent: string | null;
  connection: string | null;
  billingGroup: string | null;
  reference: string | null;
  createdAt: Date;
  purchasedAt: Date | null;
  renewal: Date | null;
}

const COUNT = 90;
const BASE = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

async function seed(t: TestApp, organizationId: string): Promise<Seeded[]> {
  const random = seededRandom(42);
  const { numbers } = t.dialtone.services;
  const seeded: Seeded[] = [];
  for (const [i, number] of validNumbers(COUNT, 99).entries()) {
    const capabilities = ['voice', 'sms', 'mms', 'fax', 'whatsapp'].filter(() => random() < 0.5);
    const tags = ['support', 'sales', 'emea', 'vip'].filter(() => random() < 0.35);
    const name = random() < 0.15 ? null : `${pick(random, ['Alpha', 'beta', 'Gamma', 'delta', 'Echo'])} line ${i % 7}`;
    const record = await numbers.importNumber(organizationId, {
      number,
      friendly_name: name,
      capabilities: capabilities as never,
      tags,
      carrier: pick(random, ['sip', 'byoc', 'telnyx'] as const),
      source: random() < 0.15 ? 'ported' : 'imported',
      assigned_agent_id: random() < 0.4 ? pick(random, ['agent_a', 'agent_b']) : null,
      connection_id: random() < 0.5 ? pick(random, ['conn-1', 'conn-2']) : null,
      billing_group_id: random() < 0.5 ? pick(random, ['bg-1', 'bg-2']) : null,
      customer_reference: random() < 0.3 ? pick(random, ['ref-x', 'ref-y']) : null,
    });
    let status = record.status;
    if (status === 'active' && random() < 0.2) status = (await numbers.update(organizationId, record.id, { status: 'suspended' })).status;
    // Spread the timestamps so that the expected order is unambiguous to the millisecond.
    const createdAt = new Date(BASE + i * HOUR + Math.floor(random() * 10) * 1000);
    const purchasedAt = random() < 0.5 ? new Date(BASE + Math.floor(random() * 50) * HOUR) : null;
    const renewal = random() < 0.6 ? new Date(BASE + Math.floor(random() * 40) * 24 * HOUR) : null;
    await t.dialtone.database.db
      .updateTable('phone_numbers')
      .set({ created_at: createdAt as never, purchased_at: purchasedAt, next_billing_date: renewal })
      .where('id', '=', record.id)
      .execute();
    seeded.push({
      id: record.id,
      number: record.number,
      country: record.country,
      number_type: record.number_type,
      name,
      status,
      carrier: record.carrier,
      source: record.source,
      capabilities,
      tags,
      agent: record.assigned_agent_id,
      connection: record.connection_id,
      billingGroup: record.billing_group_id,
      reference: record.customer_reference,
      createdAt,
      purchasedAt,
      renewal,
    });
  }
  return seeded;
}

type Order = 'asc' | 'desc';
const INFINITY = Number.POSITIVE_INFINITY;

/** The documented order: by the key (a missing date sorts as the latest, a missing name as ''), then id. */
function sortKey(n: Seeded, key: string): number | string {
  switch (key) {
    case 'number':
      return n.number;
    case 'friendly_name':
      return (n.name ?? '').toLowerCase();
    case 'purchased_at':
      return n.purchasedAt?.getTime() ?? INFINITY;
    case 'next_billing_date':
      return n.renewal?.getTime() ?? INFINITY;
    default:
      return n.createdAt.getTime();
  }
}

function expectedOrder(rows: Seeded[], key: string, order: Order): string[] {
  const sign = order === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows]
    .sort((a, b) => sign * (cmp(sortKey(a, key), sortKey(b, key)) || cmp(a.id, b.id)))
    .map((n) => n.id);
}

/** Follows next_cursor to the end, returning every id in the order served. */
async function walk(t: TestApp, apiKey: string, query: string, limit = 7): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const res: { status: number; body: any } = await t.request(
      'GET',
      `/v1/phone-numbers?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { key: apiKey },
    );
    expect(res.status, `${query}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
    ids.push(...res.body.data.map((n: { id: string }) => n.id));
    cursor = res.body.next_cursor;
    expect(res.body.has_more).toBe(cursor !== null);
    if (!cursor) return ids;
  }
  throw new Error('pagination did not end');
}

const held = (n: Seeded) => n.status !== 'released';

describeEachDriver('/v1/phone-numbers list: filters, sorts and pagination', (driver) => {
  let t: TestApp;
  let key: string;
  let orgId: string;
  let rows: Seeded[];

  beforeAll(async () => {
    t = await startTestApp(driver);
    ({ key, orgId } = await t.newOrg());
    rows = await seed(t, orgId);
    // A neighbour's numbers must never show up.
    const neighbour = await t.newOrg();
    for (const number of validNumbers(5, 1234).filter((n) => !rows.some((r) => r.number === n))) {
      await t.dialtone.services.numbers.importNumber(neighbour.orgId, { number, tags: ['support'], capabilities: ['voice'] });
    }
  });
  afterAll(() => t.close());

  const iso = (ms: number) => new Date(ms).toISOString();
  const filterCases: Array<[string, (n: Seeded) => boolean]> = [
    ['', held],
    ['status=suspended', (n) => n.status === 'suspended'],
    ['status=active,port_pending', (n) => ['active', 'port_pending'].includes(n.status)],
    ['status=active&status=suspended', (n) => ['active', 'suspended'].includes(n.status)],
    ['number_type=toll_free', (n) => held(n) && n.number_type === 'toll_free'],
    ['country=GB,DE', (n) => held(n) && ['GB', 'DE'].includes(n.country)],
    ['capability=voice,sms', (n) => held(n) && n.capabilities.includes('voice') && n.capabilities.includes('sms')],
    ['carrier=telnyx', (n) => held(n) && n.carrier === 'telnyx'],
    ['source=ported', (n) => held(n) && n.source === 'ported'],
    ['tag=support', (n) => held(n) && n.tags.includes('support')],
    ['tag=support,vip', (n) => held(n) && n.tags.includes('support') && n.tags.includes('vip')],
    ['without_tags=true', (n) => held(n) && n.tags.length === 0],
    ['without_tags=false', (n) => held(n) && n.tags.length > 0],
    ['assigned=true', (n) => held(n) && n.agent !== null],
    ['assigned=false', (n) => held(n) && n.agent === null],
    ['assigned_agent_id=agent_b', (n) => held(n) && n.agent === 'agent_b'],
    ['connection_id=conn-1', (n) => held(n) && n.connection === 'conn-1'],
    ['billing_group_id=bg-2', (n) => held(n) && n.billingGroup === 'bg-2'],
    ['billing_group_id=none', (n) => held(n) && n.billingGroup === null],
    ['customer_reference=ref-x', (n) => held(n) && n.reference === 'ref-x'],
    ['number_contains=55', (n) => held(n) && n.number.includes('55')],
    ['number_starts_with=44', (n) => held(n) && n.number.startsWith('+44')],
    ['number_ends_with=7', (n) => held(n) && n.number.endsWith('7')],
    ['name_contains=ALPHA', (n) => held(n) && (n.name ?? '').toLowerCase().includes('alpha')],
    ['search=line%203', (n) => held(n) && (n.name ?? '').includes('line 3')],
    ['search=212', (n) => held(n) && (n.number.includes('212') || (n.name ?? '').includes('212'))],
    [`created_after=${iso(BASE + 20 * HOUR)}&created_before=${iso(BASE + 60 * HOUR)}`,
      (n) => held(n) && n.createdAt.getTime() >= BASE + 20 * HOUR && n.createdAt.getTime() < BASE + 60 * HOUR],
    [`renewal_after=${iso(BASE + 10 * 24 * HOUR)}&renewal_before=${iso(BASE + 30 * 24 * HOUR)}`,
      (n) => held(n) && n.renewal !== null && n.renewal.getTime() >= BASE + 10 * 24 * HOUR && n.renewal.getTime() < BASE + 30 * 24 * HOUR],
    ['status=active&capability=voice&tag=support&country=US',
      (n) => n.status === 'active' && n.capabilities.includes('voice') && n.tags.includes('support') && n.country === 'US'],
  ];

  it('seeds a spread of data, so no filter case is trivially empty or full', () => {
    for (const [query, match] of filterCases.slice(1)) {
      const count = rows.filter(match).length;
      expect(count, query).toBeGreaterThan(0);
      expect(count, query).toBeLessThan(rows.length);
    }
  });

  it.each(filterCases)('filter %s returns exactly the matching numbers, newest first', async (query, match) => {
    const ids = await walk(t, key, query);
    expect(ids).toEqual(expectedOrder(rows.filter(match), 'created_at', 'desc'));
  });

  it('searches by id', async () => {
    const target = rows[17]!;
    const res = await t.request('GET', `/v1/phone-numbers?search=${target.id}`, { key });
    expect(res.body.data.map((n: { id: string }) => n.id)).toEqual([target.id]);
  });

  it.each([
    ['GB', (national: string) => national],
    ['DE', (national: string) => national],
    ['DE', (national: string) => national.replace(' ', '/')],
  ])('finds a number written in the national form of %s, trunk 0 included, in the country filtered by or in any', async (country, written) => {
    const target = rows.find((n) => held(n) && n.country === country)!;
    const search = encodeURIComponent(written(parsePhoneNumber(target.number).formatNational()));
    expect(search).toMatch(/^0/);
    const found = await t.request('GET', `/v1/phone-numbers?search=${search}&country=${country}`, { key });
    expect(found.body.data.map((n: { id: string }) => n.id)).toEqual([target.id]);
    // Without a country, the digits after the trunk 0 are looked for inside every number.
    const significant = parsePhoneNumber(target.number).nationalNumber;
    const unhinted = await walk(t, key, `search=${search}`);
    expect(unhinted).toContain(target.id);
    expect(unhinted).toEqual(expectedOrder(rows.filter((n) => held(n) && n.number.includes(significant)), 'created_at', 'desc'));
  });

  it('finds a number written in international form, still by the digits of part of one', async () => {
    const target = rows.find((n) => held(n) && n.country === 'GB')!;
    const international = encodeURIComponent(`00${parsePhoneNumber(target.number).formatInternational().slice(1)}`);
    const found = await t.request('GET', `/v1/phone-numbers?search=${international}`, { key });
    expect(found.body.data.map((n: { id: string }) => n.id)).toEqual([target.id]);
    const part = `${target.number.slice(3, 6)}-${target.number.slice(6, 9)}`;
    const parts = await walk(t, key, `search=${part}`);
    expect(parts).toEqual(expectedOrder(rows.filter((n) => held(n) && (n.number.includes(part.replace('-', '')) || (n.name ?? '').includes(part))), 'created_at', 'desc'));
    expect(parts).toContain(target.id);
  });

  const sorts = ['created_at', 'number', 'purchased_at', 'next_billing_date', 'friendly_name'];
  for (const sortBy of sorts) {
    for (const order of ['asc', 'desc'] as const) {
      it(`sorts by ${sortBy} ${order}, ties broken by id, across pages`, async () => {
        const ids = await walk(t, key, `sort=${sortBy}&order=${order}`, 6);
        expect(ids).toEqual(expectedOrder(rows.filter(held), sortBy, order));
      });
    }
  }

  it('counts every match only when asked', async () => {
    const plain = await t.request('GET', '/v1/phone-numbers?tag=support&limit=3', { key });
    expect(plain.body).not.toHaveProperty('total_count');
    const counted = await t.request('GET', '/v1/phone-numbers?tag=support&limit=3&include_total=true', { key });
    expect(counted.body.total_count).toBe(rows.filter((n) => held(n) && n.tags.includes('support')).length);
    expect(counted.body.data).toHaveLength(3);
  });

  it('visits every row exactly once while numbers are added between pages', async () => {
    const before = new Set(rows.filter(held).map((n) => n.id));
    const extra = validNumbers(COUNT + 40, 99).slice(COUNT).filter((n) => !rows.some((r) => r.number === n));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; ; page++) {
      const res: { body: any } = await t.request(
        'GET',
        `/v1/phone-numbers?sort=number&limit=9${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key },
      );
      seen.push(...res.body.data.map((n: { id: string }) => n.id));
      cursor = res.body.next_cursor;
      if (!cursor) break;
      // Insert a few numbers on every page, some before and some after the cursor position.
      for (const number of extra.splice(0, 3)) await t.dialtone.services.numbers.importNumber(orgId, { number });
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
  });

  it('rejects a cursor reused with other filters or another sort', async () => {
    const first = await t.request('GET', '/v1/phone-numbers?limit=2&tag=support', { key });
    const cursor = encodeURIComponent(first.body.next_cursor);
    const otherFilter = await t.request('GET', `/v1/phone-numbers?limit=2&tag=sales&cursor=${cursor}`, { key });
    expect(otherFilter.status).toBe(400);
    expect(otherFilter.body.parameter).toBe('cursor');
    const otherSort = await t.request('GET', `/v1/phone-numbers?limit=2&tag=support&sort=number&cursor=${cursor}`, { key });
    expect(otherSort.status).toBe(400);
    const same = await t.request('GET', `/v1/phone-numbers?limit=2&tag=support&cursor=${cursor}`, { key });
    expect(same.status).toBe(200);
  });

  it('uses the sort value itself in cursors, to the microsecond', async () => {
    // Two numbers created in the same millisecond still page apart correctly.
    const [a, b] = validNumbers(2, 4242).filter((n) => !rows.some((r) => r.number === n));
    const other = await t.newOrg();
    for (const number of [a!, b!]) await t.dialtone.services.numbers.importNumber(other.orgId, { number });
    await sql`update phone_numbers set created_at = '2026-03-01 00:00:00.000100+00' where organization_id = ${other.orgId} and number = ${a}`.execute(t.dialtone.database.db);
    await sql`update phone_numbers set created_at = '2026-03-01 00:00:00.000200+00' where organization_id = ${other.orgId} and number = ${b}`.execute(t.dialtone.database.db);
    const ids = await walk(t, other.key, 'sort=created_at', 1);
    const numbersInOrder = await Promise.all(ids.map(async (id) => (await t.request('GET', `/v1/phone-numbers/${id}`, { key: other.key })).body.number));
    expect(numbersInOrder).toEqual([b, a]);
  });
});
