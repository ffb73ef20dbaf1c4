import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/events/event-types.js';
import { HistoryRetentionRepo } from '../../src/events/history-retention.repo.js';
import { HistoryRetentionService } from '../../src/events/history-retention.service.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedAddress } from '../support/addresses-fixture.js';
import { validNumbers } from '../support/numbers-fixture.js';

interface Event {
  id: string;
  type: string;
  sequence: number;
  created_at: string;
  resource_id: string;
  resource_version: number | null;
  phone_number: string | null;
  data: Record<string, any>;
  previous_attributes: Record<string, any> | null;
  [field: string]: unknown;
}

interface Page {
  object: 'list';
  data: Event[];
  has_more: boolean;
  next_cursor: string | null;
}

const DAY_MS = 86_400_000;

describeEachDriver('/v1/events: reading, documenting and retaining events', (driver) => {
  let t: TestApp;
  let schemaOf: (type: string) => ValidateFunction;
  const numbers = validNumbers(24, 41);
  let next = 0;
  const freshNumber = () => numbers[next++]!;

  beforeAll(async () => {
    t = await startTestApp(driver);
    const doc = (await t.request('GET', '/openapi.json')).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validators = new Map<string, ValidateFunction>();
    schemaOf = (type) => {
      if (!validators.has(type)) validators.set(type, ajv.compile(doc.webhooks[type].post.requestBody.content['application/json'].schema));
      return validators.get(type)!;
    };
  });
  afterAll(() => t.close());

  const list = async (key: string, query = ''): Promise<Page> => {
    const res = await t.request<Page>('GET', `/v1/events${query ? `?${query}` : ''}`, { key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const importNumber = async (key: string, body: Record<string, unknown> = {}) => {
    const res = await t.request('POST', '/v1/phone-numbers', { key, body: { number: freshNumber(), ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const patch = (key: string, id: string, body: unknown) => t.request('PATCH', `/v1/phone-numbers/${id}`, { key, body });
  const expectValid = (event: Event) => {
    const validate = schemaOf(event.type);
    expect(validate(event), `${event.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
  };

  it('tells each change of a number made through the native API, in order, with what changed', async () => {
    const { key, orgId } = await t.newOrg();
    const address = await seedAddress(t, orgId);
    const number = await importNumber(key, { tags: ['a'] });
    expect((await patch(key, number.id, { tags: ['a', 'b'] })).status).toBe(200);
    expect((await patch(key, number.id, { assignment: { agent_id: 'agent_7' } })).status).toBe(200);
    expect((await patch(key, number.id, { assignment: { agent_id: null } })).status).toBe(200);
    expect((await patch(key, number.id, { emergency: { enabled: true, address_id: address.id } })).status).toBe(200);
    expect((await t.request('DELETE', `/v1/phone-numbers/${number.id}`, { key })).status).toBe(200);

    const page = await list(key);
    expect(page.has_more).toBe(false);
    const events = page.data;
    expect(events.map((event) => event.type)).toEqual([
      'phone_number.imported',
      'phone_number.updated',
      'phone_number.assigned',
      'phone_number.unassigned',
      'phone_number.emergency_status_changed',
      'phone_number.released',
    ]);
    const sequences = events.map((event) => event.sequence);
    expect([...sequences].sort((x, y) => x - y)).toEqual(sequences);
    expect(new Set(sequences).size).toBe(sequences.length);
    const versions = events.map((event) => event.resource_version!);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    for (const event of events) {
      expect(event).toMatchObject({
        object: 'event',
        resource_type: 'phone_number',
        resource_id: number.id,
        phone_number: number.number,
        surface: 'native',
        actor: { type: 'api_key' },
      });
      expect(typeof event.request_id).toBe('string');
      expectValid(event);
    }
    const [imported, updated, assigned, unassigned, emergency, released] = events as [Event, Event, Event, Event, Event, Event];
    expect(imported.previous_attributes).toBeNull();
    expect(imported.data).toMatchObject({ id: number.id, tags: ['a'], status: 'active' });
    expect(updated.previous_attributes).toEqual({ tags: ['a'] });
    expect(updated.data.tags).toEqual(['a', 'b']);
    expect(assigned.previous_attributes).toEqual({ assignment: { status: 'free', agent_id: null, assigned_at: null } });
    expect(assigned.data.assignment).toMatchObject({ status: 'assigned', agent_id: 'agent_7' });
    expect(unassigned.previous_attributes).toEqual({ assignment: assigned.data.assignment });
    expect(emergency.previous_attributes).toEqual({ emergency: { enabled: false, address_id: null, status: 'disabled' } });
    expect(emergency.data.emergency).toEqual({ enabled: true, address_id: address.id, status: 'active' });
    expect(released.previous_attributes).toMatchObject({ status: 'active', released_at: null });
    expect(released.data.status).toBe('released');

    // One event reads alone exactly as listed.
    const one = await t.request('GET', `/v1/events/${updated.id}`, { key });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(updated);
  });

  it('filters by type (exact, repeated, comma list, wildcard), resource, number in any form and creation time', async () => {
    const { key } = await t.newOrg();
    const a = await importNumber(key);
    const b = await importNumber(key);
    await patch(key, a.id, { tags: ['x'] });
    await patch(key, b.id, { assignment: { agent_id: 'agent_1' } });
    await patch(key, a.id, { friendly_name: 'Front desk' });
    const all = (await list(key)).data;
    expect(all).toHaveLength(5);
    const types = (page: Page) => page.data.map((event) => `${event.type} ${event.resource_id}`);
    const expected = (keep: (event: Event) => boolean) => all.filter(keep).map((event) => `${event.type} ${event.resource_id}`);

    expect(types(await list(key, 'type=phone_number.assigned'))).toEqual([`phone_number.assigned ${b.id}`]);
    const importedOrUpdated = expected((event) => ['phone_number.imported', 'phone_number.updated'].includes(event.type));
    expect(importedOrUpdated).toHaveLength(4);
    expect(types(await list(key, 'type=phone_number.imported,phone_number.updated'))).toEqual(importedOrUpdated);
    expect(types(await list(key, 'type=phone_number.imported&type=phone_number.updated'))).toEqual(importedOrUpdated);
    expect(types(await list(key, 'type=phone_number.*'))).toEqual(expected(() => true));
    expect(types(await list(key, 'type=*'))).toEqual(expected(() => true));
    expect((await list(key, 'type=number_order.*')).data).toEqual([]);

    for (const bad of ['phone_number.nope', 'phone_number', 'telephone.*', 'phone_number.**']) {
      const refused = await t.request('GET', `/v1/events?type=${encodeURIComponent(bad)}`, { key });
      expect([refused.status, refused.body.code, refused.body.parameter], bad).toEqual([400, 'validation_failed', 'type']);
    }

    expect(types(await list(key, `resource_id=${a.id}`))).toEqual(expected((event) => event.resource_id === a.id));
    expect((await list(key, `resource_id=${a.id}&type=phone_number.updated`)).data).toHaveLength(2);

    // The number as a person types it: its national form with its country, or E.164 with spaces.
    const national = `phone_number=${encodeURIComponent(b.national_format)}&country=${b.country}`;
    expect(types(await list(key, national))).toEqual(expected((event) => event.resource_id === b.id));
    expect(types(await list(key, `phone_number=${encodeURIComponent(b.international_format)}`))).toHaveLength(2);
    const noCountry = await t.request('GET', `/v1/events?phone_number=${encodeURIComponent(b.national_format)}`, { key });
    expect([noCountry.status, noCountry.body.code, noCountry.body.parameter]).toEqual([400, 'invalid_phone_number', 'phone_number']);

    // created_after is inclusive, created_before exclusive, both to the database's precision.
    const bound = all[2]!.created_at;
    const at = (event: Event) => Date.parse(event.created_at);
    expect(types(await list(key, `created_after=${bound}`))).toEqual(expected((event) => at(event) >= Date.parse(bound)));
    expect(types(await list(key, `created_before=${bound}`))).toEqual(expected((event) => at(event) < Date.parse(bound)));
    expect((await list(key, `created_after=${bound}`)).data.map((event) => event.id)).toContain(all[2]!.id);
    expect((await list(key, `created_before=${all[0]!.created_at}`)).data).toEqual([]);
    const badDate = await t.request('GET', '/v1/events?created_after=yesterday', { key });
    expect([badDate.status, badDate.body.parameter]).toEqual([400, 'created_after']);
  });

  it('pages through every event once, and a poller continues from the last cursor as new events come', async () => {
    const { key } = await t.newOrg();
    // Before any event: an empty page, and a cursor to poll from.
    const empty = await list(key);
    expect(empty).toMatchObject({ data: [], has_more: false });
    expect(typeof empty.next_cursor).toBe('string');

    const number = await importNumber(key);
    for (const tag of ['a', 'b', 'c', 'd']) await patch(key, number.id, { tags: [tag] });
    const all = (await list(key, `cursor=${empty.next_cursor}`)).data;
    expect(all.map((event) => event.type)).toEqual(['phone_number.imported', ...Array(4).fill('phone_number.updated')]);
    const ids = (events: Page['data']) => events.map((event) => event.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let page: Page;
    do {
      page = await list(key, `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.data));
      expect(typeof page.next_cursor).toBe('string');
      cursor = page.next_cursor;
    } while (page.has_more);
    expect(seen).toEqual(ids(all));

    // Nothing new: nothing given, and the same cursor back.
    const idle = await list(key, `limit=2&cursor=${cursor}`);
    expect(idle).toEqual({ object: 'list', data: [], has_more: false, next_cursor: cursor });

    // Later changes: exactly those, from where the poller stopped.
    await patch(key, number.id, { friendly_name: 'Later' });
    await patch(key, number.id, { tags: [] });
    const later = await list(key, `limit=2&cursor=${cursor}`);
    expect(later.data).toHaveLength(2);
    expect(later.data[0]!.sequence).toBeGreaterThan(all.at(-1)!.sequence);
    expect(later.data[1]!.sequence).toBeGreaterThan(later.data[0]!.sequence);
    all.push(...later.data);
    expect(later.data[0]!.previous_attributes).toEqual({ friendly_name: null });
    const after = await list(key, `cursor=${later.next_cursor}`);
    expect(after).toMatchObject({ data: [], has_more: false, next_cursor: later.next_cursor });

    // Newest first, down to the oldest; that list's cursor does not serve the other order.
    const newest = await list(key, 'order=desc&limit=4');
    expect(ids(newest.data)).toEqual(ids(all).reverse().slice(0, 4));
    const rest = await list(key, `order=desc&cursor=${newest.next_cursor}`);
    expect(ids(rest.data)).toEqual(ids(all).reverse().slice(4));
    expect(rest).toMatchObject({ has_more: false, next_cursor: null });
    const mixed = await t.request('GET', `/v1/events?cursor=${newest.next_cursor}`, { key });
    expect([mixed.status, mixed.body.code, mixed.body.parameter]).toEqual([400, 'validation_failed', 'cursor']);

    const forged = await t.request('GET', '/v1/events?cursor=eyJzIjoyfQ.AAAAAAAAAAAAAAAAAAAAAA', { key });
    expect([forged.status, forged.body.code, forged.body.parameter]).toEqual([400, 'validation_failed', 'cursor']);
    for (const limit of [0, 501, 'x']) {
      expect((await t.request('GET', `/v1/events?limit=${limit}`, { key })).status, String(limit)).toBe(400);
    }
    expect((await t.request('GET', '/v1/events?colour=red', { key })).status).toBe(400);
  });

  it("never shows another organization's events, ids or cursors", async () => {
    const mine = await t.newOrg();
    const theirs = await t.newOrg();
    await importNumber(mine.key);
    const theirNumber = await importNumber(theirs.key);
    const [theirEvent] = (await list(theirs.key)).data;

    const myEvents = (await list(mine.key)).data;
    expect(myEvents).toHaveLength(1);
    expect(myEvents.some((event) => event.resource_id === theirNumber.id)).toBe(false);
    expect((await list(mine.key, `resource_id=${theirNumber.id}`)).data).toEqual([]);
    expect((await list(mine.key, `phone_number=${encodeURIComponent(theirNumber.number)}`)).data).toEqual([]);

    for (const id of [theirEvent!.id, '00000000-0000-4000-8000-000000000000', 'not-an-id', '1']) {
      const res = await t.request('GET', `/v1/events/${id}`, { key: mine.key });
      expect([res.status, res.body.code], id).toEqual([404, 'not_found']);
    }
    const theirCursor = (await list(theirs.key)).next_cursor;
    const borrowed = await t.request('GET', `/v1/events?cursor=${theirCursor}`, { key: mine.key });
    expect([borrowed.status, borrowed.body.parameter]).toEqual([400, 'cursor']);

    const { key: noScope } = await t.newOrg(['phone_numbers:read']);
    expect((await t.request('GET', '/v1/events', { key: noScope })).status).toBe(403);
    expect((await t.request('GET', `/v1/events/${theirEvent!.id}`, { key: noScope })).status).toBe(403);
    expect((await t.request('GET', '/v1/events')).status).toBe(401);
  });

  it('writes no event for a change that was refused and rolled back', async () => {
    const { key } = await t.newOrg();
    const number = await importNumber(key, { tags: ['kept'] });
    // Tags and an impossible move together: the move is refused, so neither is written.
    const refused = await patch(key, number.id, { tags: ['lost'], status: 'port_pending' });
    expect([refused.status, refused.body.code]).toEqual([409, 'invalid_status_transition']);
    expect((await t.request('GET', `/v1/phone-numbers/${number.id}`, { key })).body.tags).toEqual(['kept']);
    expect((await list(key)).data.map((event) => event.type)).toEqual(['phone_number.imported']);
    await patch(key, number.id, { tags: ['next'] });
    expect((await list(key)).data.map((event) => event.type)).toEqual(['phone_number.imported', 'phone_number.updated']);
  });

  it('documents every event type as an OpenAPI webhook whose body is the event', async () => {
    const doc = (await t.request('GET', '/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      const post = doc.webhooks[type].post;
      const schema = post.requestBody.content['application/json'].schema;
      expect(schema.properties.type.const, type).toBe(type);
      expect(Object.keys(post.responses).some((status) => /^2/.test(status)), type).toBe(true);
    }
    const renewalFailed = doc.webhooks['phone_number.renewal_failed'].post.requestBody.content['application/json'].schema;
    expect(renewalFailed.properties.data.properties.renewal_error.required).toEqual(['code', 'detail']);
    // A schema tells one type from another: an updated event is not a valid imported one.
    const { key } = await t.newOrg();
    const number = await importNumber(key);
    await patch(key, number.id, { tags: ['z'] });
    const [, updated] = (await list(key)).data;
    expect(schemaOf('phone_number.updated')(updated)).toBe(true);
    expect(schemaOf('phone_number.imported')(updated)).toBe(false);
    expect(schemaOf('number_order.completed')({ ...updated, type: 'number_order.completed' })).toBe(false);
  });

  it('tells a purchase and the release of the bought number with events valid against their types\' schemas', async () => {
    const { key } = await t.newOrg();
    const offers = await t.request('GET', '/v1/available-phone-numbers?country=US&limit=1', { key });
    expect(offers.status).toBe(200);
    const bought = await t.request('POST', '/v1/number-orders', { key, body: { phone_numbers: [offers.body.data[0].number] } });
    expect([bought.status, bought.body.status]).toEqual([201, 'complete']);
    const id = bought.body.phone_numbers[0].phone_number_id;
    expect((await t.request('DELETE', `/v1/phone-numbers/${id}`, { key })).status).toBe(200);

    const events = (await list(key, `resource_id=${id}`)).data;
    expect(events.map((event) => event.type)).toEqual([
      'phone_number.purchase_started',
      'phone_number.purchased',
      'phone_number.release_requested',
      'phone_number.released',
    ]);
    expect(events[1]!.previous_attributes).toMatchObject({ status: 'purchase_pending' });
    for (const event of events) expectValid(event);
    const versions = events.map((event) => event.resource_version!);
    expect([...versions].sort((x, y) => x - y)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('deletes events and audit records past their retention, oldest first, in bounded batches, and nothing younger', async () => {
    const { orgId, key } = await t.newOrg();
    const db = t.dialtone.database.db;
    await sql`INSERT INTO webhook_endpoints (organization_id, url, event_types, secret)
              VALUES (${orgId}, 'https://example.com/hook', ARRAY['*'], 'whsec_test')`.execute(db);
    const number = await importNumber(key);
    for (const tag of ['a', 'b', 'c']) await patch(key, number.id, { tags: [tag] });
    const events = (await list(key)).data;
    expect(events).toHaveLength(4);
    const ageEvent = (id: string, days: number) =>
      sql`UPDATE events SET created_at = now() - make_interval(days => ${days}) WHERE id = ${id}`.execute(db);
    await ageEvent(events[0]!.id, 91);
    await ageEvent(events[1]!.id, 120);
    await ageEvent(events[2]!.id, 89);
    // The audit log refuses updates: old records are written old.
    const addAudit = (days: number, action: string) =>
      sql`INSERT INTO audit_log (organization_id, actor_type, surface, action, outcome, created_at)
          VALUES (${orgId}, 'system', 'test', ${action}, 'succeeded', now() - make_interval(days => ${days}))`.execute(db);
    await addAudit(500, 'oldest');
    await addAudit(401, 'old');
    await addAudit(399, 'young');
    const deliveries = async () =>
      (await sql<{ event_id: string }>`SELECT event_id FROM webhook_deliveries WHERE organization_id = ${orgId}`.execute(db)).rows
        .map((row) => row.event_id)
        .sort();
    const testAudit = async () =>
      (await sql<{ action: string }>`SELECT action FROM audit_log WHERE organization_id = ${orgId} AND surface = 'test' ORDER BY action`.execute(db))
        .rows.map((row) => row.action);
    // The events left, by their place among the four written (1 the oldest).
    const sequences = async () => (await list(key)).data.map((left) => events.findIndex((event) => event.id === left.id) + 1);
    expect(await deliveries()).toEqual(events.map((event) => event.id).sort());
    const retention = { eventRetentionDays: 90, auditRetentionDays: 400 };
    const repo = new HistoryRetentionRepo(db);

    // One statement of one row per table: the oldest of each goes first.
    const oneRow = new HistoryRetentionService(repo, retention, () => new Date(), { size: 1, perRun: 1 });
    expect(await oneRow.prune()).toEqual({ deletedEvents: 1, deletedAuditRecords: 1 });
    expect(await sequences()).toEqual([1, 3, 4]);
    expect(await testAudit()).toEqual(['old', 'young']);

    // The server's own job, with the configured retention (90 and 400 days by default).
    expect(await t.dialtone.services.history.prune()).toEqual({ deletedEvents: 1, deletedAuditRecords: 1 });
    expect(await sequences()).toEqual([3, 4]);
    expect(await deliveries()).toEqual([events[2]!.id, events[3]!.id].sort());
    expect(await testAudit()).toEqual(['young']);
    // The audit records of the deleted events are younger than the audit retention: kept.
    const { rows: kept } = await sql<{ count: string | number }>`
      SELECT count(*) AS count FROM audit_log WHERE organization_id = ${orgId} AND surface = 'native' AND event_id IS NOT NULL`.execute(db);
    expect(Number(kept[0]!.count)).toBe(4);
    expect(await t.dialtone.services.history.prune()).toEqual({ deletedEvents: 0, deletedAuditRecords: 0 });

    // Two days on, the 89-day-old event and the 399-day-old record are past it, in batches of one.
    const later = () => new Date(Date.now() + 2 * DAY_MS);
    const batchesOfOne = new HistoryRetentionService(repo, retention, later, { size: 1, perRun: 10 });
    expect(await batchesOfOne.prune()).toEqual({ deletedEvents: 1, deletedAuditRecords: 1 });
    expect(await sequences()).toEqual([4]);
    expect(await testAudit()).toEqual([]);
  });
});
