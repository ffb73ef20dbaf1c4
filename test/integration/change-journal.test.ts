import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withCause } from '../../src/changes/cause.js';
import { JournalRepo } from '../../src/changes/journal.repo.js';
import { unitOfWork } from '../../src/db/unit-of-work.js';
import { NumbersRepo } from '../../src/numbers/numbers.repo.js';
import { seedAddress } from '../support/addresses-fixture.js';
import { basicAuth, freshNumber } from '../support/dialects/fixtures.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { idFromPrefixed } from '../../src/dialects/shared/ids.js';

const DAY = 86_400_000;

interface Recorded {
  sequence: number;
  type: string;
  resource_id: string;
  resource_version: number | null;
  phone_number: string | null;
  previous_attributes: Record<string, unknown> | null;
  data: Record<string, any>;
  surface: string;
  actor: Record<string, unknown>;
  request_id: string | null;
  idempotency_key: string | null;
  audit: Array<{ action: string; outcome: string; surface: string; actor_type: string; actor_id: string | null; actor_key_prefix: string | null; changes: any; request_id: string | null }>;
}

/** Every change journaled in this test: the events of an organization, each with its audit records. */
describeEachDriver('every change of a number: one event and one audit record, in its transaction', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  let seen = 0;

  beforeAll(async () => {
    // With a secret key, so port-out PINs can be stored (sealed).
    app = await startTestApp(driver, { secretKey: randomBytes(32).toString('hex') });
    org = await app.newOrg();
  });
  afterAll(() => app?.close());

  async function journalOf(organizationId: string): Promise<Recorded[]> {
    const { rows: events } = await sql<Omit<Recorded, 'audit'> & { id: string; sequence: string }>`
      SELECT id, sequence, type, resource_id, resource_version, phone_number, previous_attributes, data, surface, actor, request_id, idempotency_key
      FROM events WHERE organization_id = ${organizationId} ORDER BY sequence`.execute(app.dialtone.database.db);
    const { rows: audit } = await sql<Recorded['audit'][number] & { event_id: string | null }>`
      SELECT action, outcome, surface, actor_type, actor_id, actor_key_prefix, changes, request_id, event_id
      FROM audit_log WHERE organization_id = ${organizationId}`.execute(app.dialtone.database.db);
    return events.map((event) => ({
      ...event,
      sequence: Number(event.sequence),
      audit: audit.filter((record) => record.event_id === event.id),
    }));
  }

  /** The events written since the last call, each checked to have exactly one matching audit record. */
  async function newEvents(organizationId = org.orgId): Promise<Recorded[]> {
    const all = await journalOf(organizationId);
    const fresh = all.slice(seen);
    seen = all.length;
    for (const event of fresh) {
      expect(event.audit, event.type).toHaveLength(1);
      expect(event.audit[0]).toMatchObject({ action: event.type, outcome: 'succeeded', surface: event.surface, request_id: event.request_id });
    }
    // Sequences increase, one per event.
    expect(new Set(all.map((event) => event.sequence)).size).toBe(all.length);
    return fresh;
  }

  it('native API: import, update, assign, emergency, unassign, release', async () => {
    const number = freshNumber();
    const headers = { 'x-request-id': 'req-journal-1', 'idempotency-key': 'idem-1' };
    const imported = await app.request('POST', '/v1/phone-numbers', { key: org.key, body: { number }, headers });
    expect(imported.status).toBe(201);
    const [created] = await newEvents();
    expect(created).toMatchObject({
      type: 'phone_number.imported',
      resource_id: imported.body.id,
      resource_version: 1,
      phone_number: number,
      previous_attributes: null,
      surface: 'native',
      request_id: 'req-journal-1',
      idempotency_key: 'idem-1',
      actor: { type: 'api_key', prefix: org.key.slice(0, 11) },
    });
    expect(created!.data).toEqual(imported.body);
    expect(created!.audit[0]).toMatchObject({ actor_type: 'api_key', actor_key_prefix: org.key.slice(0, 11), changes: null });

    const id = imported.body.id;
    const patch = (body: unknown) => app.request('PATCH', `/v1/phone-numbers/${id}`, { key: org.key, body });

    const renamed = await patch({ tags: ['support'], friendly_name: 'Support' });
    expect(renamed.status).toBe(200);
    const [updated] = await newEvents();
    // The event tells the number exactly as the change left it.
    expect(updated!.data).toEqual(renamed.body);
    expect(updated).toMatchObject({
      type: 'phone_number.updated',
      resource_version: 2,
      previous_attributes: { tags: [], friendly_name: null },
    });
    expect(updated!.audit[0]!.changes).toEqual({ tags: { from: [], to: ['support'] }, friendly_name: { from: null, to: 'Support' } });

    // The same values again change nothing: no event.
    expect((await patch({ tags: ['support'] })).status).toBe(200);
    expect(await newEvents()).toEqual([]);

    const assigning = await patch({ assignment: { agent_id: 'agent_7' } });
    expect(assigning.status).toBe(200);
    const [assigned] = await newEvents();
    expect(assigned!.data).toEqual(assigning.body);
    expect(assigned).toMatchObject({ type: 'phone_number.assigned', resource_version: 3 });
    expect(assigned!.previous_attributes).toMatchObject({ assignment: { status: 'free', agent_id: null, assigned_at: null } });
    expect(assigned!.data.assignment).toMatchObject({ status: 'assigned', agent_id: 'agent_7' });

    const address = await seedAddress(app, org.orgId);
    const routed = await patch({ emergency: { enabled: true, address_id: address.id }, voice: { handler: 'webhook', url: 'https://example.com/calls' } });
    expect(routed.status).toBe(200);
    const [emergency] = await newEvents();
    expect(emergency!.data).toEqual(routed.body);
    expect(emergency).toMatchObject({ type: 'phone_number.emergency_status_changed' });
    expect(emergency!.previous_attributes).toMatchObject({ emergency: { enabled: false, address_id: null, status: 'disabled' } });

    expect((await patch({ assignment: { agent_id: null } })).status).toBe(200);
    expect((await newEvents()).map((event) => event.type)).toEqual(['phone_number.unassigned']);

    // Refused by a rule: nothing was written, nothing is journaled.
    expect((await patch({ emergency: { enabled: true, address_id: null } })).status).toBe(400);
    expect(await newEvents()).toEqual([]);
    expect((await patch({ emergency: { enabled: true, address_id: '00000000-0000-4000-8000-000000000000' } })).status).toBe(400);
    expect(await newEvents()).toEqual([]);

    expect((await app.request('DELETE', `/v1/phone-numbers/${id}`, { key: org.key })).status).toBe(200);
    const [released] = await newEvents();
    expect(released).toMatchObject({ type: 'phone_number.released', resource_version: 6 });
    expect(released!.previous_attributes).toMatchObject({ status: 'active', released_at: null });
  });

  it('orders, carrier releases, renewals and the release reconciler', async () => {
    const search = await app.request('GET', '/v1/available-phone-numbers?country=US&area_code=303&limit=1', { key: org.key });
    const number = search.body.data[0].number;
    const ordered = await app.request('POST', '/v1/number-orders', { key: org.key, body: { phone_numbers: [number] } });
    expect(ordered.body.status).toBe('complete');
    const id = ordered.body.phone_numbers[0].phone_number_id;
    const bought = await newEvents();
    expect(bought.map((event) => event.type)).toEqual(['phone_number.purchase_started', 'phone_number.purchased', 'number_order.completed']);
    expect(bought[1]!.previous_attributes).toMatchObject({ status: 'purchase_pending', purchased_at: null });
    expect(bought[2]).toMatchObject({ resource_id: ordered.body.id, data: { id: ordered.body.id, status: 'complete' } });

    // The renewal job: its change is the job's, not a client's.
    const due = (await app.request('GET', `/v1/phone-numbers/${id}`, { key: org.key })).body.renewal.next_billing_date;
    await withCause({ surface: 'job', actor: { type: 'system', name: 'renewals.renew' } }, () =>
      app.dialtone.services.renewals.run(new Date(Date.parse(due) + DAY)),
    );
    const [renewed] = await newEvents();
    expect(renewed).toMatchObject({ type: 'phone_number.renewed', surface: 'job', actor: { type: 'system', name: 'renewals.renew' } });
    expect(renewed!.previous_attributes).toMatchObject({ renewal: { next_billing_date: due } });
    expect(renewed!.audit[0]).toMatchObject({ actor_type: 'system', actor_id: 'renewals.renew' });

    // A bought number is released at its carrier: requested, then released.
    expect((await app.request('DELETE', `/v1/phone-numbers/${id}`, { key: org.key })).status).toBe(200);
    expect((await newEvents()).map((event) => event.type)).toEqual(['phone_number.release_requested', 'phone_number.released']);
  });

  it('every provider surface journals its changes under its own name', async () => {
    const number = freshNumber();
    const butter = { 'x-api-key': org.key, 'x-organization-id': org.orgId };
    const twilio = { authorization: basicAuth(org.accountSid, org.key) };
    const relay = { authorization: basicAuth(org.orgId, org.key) };
    const imported = await app.request('POST', '/api/phone-numbers/import', { headers: butter, body: { phone_number: number, provider: 'sip' } });
    expect(imported.status).toBe(201);
    const hex = imported.body.data.phone_number_id.slice('phon_'.length);
    const uuid = idFromPrefixed(imported.body.data.phone_number_id, 'phon_')!;
    const telnyxId = (await app.request('GET', `/v2/phone_numbers?filter[phone_number]=${number.slice(1)}`, { key: org.key })).body.data[0].id;

    await app.request('PATCH', `/v2/phone_numbers/${telnyxId}`, { key: org.key, body: { customer_reference: 'from-telnyx' } });
    await app.request('PUT', `/api/relay/rest/phone_numbers/${uuid}`, { headers: relay, body: { name: 'Shared line' } });
    const laml = await fetch(`${app.baseUrl}/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers/${uuid}`, {
      method: 'POST',
      headers: { ...relay, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ VoiceUrl: 'https://example.com/voice' }),
    });
    expect(laml.status).toBe(200);
    await app.request('POST', '/api/agents/agent_1/assign-phone-number', { headers: butter, body: { phone_number_id: `phon_${hex}` } });
    const twilioSid = `PN${hex}`;
    const removed = await app.request('DELETE', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${twilioSid}.json`, { headers: twilio });
    expect(removed.status).toBe(204);

    const events = await newEvents();
    expect(events.map((event) => [event.type, event.surface])).toEqual([
      ['phone_number.imported', 'butter'],
      ['phone_number.updated', 'telnyx'],
      ['phone_number.updated', 'signalwire-relay'],
      ['phone_number.updated', 'signalwire-laml'],
      ['phone_number.assigned', 'butter'],
      ['phone_number.released', 'twilio'],
    ]);
    expect(events.map((event) => event.resource_version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[1]!.previous_attributes).toEqual({ customer_reference: null });
    expect(events[2]!.previous_attributes).toEqual({ friendly_name: null });
    expect(events[3]!.previous_attributes).toHaveProperty('voice');
  });

  it('a port-out PIN set, replaced and removed: each an event and an audit record, the PIN never shown', async () => {
    const { body: number } = await app.request('POST', '/v1/phone-numbers', { key: org.key, body: { number: freshNumber() } });
    const pin = (external_pin: string | null) => app.request('PATCH', `/v1/phone-numbers/${number.id}`, { key: org.key, body: { external_pin } });
    expect((await pin('1234')).status).toBe(200);
    expect((await pin('5678')).status).toBe(200);
    expect((await pin(null)).status).toBe(200);
    const events = await newEvents();
    expect(events.map((event) => [event.type, event.previous_attributes])).toEqual([
      ['phone_number.imported', null],
      ['phone_number.updated', { external_pin_set: false }],
      ['phone_number.updated', { external_pin: '[redacted]' }],
      ['phone_number.updated', { external_pin_set: true }],
    ]);
    expect(events[2]!.audit[0]!.changes).toEqual({ external_pin: { from: '[redacted]', to: '[redacted]' } });
    expect(JSON.stringify(events)).not.toMatch(/1234|5678/);
  });

  it("an organization's changes are journaled in its own stream only", async () => {
    const other = await app.newOrg();
    await app.request('POST', '/v1/phone-numbers', { key: other.key, body: { number: freshNumber() } });
    expect(await journalOf(org.orgId)).toHaveLength(seen);
    expect((await journalOf(other.orgId)).map((event) => event.type)).toEqual(['phone_number.imported']);
  });

  it('a change that rolls back leaves neither its event nor its audit record', async () => {
    const db = app.dialtone.database.db;
    const transact = unitOfWork(db, (trx, journal) => ({ numbers: new NumbersRepo(trx, journal) }));
    const number = freshNumber();
    await expect(
      transact(async ({ numbers, journal }) => {
        await numbers.insert({
          organization_id: org.orgId, number, country: 'US', number_type: 'local', national_format: number,
          international_format: number, status: 'active', carrier: 'byoc', source: 'imported',
        });
        expect(journal.size).toBe(1);
        throw new Error('the work fails after the change');
      }),
    ).rejects.toThrow('the work fails');
    expect(await newEvents()).toEqual([]);
    const { rows } = await sql`SELECT 1 FROM phone_numbers WHERE number = ${number}`.execute(db);
    expect(rows).toHaveLength(0);
    // Writing outside a unit of work is refused: nothing could journal it.
    await expect(new NumbersRepo(db).move(org.orgId, '00000000-0000-4000-8000-000000000000', 'active', 'release', new Date())).rejects.toThrow(
      /only in a unit of work/,
    );
  });
});

describeEachDriver('a reader by cursor never skips an event (no outbox gap)', (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app?.close());

  const note = (organizationId: string, resourceId: string) => ({
    organizationId,
    type: 'phone_number.updated' as const,
    resourceType: 'phone_number' as const,
    resourceId,
    data: { id: resourceId },
    changes: null,
  });
  const cause = { surface: 'internal', actor: { type: 'system' as const, name: 'test' } };

  interface Page {
    data: Array<{ id: string; sequence: number; resource_id: string }>;
    next_cursor: string;
  }
  async function poll(key: string, cursor?: string): Promise<Page> {
    const answer = await app.request<Page>('GET', `/v1/events?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { key });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it.runIf(driver === 'postgres')('a change that took its sequence first and commits last is not skipped by a reader', async () => {
    const { orgId, key } = await app.newOrg();
    const db = app.dialtone.database.db;
    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowHasSequence!: () => void;
    const slowTookSequence = new Promise<void>((resolve) => (slowHasSequence = resolve));

    // The slow transaction writes its event, then holds its commit.
    const slow = db.transaction().execute(async (trx) => {
      await new JournalRepo(trx).append([note(orgId, 'slow')], cause);
      slowHasSequence();
      await slowMayCommit;
    });
    await slowTookSequence;
    // A fast one takes the next sequence and commits first: writers never wait for each other.
    await db.transaction().execute((trx) => new JournalRepo(trx).append([note(orgId, 'fast')], cause));

    // A reader now waits for the slow one rather than list the fast one alone.
    let answered = false;
    const read = poll(key).then((page) => ((answered = true), page));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    releaseSlow();
    await slow;
    const page = await read;
    expect(page.data.map((event) => event.resource_id)).toEqual(['slow', 'fast']);
    expect(page.data[0]!.sequence).toBeLessThan(page.data[1]!.sequence);
  });

  it('a reader polling by cursor while many changes commit at once sees each event exactly once, in increasing sequence', async () => {
    const { orgId, key } = await app.newOrg();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push((await app.request('POST', '/v1/phone-numbers', { key, body: { number: freshNumber() } })).body.id);
    }
    let cursor: string | undefined;
    const seen: Page['data'] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await poll(key, cursor);
        seen.push(...page.data);
        cursor = page.next_cursor;
      }
    })();
    // Three rounds of twelve concurrent changes, overlapping in their transactions.
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        ids.map((id) => app.request('PATCH', `/v1/phone-numbers/${id}`, { key, body: { friendly_name: `round ${round} ${id}` } })),
      );
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
    }
    writing = false;
    await reader;
    seen.push(...(await poll(key, cursor)).data);

    const { rows: written } = await sql<{ id: string }>`SELECT id FROM events WHERE organization_id = ${orgId}`.execute(app.dialtone.database.db);
    expect(written).toHaveLength(12 + 36);
    expect(seen.map((event) => event.id).sort()).toEqual(written.map((event) => event.id).sort());
    const sequences = seen.map((event) => event.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  });
});
