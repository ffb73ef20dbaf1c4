import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { JournalRepo } from '../../src/changes/journal.repo.js';
import { ADMIN_TOKEN, describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

const AGENT = 'operator-console/2.1';

interface Org {
  orgId: string;
  /** A key of the organization that reads its audit log. */
  key: string;
}

describeEachDriver('the audit log of organizations and API keys', (driver) => {
  let t: TestApp;

  /** An operator's request, with its own request id. */
  const operator = (method: string, path: string, requestId: string, body?: unknown) =>
    t.request(method, path, { body, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': requestId, 'user-agent': AGENT } });

  /** The operator's view of the log, with the query given. */
  const everything = async (query: string) => {
    const page = await t.request('GET', `/v1/admin/audit-log?${query}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    return page.body.data as any[];
  };

  /** An organization's own view of its log, with the query given. */
  const own = async (org: Org, query: string) => {
    const page = await t.request('GET', `/v1/audit-log?${query}`, { key: org.key });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    return page.body.data as any[];
  };

  const newOrg = async (): Promise<Org> => {
    const { orgId, key } = await t.newOrg(['audit:read']);
    return { orgId, key };
  };

  const newKey = async (org: Org, name: string, scopes: string[], requestId = `req-${randomUUID()}`) => {
    const made = await operator('POST', `/v1/organizations/${org.orgId}/api-keys`, requestId, { name, scopes });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body as { id: string; key: string; prefix: string; name: string; scopes: string[] };
  };

  const keysOf = async (org: Org) =>
    (await t.request('GET', `/v1/organizations/${org.orgId}/api-keys?limit=200`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body
      .data as any[];

  const OPERATOR = { type: 'operator', id: null, key_prefix: null };

  beforeAll(async () => {
    t = await startTestApp(driver);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => t.close());

  it('records an organization created by the operator once, under that organization', async () => {
    const requestId = `req-org-${randomUUID()}`;
    const created = await operator('POST', '/v1/organizations', requestId, { name: 'Acme Voice' });
    expect(created.status).toBe(201);

    const records = await everything(`request_id=${requestId}`);
    expect(records).toEqual([
      {
        id: expect.any(String),
        object: 'audit_record',
        created_at: expect.any(String),
        organization_id: created.body.id,
        actor: OPERATOR,
        surface: 'native',
        action: 'organization.created',
        outcome: 'succeeded',
        resource: { type: 'organization', id: created.body.id },
        phone_number: null,
        request_id: requestId,
        client_ip: '127.0.0.1',
        user_agent: AGENT,
        changes: { name: { from: null, to: 'Acme Voice' } },
        error_code: null,
        event_id: null,
      },
    ]);
    expect(await everything(`organization_id=${created.body.id}&action=organization.created`)).toEqual(records);
  });

  it('records a key created once, with its name, prefix and scopes, and never the key itself', async () => {
    const org = await newOrg();
    const requestId = `req-key-${randomUUID()}`;
    const made = await newKey(org, 'billing export', ['phone_numbers:read', 'events:read'], requestId);

    const records = await everything(`request_id=${requestId}`);
    expect(records).toEqual([
      expect.objectContaining({
        organization_id: org.orgId,
        actor: OPERATOR,
        surface: 'native',
        action: 'api_key.created',
        outcome: 'succeeded',
        resource: { type: 'api_key', id: made.id },
        request_id: requestId,
        client_ip: '127.0.0.1',
        user_agent: AGENT,
        changes: {
          name: { from: null, to: 'billing export' },
          prefix: { from: null, to: made.prefix },
          scopes: { from: null, to: ['phone_numbers:read', 'events:read'] },
        },
        error_code: null,
        event_id: null,
      }),
    ]);
    // The organization sees the record of its key as the operator does.
    expect(await own(org, `request_id=${requestId}`)).toEqual(records);

    // Neither the key nor its hash is anywhere: the lists, the exports, the table itself.
    const hash = createHash('sha256').update(made.key).digest('hex');
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const texts = [
      JSON.stringify(await own(org, 'limit=500')),
      JSON.stringify(await everything(`organization_id=${org.orgId}&limit=500`)),
      await (await fetch(`${t.baseUrl}/v1/audit-log/export`, { headers: { authorization: `Bearer ${org.key}` } })).text(),
      await (await fetch(`${t.baseUrl}/v1/audit-log/export?format=csv`, { headers: { authorization: `Bearer ${org.key}` } })).text(),
      await (await fetch(`${t.baseUrl}/v1/admin/audit-log/export?organization_id=${org.orgId}`, { headers: admin })).text(),
    ];
    const { rows } = await sql<{ row: string }>`SELECT a::text AS row FROM audit_log a WHERE organization_id = ${org.orgId}`.execute(
      t.dialtone.database.db,
    );
    texts.push(rows.map((r) => r.row).join('\n'));
    for (const text of texts) {
      expect(text).toContain(made.id);
      expect(text).not.toContain(made.key);
      expect(text).not.toContain(made.key.slice(made.prefix.length));
      expect(text).not.toContain(hash);
    }
  });

  it('records a revocation once, when it takes effect: revoking again records nothing', async () => {
    const org = await newOrg();
    const made = await newKey(org, 'to revoke', ['phone_numbers:read']);
    const requestId = `req-revoke-${randomUUID()}`;
    const revoked = await operator('DELETE', `/v1/organizations/${org.orgId}/api-keys/${made.id}`, requestId);
    expect(revoked.status).toBe(200);

    const records = await everything(`request_id=${requestId}`);
    expect(records).toEqual([
      expect.objectContaining({
        organization_id: org.orgId,
        actor: OPERATOR,
        surface: 'native',
        action: 'api_key.revoked',
        outcome: 'succeeded',
        resource: { type: 'api_key', id: made.id },
        request_id: requestId,
        client_ip: '127.0.0.1',
        user_agent: AGENT,
        changes: { revoked_at: { from: null, to: revoked.body.revoked_at } },
        error_code: null,
      }),
    ]);
    expect(await own(org, `request_id=${requestId}`)).toEqual(records);

    const again = `req-revoke-again-${randomUUID()}`;
    const second = await operator('DELETE', `/v1/organizations/${org.orgId}/api-keys/${made.id}`, again);
    expect([second.status, second.body.revoked_at]).toEqual([200, revoked.body.revoked_at]);
    expect(await everything(`request_id=${again}`)).toEqual([]);
    // Who created the key, who revoked it, when and from where: the key's records, newest first.
    expect((await everything(`resource_id=${made.id}`)).map((r) => [r.action, r.actor.type])).toEqual([
      ['api_key.revoked', 'operator'],
      ['api_key.created', 'operator'],
    ]);
  });

  it("records a refused revocation of another organization's key, or of none, as the operator's, and the key lives on", async () => {
    const a = await newOrg();
    const b = await newOrg();
    const theirs = await newKey(b, 'b live', ['phone_numbers:read']);

    const foreign = `req-foreign-${randomUUID()}`;
    const refused = await operator('DELETE', `/v1/organizations/${a.orgId}/api-keys/${theirs.id}`, foreign);
    expect([refused.status, refused.body.code]).toEqual([404, 'not_found']);
    expect(await everything(`request_id=${foreign}`)).toEqual([
      expect.objectContaining({
        organization_id: null,
        actor: OPERATOR,
        surface: 'native',
        action: 'api_keys.revoke',
        outcome: 'refused',
        resource: { type: 'api_key', id: theirs.id },
        request_id: foreign,
        client_ip: '127.0.0.1',
        user_agent: AGENT,
        changes: null,
        error_code: 'not_found',
      }),
    ]);
    expect(await own(a, `request_id=${foreign}`)).toEqual([]);
    expect(await own(b, `request_id=${foreign}`)).toEqual([]);
    expect((await t.request('GET', '/v1/api-keys/current', { key: theirs.key })).status).toBe(200);

    const unknown = randomUUID();
    const missing = `req-missing-${randomUUID()}`;
    expect((await operator('DELETE', `/v1/organizations/${a.orgId}/api-keys/${unknown}`, missing)).status).toBe(404);
    expect(await everything(`request_id=${missing}`)).toEqual([
      expect.objectContaining({ action: 'api_keys.revoke', outcome: 'refused', error_code: 'not_found', resource: { type: 'api_key', id: unknown } }),
    ]);

    // A key on the operator's route is not the operator: refused unauthenticated, recorded nowhere.
    const byKey = `req-bykey-${randomUUID()}`;
    const attempt = await t.request('DELETE', `/v1/organizations/${b.orgId}/api-keys/${theirs.id}`, {
      key: theirs.key,
      headers: { 'x-request-id': byKey },
    });
    expect(attempt.status).toBe(401);
    expect(await everything(`request_id=${byKey}`)).toEqual([]);
    expect((await t.request('GET', '/v1/api-keys/current', { key: theirs.key })).status).toBe(200);
  });

  it('leaves no record of a creation or revocation that rolled back, nor the change', async () => {
    const org = await newOrg();
    const kept = await newKey(org, 'kept', ['phone_numbers:read']);
    const before = await keysOf(org);
    const failAudit = () => vi.spyOn(JournalRepo.prototype, 'appendAudit').mockRejectedValueOnce(new Error('the audit log is unavailable'));

    failAudit();
    const orgAttempt = `req-org-rollback-${randomUUID()}`;
    const name = `Rolled back ${randomUUID()}`;
    expect((await operator('POST', '/v1/organizations', orgAttempt, { name })).status).toBe(500);
    const orgs = await t.request('GET', '/v1/organizations?limit=200', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(orgs.body.data.map((o: { name: string }) => o.name)).not.toContain(name);

    failAudit();
    const keyAttempt = `req-key-rollback-${randomUUID()}`;
    const made = await operator('POST', `/v1/organizations/${org.orgId}/api-keys`, keyAttempt, { name: 'never', scopes: ['events:read'] });
    expect(made.status).toBe(500);
    expect(await keysOf(org)).toEqual(before);

    failAudit();
    const revokeAttempt = `req-revoke-rollback-${randomUUID()}`;
    expect((await operator('DELETE', `/v1/organizations/${org.orgId}/api-keys/${kept.id}`, revokeAttempt)).status).toBe(500);
    expect(await keysOf(org)).toEqual(before);
    expect((await t.request('GET', '/v1/api-keys/current', { key: kept.key })).status).toBe(200);

    for (const requestId of [orgAttempt, keyAttempt, revokeAttempt]) expect(await everything(`request_id=${requestId}`)).toEqual([]);

    // Tried again once the log is back, the revocation takes effect and is recorded once.
    const retry = `req-revoke-retry-${randomUUID()}`;
    expect((await operator('DELETE', `/v1/organizations/${org.orgId}/api-keys/${kept.id}`, retry)).status).toBe(200);
    expect((await everything(`request_id=${retry}`)).map((r) => r.action)).toEqual(['api_key.revoked']);
    expect((await t.request('GET', '/v1/api-keys/current', { key: kept.key })).status).toBe(401);
  });

  it("keeps each organization's key records to it; the operator sees them all and narrows by organization", async () => {
    const a = await newOrg();
    const b = await newOrg();
    const aKey = await newKey(a, 'a key', ['phone_numbers:read']);
    const bKey = await newKey(b, 'b key', ['phone_numbers:read']);
    await operator('DELETE', `/v1/organizations/${a.orgId}/api-keys/${aKey.id}`, `req-${randomUUID()}`);
    await operator('DELETE', `/v1/organizations/${b.orgId}/api-keys/${bKey.id}`, `req-${randomUUID()}`);

    const ofKeys = (records: any[]) => records.map((r) => [r.action, r.resource.id]);
    // Each organization's own log: its creation, its reading key's, the key made and revoked.
    const aOwn = await own(a, 'limit=500');
    expect(aOwn.every((r) => r.organization_id === a.orgId)).toBe(true);
    expect(ofKeys(aOwn.filter((r) => r.action !== 'audit_log.list'))).toEqual([
      ['api_key.revoked', aKey.id],
      ['api_key.created', aKey.id],
      ['api_key.created', expect.any(String)],
      ['organization.created', a.orgId],
    ]);
    expect(await own(a, `resource_id=${bKey.id}`)).toEqual([]);
    expect(await own(a, `resource_id=${b.orgId}`)).toEqual([]);
    expect(await own(b, `resource_id=${aKey.id}`)).toEqual([]);

    // The operator: every organization's, or one's.
    const all = await everything('action=api_key.*&limit=500');
    const ids = new Set(all.map((r) => r.resource.id));
    expect(ids.has(aKey.id) && ids.has(bKey.id)).toBe(true);
    const onlyB = await everything(`organization_id=${b.orgId}&action=api_key.*`);
    expect(onlyB.every((r) => r.organization_id === b.orgId)).toBe(true);
    expect(ofKeys(onlyB.slice(0, 2))).toEqual([
      ['api_key.revoked', bKey.id],
      ['api_key.created', bKey.id],
    ]);
    expect(onlyB).toHaveLength(3);
    expect(await everything(`organization_id=${b.orgId}&resource_id=${aKey.id}`)).toEqual([]);
  });
});
