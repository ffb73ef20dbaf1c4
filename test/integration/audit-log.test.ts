import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SCOPES, type Scope } from '../../src/auth/scopes.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { ADMIN_TOKEN, describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const AGENT = 'audit-test/1.0';

interface Org {
  orgId: string;
  key: string;
  keyId: string;
  prefix: string;
}

/** A cell of Dialtone's CSV export back to its value: RFC 4180 quoting, then the formula guard's '. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  expect(cell).toBe('');
  return rows;
}

const unguarded = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** A CSV export's rows as the records of the list. */
function recordsOfCsv(text: string): Record<string, unknown>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((cells) => {
    const f = Object.fromEntries(header!.map((name, i) => [name, cells[i] === '' ? null : unguarded(cells[i]!)])) as Record<string, string | null>;
    return {
      id: f.id,
      object: 'audit_record',
      created_at: f.created_at,
      organization_id: f.organization_id,
      actor: { type: f.actor_type, id: f.actor_id, key_prefix: f.actor_key_prefix },
      surface: f.surface,
      action: f.action,
      outcome: f.outcome,
      resource: f.resource_type ? { type: f.resource_type, id: f.resource_id } : null,
      phone_number: f.phone_number,
      request_id: f.request_id,
      client_ip: f.client_ip,
      user_agent: f.user_agent,
      changes: f.changes ? JSON.parse(f.changes) : null,
      error_code: f.error_code,
      event_id: f.event_id,
    };
  });
}

describeEachDriver('the audit log', (driver) => {
  let t: TestApp;
  let a: Org;
  let b: Org;

  /** A new organization and its key, with the key's id and prefix as the audit log names it. */
  async function newOrg(scopes: readonly Scope[] = SCOPES): Promise<Org> {
    const { orgId, key } = await t.newOrg(scopes);
    const keys = await t.request('GET', `/v1/organizations/${orgId}/api-keys`, { headers: admin });
    return { orgId, key, keyId: keys.body.data[0].id, prefix: keys.body.data[0].prefix };
  }

  /** Another key of the same organization. */
  async function extraKey(org: Org, scopes: Scope[]): Promise<Org> {
    const made = await t.request('POST', `/v1/organizations/${org.orgId}/api-keys`, { headers: admin, body: { scopes } });
    return { ...org, key: made.body.key, keyId: made.body.id, prefix: made.body.prefix };
  }

  const call = (method: string, path: string, key: string, requestId: string, body?: unknown, agent = AGENT) =>
    t.request(method, path, { key, body, headers: { 'x-request-id': requestId, 'user-agent': agent } });

  const log = async (org: Org, query = '') => {
    const page = await t.request('GET', `/v1/audit-log${query ? `?${query}` : ''}`, { key: org.key });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    return page.body.data as any[];
  };

  const ofRequest = (org: Org, requestId: string) => log(org, `request_id=${requestId}`);

  /** An export's answer as text, however many lines (the harness would parse a one-line body as JSON). */
  const exportOf = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${t.baseUrl}${path}`, { headers });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const bearer = (org: Org) => ({ authorization: `Bearer ${org.key}` });
  const linesOf = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line));

  beforeAll(async () => {
    t = await startTestApp(driver, { secretKey: randomBytes(32).toString('hex') });
    a = await newOrg();
    b = await newOrg();
  });
  afterAll(() => t.close());

  it('records a change through the native API once: who, through what, from where, field by field', async () => {
    const [number] = await seedNumbers(t, a.orgId, 1);
    const requestId = `req-native-${randomUUID()}`;
    const patched = await call('PATCH', `/v1/phone-numbers/${number!.id}`, a.key, requestId, { friendly_name: 'Sales' });
    expect(patched.status).toBe(200);

    const records = await ofRequest(a, requestId);
    expect(records).toHaveLength(1);
    expect(records[0]).toEqual({
      id: expect.any(String),
      object: 'audit_record',
      created_at: expect.any(String),
      organization_id: a.orgId,
      actor: { type: 'api_key', id: a.keyId, key_prefix: a.prefix },
      surface: 'native',
      action: 'phone_number.updated',
      outcome: 'succeeded',
      resource: { type: 'phone_number', id: number!.id },
      phone_number: number!.number,
      request_id: requestId,
      client_ip: '127.0.0.1',
      user_agent: AGENT,
      changes: { friendly_name: { from: null, to: 'Sales' } },
      error_code: null,
      event_id: expect.any(String),
    });
  });

  it('records a change through a provider surface once, as that surface', async () => {
    const [number] = await seedNumbers(t, a.orgId, 1);
    const requestId = `req-telnyx-${randomUUID()}`;
    const patched = await call('PATCH', `/v2/phone_numbers/${number!.seq}`, a.key, requestId, { customer_reference: 'ref-9' });
    expect(patched.status).toBe(200);

    const records = await ofRequest(a, requestId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      organization_id: a.orgId,
      actor: { type: 'api_key', id: a.keyId, key_prefix: a.prefix },
      surface: 'telnyx',
      action: 'phone_number.updated',
      outcome: 'succeeded',
      resource: { type: 'phone_number', id: number!.id },
      request_id: requestId,
      client_ip: '127.0.0.1',
      user_agent: AGENT,
      changes: { customer_reference: { from: null, to: 'ref-9' } },
      error_code: null,
    });
  });

  it('never shows a port-out PIN, in the list or the exports', async () => {
    const [number, other] = await seedNumbers(t, a.orgId, 2);
    const native = `req-pin-${randomUUID()}`;
    expect((await call('PATCH', `/v1/phone-numbers/${number!.id}`, a.key, native, { external_pin: 'Qz81PinW' })).status).toBe(200);
    const telnyx = `req-pin-${randomUUID()}`;
    expect((await call('PATCH', `/v2/phone_numbers/${other!.seq}`, a.key, telnyx, { external_pin: 'Tx7741Zz' })).status).toBe(200);

    const [set] = await ofRequest(a, native);
    expect(set.changes).toEqual({ external_pin_set: { from: false, to: true } });
    expect((await ofRequest(a, telnyx)).map((r) => r.changes)).toEqual([{ external_pin_set: { from: false, to: true } }]);
    const texts = [
      JSON.stringify(await log(a, 'action=phone_number.updated&limit=500')),
      (await exportOf('/v1/audit-log/export', bearer(a))).text,
      (await exportOf('/v1/audit-log/export?format=csv', bearer(a))).text,
      JSON.stringify((await t.request('GET', '/v1/admin/audit-log?limit=500', { headers: admin })).body),
    ];
    for (const text of texts) {
      expect(text).toContain(native);
      expect(text).not.toContain('Qz81PinW');
      expect(text).not.toContain('Tx7741Zz');
    }
  });

  it("records a wrong scope and another organization's id as refusals in the caller's organization only", async () => {
    const [mine] = await seedNumbers(t, a.orgId, 1);
    const [theirs] = await seedNumbers(t, b.orgId, 1);
    const reader = await extraKey(a, ['phone_numbers:read', 'audit:read']);

    const scope = `req-scope-${randomUUID()}`;
    const refused = await call('PATCH', `/v1/phone-numbers/${mine!.id}`, reader.key, scope, { friendly_name: 'x' });
    expect([refused.status, refused.body.code]).toEqual([403, 'insufficient_scope']);
    expect(await ofRequest(a, scope)).toEqual([
      expect.objectContaining({
        organization_id: a.orgId,
        actor: { type: 'api_key', id: reader.keyId, key_prefix: reader.prefix },
        surface: 'native',
        action: 'numbers.update',
        outcome: 'refused',
        error_code: 'insufficient_scope',
        resource: { type: 'phone_number', id: mine!.id },
        request_id: scope,
        client_ip: '127.0.0.1',
        user_agent: AGENT,
        changes: null,
        event_id: null,
      }),
    ]);

    const foreign = `req-foreign-${randomUUID()}`;
    const missing = await call('PATCH', `/v1/phone-numbers/${theirs!.id}`, a.key, foreign, { friendly_name: 'mine now' });
    expect([missing.status, missing.body.code]).toEqual([404, 'not_found']);
    expect(await ofRequest(a, foreign)).toEqual([
      expect.objectContaining({ action: 'numbers.update', outcome: 'refused', error_code: 'not_found', resource: { type: 'phone_number', id: theirs!.id } }),
    ]);
    expect(await ofRequest(b, foreign)).toEqual([]);
    expect(await log(b, `resource_id=${theirs!.id}`)).toEqual([expect.objectContaining({ action: 'phone_number.imported', outcome: 'succeeded' })]);

    // Through a provider surface: the refused route is the action.
    const telnyx = `req-telnyx-scope-${randomUUID()}`;
    expect((await call('PATCH', `/v2/phone_numbers/${mine!.seq}`, reader.key, telnyx, { customer_reference: 'x' })).status).toBe(403);
    expect(await ofRequest(a, telnyx)).toEqual([
      expect.objectContaining({
        surface: 'telnyx',
        action: 'telnyx:PATCH /v2/phone_numbers/:id',
        error_code: 'insufficient_scope',
        resource: { type: 'phone_number', id: String(mine!.seq) },
      }),
    ]);
  });

  it('records a refused change, and neither anonymous callers nor invalid input', async () => {
    const [number] = await seedNumbers(t, a.orgId, 1);
    expect((await call('PATCH', `/v1/phone-numbers/${number!.id}`, a.key, `req-${randomUUID()}`, { deletion_lock_enabled: true })).status).toBe(200);
    const locked = `req-locked-${randomUUID()}`;
    const refused = await call('DELETE', `/v1/phone-numbers/${number!.id}`, a.key, locked);
    expect([refused.status, refused.body.code]).toEqual([409, 'deletion_locked']);
    expect(await ofRequest(a, locked)).toEqual([
      expect.objectContaining({ action: 'numbers.release', outcome: 'refused', error_code: 'deletion_locked', resource: { type: 'phone_number', id: number!.id } }),
    ]);

    const anonymous = `req-anon-${randomUUID()}`;
    expect((await call('PATCH', `/v1/phone-numbers/${number!.id}`, 'dt_not-a-key', anonymous, { friendly_name: 'x' })).status).toBe(401);
    const invalid = `req-invalid-${randomUUID()}`;
    expect((await call('PATCH', `/v1/phone-numbers/${number!.id}`, a.key, invalid, { colour: 'red' })).status).toBe(400);
    for (const requestId of [anonymous, invalid]) {
      const everywhere = await t.request('GET', `/v1/admin/audit-log?request_id=${requestId}`, { headers: admin });
      expect([everywhere.status, everywhere.body.data]).toEqual([200, []]);
    }
  });

  it('filters by actor, action (exact or resource.*), resource, number, outcome, surface and time', async () => {
    const org = await newOrg();
    const other = await extraKey(org, ['phone_numbers:read', 'audit:read']);
    const [one, two] = await seedNumbers(t, org.orgId, 2);
    await call('PATCH', `/v1/phone-numbers/${one!.id}`, org.key, `req-${randomUUID()}`, { friendly_name: 'One' });
    await call('PATCH', `/v2/phone_numbers/${two!.seq}`, org.key, `req-${randomUUID()}`, { customer_reference: 'two' });
    await call('PATCH', `/v1/phone-numbers/${two!.id}`, other.key, `req-${randomUUID()}`, { friendly_name: 'refused' });

    const actions = (records: any[]) => records.map((r) => r.action);
    expect(actions(await log(org, 'action=phone_number.updated'))).toEqual(['phone_number.updated', 'phone_number.updated']);
    expect(actions(await log(org, 'action=phone_number.*')).sort()).toEqual(
      ['phone_number.imported', 'phone_number.imported', 'phone_number.updated', 'phone_number.updated'].sort(),
    );
    expect(actions(await log(org, 'outcome=refused'))).toEqual(['numbers.update']);
    expect(actions(await log(org, `actor_id=${other.keyId}&action=numbers.update`))).toEqual(['numbers.update']);
    expect((await log(org, `actor_key_prefix=${other.prefix}&outcome=refused`)).map((r) => r.actor.id)).toEqual([other.keyId]);
    expect(actions(await log(org, 'actor_type=system'))).toEqual(['phone_number.imported', 'phone_number.imported']);
    expect(actions(await log(org, 'surface=telnyx'))).toEqual(['phone_number.updated']);
    expect((await log(org, `resource_id=${one!.id}`)).map((r) => r.resource.id)).toEqual([one!.id, one!.id]);
    // The number in another common form.
    const spaced = `${two!.number.slice(0, 2)} ${two!.number.slice(2, 5)} ${two!.number.slice(5)}`;
    expect((await log(org, `phone_number=${encodeURIComponent(spaced)}&outcome=succeeded`)).map((r) => r.phone_number)).toEqual([two!.number, two!.number]);
    // Time bounds, at a record's own time: at or after it includes it, before it excludes it.
    const changes = await log(org, 'action=phone_number.*');
    const bound = changes.find((r) => r.surface === 'telnyx')!.created_at as string;
    const ids = (records: any[]) => records.map((r) => r.id);
    const after = await log(org, `created_after=${bound}&action=phone_number.*`);
    expect(ids(after)).toEqual(ids(changes.filter((r) => r.created_at >= bound)));
    expect(ids(after)).toContain(changes.find((r) => r.surface === 'telnyx')!.id);
    const before = await log(org, `created_before=${bound}&action=phone_number.*`);
    expect(ids(before)).toEqual(ids(changes.filter((r) => r.created_at < bound)));
    expect(actions(before)).toContain('phone_number.imported');

    for (const [query, parameter] of [
      ['phone_number=abc', 'phone_number'],
      ['colour=red', 'colour'],
      ['limit=501', 'limit'],
      ['limit=0', 'limit'],
      ['outcome=maybe', 'outcome'],
      ['action=*', 'action'],
      ['created_after=yesterday', 'created_after'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ]) {
      const bad = await t.request('GET', `/v1/audit-log?${query}`, { key: org.key });
      expect([bad.status, bad.body.parameter], query).toEqual([400, parameter]);
    }
  });

  it('pages newest first by cursor, each record once', async () => {
    const org = await newOrg();
    const [number] = await seedNumbers(t, org.orgId, 1);
    for (let i = 0; i < 6; i++) await call('PATCH', `/v1/phone-numbers/${number!.id}`, org.key, `req-${randomUUID()}`, { friendly_name: `n${i}` });
    const whole = await log(org, 'action=phone_number.*&limit=500');
    expect(whole).toHaveLength(7);

    const paged: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.request('GET', `/v1/audit-log?action=phone_number.*&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { key: org.key });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      expect(page.body.has_more).toBe(page.body.next_cursor !== null);
      paged.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(paged).toEqual(whole);
    expect(paged.map((r) => r.changes?.friendly_name?.to ?? null)).toEqual(['n5', 'n4', 'n3', 'n2', 'n1', 'n0', null]);
    const times = paged.map((r) => Date.parse(r.created_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('exports as NDJSON and CSV the same records the list shows, and records each read after reading', async () => {
    const org = await newOrg();
    const [number] = await seedNumbers(t, org.orgId, 2);
    await call('PATCH', `/v1/phone-numbers/${number!.id}`, org.key, `req-${randomUUID()}`, { friendly_name: 'Quote "me", please' });
    // A caller's text a spreadsheet would run: refused, and recorded with its user agent.
    const reader = await extraKey(org, ['audit:read']);
    await call('PATCH', `/v1/phone-numbers/${number!.id}`, reader.key, `req-${randomUUID()}`, { friendly_name: 'x' }, '=HYPERLINK("http://x")');

    const listed = await log(org, 'limit=500');
    const listRead = `req-list-${randomUUID()}`;
    // The list's own read is recorded after it read: the next read shows it, first.
    const again = await t.request('GET', '/v1/audit-log?limit=500', { key: org.key, headers: { 'x-request-id': listRead } });
    expect(again.body.data[0]).toMatchObject({ action: 'audit_log.list', outcome: 'succeeded', actor: { id: org.keyId }, changes: null, resource: null });
    expect(again.body.data.slice(1)).toEqual(listed);
    const expected = again.body.data;

    const ndjson = await exportOf('/v1/audit-log/export?format=ndjson', bearer(org));
    expect(ndjson.status).toBe(200);
    expect(ndjson.type).toMatch(/^application\/x-ndjson/);
    expect(ndjson.text.endsWith('\n')).toBe(true);
    const exported = linesOf(ndjson.text);
    // The export shows the reads before it (the last list first), never itself.
    expect(exported[0]).toMatchObject({ action: 'audit_log.list', request_id: listRead });
    expect(exported.slice(1)).toEqual(expected);

    const csv = await exportOf('/v1/audit-log/export?format=csv', bearer(org));
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const fromCsv = recordsOfCsv(csv.text);
    expect(fromCsv[0]).toMatchObject({ action: 'audit_log.export', surface: 'native' });
    expect(fromCsv.slice(1)).toEqual(exported);
    expect(fromCsv.some((r: any) => r.user_agent === '=HYPERLINK("http://x")')).toBe(true);

    const filtered = await exportOf('/v1/audit-log/export?format=ndjson&outcome=refused', bearer(org));
    expect(linesOf(filtered.text)).toEqual(exported.filter((r) => r.outcome === 'refused'));
    expect((await t.request('GET', '/v1/audit-log/export?format=xml', { key: org.key })).body.parameter).toBe('format');
  });

  it('exports more records than one page reads, in order', async () => {
    const org = await newOrg();
    const [number] = await seedNumbers(t, org.orgId, 1);
    const db = t.dialtone.database.db;
    // More than the export's page of 1,000, written straight to the table.
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      organization_id: org.orgId,
      actor_type: 'system' as const,
      actor_id: 'bulk',
      surface: 'job',
      action: 'phone_number.renewed',
      outcome: 'succeeded' as const,
      resource_type: 'phone_number',
      resource_id: number!.id,
      request_id: `bulk-${i}`,
      changes: null,
    }));
    await db.insertInto('audit_log').values(rows).execute();
    const exported = linesOf((await exportOf('/v1/audit-log/export?actor_id=bulk', bearer(org))).text);
    expect(exported).toHaveLength(1203);
    expect(new Set(exported.map((r) => r.id)).size).toBe(1203);
    const keys = exported.map((r) => [Date.parse(r.created_at), r.id] as const);
    for (let i = 1; i < keys.length; i++) {
      const [t0, id0] = keys[i - 1]!;
      const [t1, id1] = keys[i]!;
      expect(t0 > t1 || (t0 === t1 && id0 > id1)).toBe(true);
    }
  });

  it("keeps each organization's log to itself; the operator sees every one and narrows by organization", async () => {
    const mine = await log(a, 'limit=500');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.organization_id === a.orgId)).toBe(true);
    expect((await log(b, 'limit=500')).every((r) => r.organization_id === b.orgId)).toBe(true);

    const all = await t.request('GET', '/v1/admin/audit-log?limit=500', { headers: admin });
    expect(all.status).toBe(200);
    const orgs = new Set(all.body.data.map((r: { organization_id: string }) => r.organization_id));
    expect(orgs.has(a.orgId) && orgs.has(b.orgId)).toBe(true);
    const onlyB = await t.request('GET', `/v1/admin/audit-log?organization_id=${b.orgId}&limit=500`, { headers: admin });
    expect(onlyB.body.data.length).toBeGreaterThan(0);
    expect(onlyB.body.data.every((r: { organization_id: string }) => r.organization_id === b.orgId)).toBe(true);

    const exported = await exportOf(`/v1/admin/audit-log/export?organization_id=${b.orgId}`, admin);
    expect(exported.status).toBe(200);
    expect(linesOf(exported.text).map((r) => r.id).sort()).toEqual(onlyB.body.data.map((r: { id: string }) => r.id).sort());
    // The operator's reads are recorded as the operator's, under no organization.
    const reads = await t.request('GET', '/v1/admin/audit-log?actor_type=operator&action=audit_log.*', { headers: admin });
    expect(reads.body.data.slice(0, 2)).toEqual([
      expect.objectContaining({ action: 'audit_log.export', organization_id: null, actor: { type: 'operator', id: null, key_prefix: null } }),
      expect.objectContaining({ action: 'audit_log.list', organization_id: null }),
    ]);

    // The operator's refusals are kept too, under no organization.
    const unknownOrg = randomUUID();
    const requestId = `req-operator-${randomUUID()}`;
    expect((await t.request('GET', `/v1/organizations/${unknownOrg}`, { headers: { ...admin, 'x-request-id': requestId } })).status).toBe(404);
    const refused = await t.request('GET', `/v1/admin/audit-log?request_id=${requestId}`, { headers: admin });
    expect(refused.body.data).toEqual([
      expect.objectContaining({
        organization_id: null,
        actor: { type: 'operator', id: null, key_prefix: null },
        action: 'orgs.get',
        outcome: 'refused',
        error_code: 'not_found',
        resource: { type: 'organization', id: unknownOrg },
      }),
    ]);

    // A key reaches neither the operator's view nor another organization's filter.
    expect((await t.request('GET', '/v1/admin/audit-log', { key: a.key })).status).toBe(401);
    expect((await t.request('GET', `/v1/audit-log?organization_id=${b.orgId}`, { key: a.key })).status).toBe(400);
  });

  it('answers a refusal as it would have when its record cannot be written', async () => {
    const [number] = await seedNumbers(t, a.orgId, 1);
    const reader = await extraKey(a, ['phone_numbers:read']);
    const before = await call('PATCH', `/v1/phone-numbers/${number!.id}`, reader.key, `req-${randomUUID()}`, { friendly_name: 'x' });
    const audit = t.dialtone.services.audit;
    const recordRefusal = audit.recordRefusal;
    audit.recordRefusal = async () => {
      throw new Error('the audit log is unavailable');
    };
    try {
      const requestId = `req-unrecorded-${randomUUID()}`;
      const after = await call('PATCH', `/v1/phone-numbers/${number!.id}`, reader.key, requestId, { friendly_name: 'x' });
      expect([after.status, after.body.code, after.body.detail]).toEqual([before.status, before.body.code, before.body.detail]);
      const telnyx = await call('PATCH', `/v2/phone_numbers/${number!.seq}`, reader.key, `req-${randomUUID()}`, { customer_reference: 'x' });
      expect(telnyx.status).toBe(403);
      expect(await ofRequest(a, requestId)).toEqual([]);
    } finally {
      audit.recordRefusal = recordRefusal;
    }
  });

  it('needs audit:read, and records the refusal', async () => {
    const numbersOnly = await extraKey(a, ['phone_numbers:read']);
    const requestId = `req-noscope-${randomUUID()}`;
    const refused = await t.request('GET', '/v1/audit-log', { key: numbersOnly.key, headers: { 'x-request-id': requestId } });
    expect([refused.status, refused.body.code]).toEqual([403, 'insufficient_scope']);
    expect((await t.request('GET', '/v1/audit-log/export', { key: numbersOnly.key })).status).toBe(403);
    expect((await t.request('GET', '/v1/audit-log')).status).toBe(401);
    expect(await ofRequest(a, requestId)).toEqual([
      expect.objectContaining({ action: 'audit_log.list', outcome: 'refused', error_code: 'insufficient_scope', actor: expect.objectContaining({ id: numbersOnly.keyId }) }),
    ]);
  });
});
