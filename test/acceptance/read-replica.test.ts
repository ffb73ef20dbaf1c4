import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { postgresBinDir, startPgCluster, startPgReplica, type PgCluster } from '../support/pg-cluster.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';
import { validNumbers } from '../support/numbers-fixture.js';

const ADMIN = 'acceptance-admin-token-000000';
const bin = postgresBinDir();
if (!bin) console.warn('[dialtone tests] initdb not found under /usr/lib/postgresql: skipping the read replica test');

async function query<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Polls until `check` holds; throws with `what` if it never does within a minute. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await sleep(50);
  }
}

describe.skipIf(!bin)('read replicas (DATABASE_READ_URL)', () => {
  let primary: PgCluster;
  let replica: PgCluster;
  let server: ServerProcess;
  let handle: DatabaseHandle;
  let key: string;
  let numberId: string;
  let number: string;

  /** Until the replica has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const [{ lsn }] = (await query<{ lsn: string }>(primary.url, 'select pg_current_wal_lsn()::text as lsn')) as [{ lsn: string }];
    await eventually('the replica caught up', async () => {
      const [row] = await query<{ ok: boolean }>(replica.url, 'select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn]);
      return row!.ok;
    });
  }

  /** Dialtone's sessions on the replica (its pools name themselves in pg_stat_activity). */
  async function dialtoneSessionsOnReplica(): Promise<number> {
    const [row] = await query<{ n: number }>(replica.url, "select count(*)::int as n from pg_stat_activity where application_name = 'dialtone'");
    return row!.n;
  }

  const get = (path: string) => call(server.baseUrl, 'GET', path, key);

  beforeAll(async () => {
    primary = await startPgCluster(bin!);
    replica = await startPgReplica(bin!, primary);
    server = await startServerProcess({
      DATABASE_URL: primary.url,
      DATABASE_READ_URL: replica.url,
      DIALTONE_ADMIN_TOKEN: ADMIN,
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
    const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Replicated' });
    key = (await call(server.baseUrl, 'POST', `/v1/organizations/${org.body.id}/api-keys`, ADMIN, { scopes: ['phone_numbers:read', 'phone_numbers:write'] })).body.key;
    [number] = validNumbers(1, 901) as [string];
    const created = await call(server.baseUrl, 'POST', '/v1/phone-numbers', key, { number, friendly_name: 'Before' });
    expect(created.status).toBe(201);
    numberId = created.body.id;
    handle = await openDatabase({
      databaseUrl: primary.url,
      readUrls: [replica.url],
      dataDir: 'memory://',
      poolSize: 2,
      connectTimeoutMs: 1000,
      queue: { maxWaitMs: 1000, maxWaiting: 10 },
      logger: { warn: () => {} },
    });
    await caughtUp();
  });

  afterAll(async () => {
    await server?.stop();
    await handle?.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  it('serves lists, lookups and retrieves from the replica, and every write from the primary', async () => {
    // With replay paused the replica shows the number as it was: what the reads answer tells where they were served.
    await query(replica.url, 'select pg_wal_replay_pause()');
    try {
      const renamed = await call(server.baseUrl, 'PATCH', `/v1/phone-numbers/${numberId}`, key, { friendly_name: 'After' });
      // A write sent to the replica would fail: it is read-only.
      expect(renamed.status).toBe(200);
      expect(renamed.body.friendly_name).toBe('After');
      const [row] = await query<{ friendly_name: string }>(primary.url, 'select friendly_name from phone_numbers where id = $1', [numberId]);
      expect(row!.friendly_name).toBe('After');

      expect((await get(`/v1/phone-numbers/${numberId}`)).body.friendly_name).toBe('Before');
      expect((await get(`/v1/phone-numbers/lookup?number=${encodeURIComponent(number)}`)).body.friendly_name).toBe('Before');
      expect((await get('/v1/phone-numbers?limit=10')).body.data.map((n: { friendly_name: string }) => n.friendly_name)).toEqual(['Before']);
      const route = await call(server.baseUrl, 'GET', `/v1/routing/lookup?number=${encodeURIComponent(number)}`, ADMIN);
      expect(route.body.phone_number.friendly_name).toBe('Before');
      expect(await dialtoneSessionsOnReplica()).toBeGreaterThan(0);

      // Changes made meanwhile wait to be replayed: the replica reports itself behind.
      const [status] = await handle.replicas();
      expect(status).toMatchObject({ replica: new URL(replica.url).host + '/postgres', reachable: true });
      expect(status!.lagSeconds).toBeGreaterThan(0);
    } finally {
      await query(replica.url, 'select pg_wal_replay_resume()');
    }
    await caughtUp();
    expect((await get(`/v1/phone-numbers/${numberId}`)).body.friendly_name).toBe('After');
    expect(await handle.replicas()).toEqual([expect.objectContaining({ reachable: true, lagSeconds: 0 })]);
  });

  it('falls back to the primary while the replica is down, and returns to the replica when it is back', async () => {
    await replica.stop();
    const renamed = await call(server.baseUrl, 'PATCH', `/v1/phone-numbers/${numberId}`, key, { friendly_name: 'While down' });
    expect(renamed.status).toBe(200);
    // Served by the primary: the replica is gone, and what they answer is the latest write.
    for (let i = 0; i < 5; i++) {
      expect((await get(`/v1/phone-numbers/${numberId}`)).body.friendly_name).toBe('While down');
      expect((await get(`/v1/phone-numbers/lookup?number=${encodeURIComponent(number)}`)).status).toBe(200);
      expect((await get('/v1/phone-numbers?limit=10')).body.data).toHaveLength(1);
    }
    expect(server.output()).toContain('read replica unreachable');
    expect(await handle.replicas()).toEqual([expect.objectContaining({ reachable: false, lagSeconds: null })]);

    await replica.start();
    await caughtUp();
    // Reads try the replica again after a pause of a few seconds, and then go to it.
    await eventually('reads went back to the replica', async () => {
      await get(`/v1/phone-numbers/${numberId}`);
      return (await dialtoneSessionsOnReplica()) > 0;
    });
  });
});
