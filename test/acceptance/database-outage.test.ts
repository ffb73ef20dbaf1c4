import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinDir, startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';
import { validNumbers } from '../support/numbers-fixture.js';

const ADMIN = 'acceptance-admin-token-000000';
const bin = postgresBinDir();
if (!bin) console.warn('[dialtone tests] initdb not found under /usr/lib/postgresql: skipping the database outage test');

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function get(base: string, path: string, key?: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/**
 * Writes numbers one after another until stopped, keeping the ids of those acknowledged
 * with 2xx (whatever the database is doing meanwhile) and the statuses seen.
 */
function startWriter(base: string, key: string) {
  const numbers = validNumbers(400, 801);
  const acknowledged: string[] = [];
  const statuses = new Set<number>();
  let running = true;
  const done = (async () => {
    for (const number of numbers) {
      if (!running) break;
      try {
        const res = await call(base, 'POST', '/v1/phone-numbers', key, { number });
        statuses.add(res.status);
        if (res.status >= 200 && res.status < 300) acknowledged.push(res.body.id);
      } catch {
        statuses.add(0); // no answer at all: the assertions below catch it
      }
      await sleep(40);
    }
  })();
  return { acknowledged, statuses, stop: async () => ((running = false), await done) };
}

/** Milliseconds until the readiness probe, a write and a list all succeed again. */
async function timeToFullService(base: string, key: string, numbers: string[]): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 15_000) {
    const ready = await get(base, '/readyz');
    const write = ready.status === 200 ? await call(base, 'POST', '/v1/phone-numbers', key, { number: numbers[0] }) : null;
    const list = write?.status === 201 ? await get(base, '/v1/phone-numbers?limit=5', key) : null;
    if (list?.status === 200) {
      numbers.shift();
      return Date.now() - started;
    }
    await sleep(100);
  }
  return Infinity;
}

describe.skipIf(!bin)('a Postgres outage', () => {
  let cluster: PgCluster;
  let server: ServerProcess;
  let exitCode: number | null | undefined;
  let key: string;
  let orgId: string;

  beforeAll(async () => {
    cluster = await startPgCluster(bin!);
    server = await startServerProcess({ DATABASE_URL: cluster.url, DIALTONE_ADMIN_TOKEN: ADMIN, DATABASE_CONNECT_TIMEOUT_MS: '1000' });
    server.child.once('exit', (code) => (exitCode = code));
    const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Outage' });
    orgId = org.body.id;
    const created = await call(server.baseUrl, 'POST', `/v1/organizations/${orgId}/api-keys`, ADMIN, {
      scopes: ['phone_numbers:read', 'phone_numbers:write'],
    });
    key = created.body.key;
  });
  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it('answers 503 while the database is away, recovers within 5 s of its return, and loses no acknowledged write', async () => {
    const writer = startWriter(server.baseUrl, key);
    const probes = validNumbers(20, 802);
    await sleep(1000);

    // A restart: every pooled connection is terminated under the server.
    await cluster.stop();
    await cluster.start();
    expect(await timeToFullService(server.baseUrl, key, probes)).toBeLessThan(5000);

    // An outage of a few seconds.
    await cluster.stop();
    await expectUnavailable(server.baseUrl, key, orgId);
    await sleep(2000);
    await expectUnavailable(server.baseUrl, key, orgId);
    await cluster.start();
    expect(await timeToFullService(server.baseUrl, key, probes)).toBeLessThan(5000);

    await sleep(500);
    await writer.stop();
    expect(exitCode).toBeUndefined();
    expect(server.child.exitCode).toBeNull();
    expect(writer.statuses.has(503)).toBe(true);
    expect([...writer.statuses].filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(writer.acknowledged.length).toBeGreaterThan(10);
    for (const id of writer.acknowledged) {
      expect((await get(server.baseUrl, `/v1/phone-numbers/${id}`, key)).status).toBe(200);
    }
    expect(server.output()).toContain('database connection lost');
  });
});

/** Every surface answers 503 with Retry-After in its own shape; the process is live but not ready. */
async function expectUnavailable(base: string, key: string, orgId: string): Promise<void> {
  const native = await get(base, '/v1/phone-numbers', key);
  expect([native.status, native.body.code, native.headers.get('retry-after')]).toEqual([503, 'database_unavailable', '5']);
  const telnyx = await get(base, '/v2/phone_numbers', key);
  expect([telnyx.status, telnyx.body.errors?.[0]?.code, telnyx.headers.get('retry-after')]).toEqual([503, '10011', '5']);
  const talkover = await get(base, '/api/v1/phone-numbers', key);
  expect([talkover.status, talkover.body.code, talkover.headers.get('retry-after')]).toEqual([503, 'SERVICE_UNAVAILABLE', '5']);
  const butter = await fetch(`${base}/api/phone-numbers`, { headers: { 'x-api-key': key, 'x-organization-id': orgId } });
  expect([butter.status, ((await butter.json()) as any).error?.code, butter.headers.get('retry-after')]).toEqual([503, 'service_unavailable', '5']);
  expect((await get(base, '/livez')).status).toBe(200);
  const ready = await get(base, '/readyz');
  expect([ready.status, ready.body.status]).toEqual([503, 'unavailable']);
}
