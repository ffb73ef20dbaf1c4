import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';
import { validNumbers } from '../support/numbers-fixture.js';

const ADMIN = 'acceptance-admin-token-000000';


/** Two Dialtone processes on one Postgres behave as one: nothing they share lives in memory. */
describe.skipIf(!postgresAvailable)('two server processes on one Postgres database', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let drop: () => Promise<void>;
  let key: string;

  beforeAll(async () => {
    const target = await createSchema();
    drop = target.drop;
    const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${target.schema},public`)}`;
    const env = { DATABASE_URL: url, DIALTONE_ADMIN_TOKEN: ADMIN };
    // Started together: both run the migrations at once, and each must apply them exactly once.
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    const org = await call(a.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Shared' });
    const created = await call(b.baseUrl, 'POST', `/v1/organizations/${org.body.id}/api-keys`, ADMIN, { scopes: ['phone_numbers:read', 'phone_numbers:write', 'phone_numbers:release'] });
    key = created.body.key;
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
  });

  it('sees on one process what was written through the other, keys included', async () => {
    const [number] = validNumbers(1, 501);
    const created = await call(a.baseUrl, 'POST', '/v1/phone-numbers', key, { number, friendly_name: 'Shared line' });
    expect(created.status).toBe(201);
    const read = await call(b.baseUrl, 'GET', `/v1/phone-numbers/${created.body.id}`, key);
    expect(read.body.friendly_name).toBe('Shared line');
    const patched = await call(b.baseUrl, 'PATCH', `/v1/phone-numbers/${created.body.id}`, key, { status: 'suspended' });
    expect(patched.body.status).toBe('suspended');
    expect((await call(a.baseUrl, 'GET', `/v1/phone-numbers/${created.body.id}`, key)).body.status).toBe('suspended');
  });

  it('lets exactly one of two simultaneous imports of a number win, whichever process takes it', async () => {
    for (const number of validNumbers(10, 502)) {
      const results = await Promise.all([
        call(a.baseUrl, 'POST', '/v1/phone-numbers', key, { number }),
        call(b.baseUrl, 'POST', '/v1/phone-numbers', key, { number }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    }
  });

  it('continues a cursor from one process on the other', async () => {
    const first = await call(a.baseUrl, 'GET', '/v1/phone-numbers?limit=4&sort=number', key);
    const second = await call(b.baseUrl, 'GET', `/v1/phone-numbers?limit=4&sort=number&cursor=${encodeURIComponent(first.body.next_cursor)}`, key);
    const all = await call(a.baseUrl, 'GET', '/v1/phone-numbers?limit=8&sort=number', key);
    expect([...first.body.data, ...second.body.data].map((n: { id: string }) => n.id)).toEqual(all.body.data.map((n: { id: string }) => n.id));
  });

  it('applied each migration once although both processes migrated at start', async () => {
    const out = a.output() + b.output();
    expect((out.match(/"msg":"applied migrations"/g) ?? []).length).toBe(1);
  });
});
