import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

/** Holds the embedded database's one connection until the returned function is called. */
async function holdConnection(app: TestApp): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let taken!: () => void;
  const isTaken = new Promise<void>((resolve) => (taken = resolve));
  const transaction = app.dialtone.database.db.transaction().execute(async (trx) => {
    await sql`select 1`.execute(trx);
    taken();
    await held;
  });
  await isTaken;
  return async () => {
    release();
    await transaction;
  };
}

describe('a full embedded-database queue', () => {
  let app: TestApp;
  let key: string;
  beforeAll(async () => {
    app = await startTestApp('pglite', { databaseQueueWaitMs: 200, databaseQueueLimit: 4 });
    ({ key } = await app.newOrg());
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 503 database_unavailable with Retry-After after the bounded wait, not seconds later', async () => {
    const release = await holdConnection(app);
    try {
      const started = Date.now();
      const res = await app.request('GET', '/v1/phone-numbers', { key });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 503, code: 'database_unavailable' });
    } finally {
      await release();
    }
    expect((await app.request('GET', '/v1/phone-numbers', { key })).status).toBe(200);
  });

  it('answers the dialects in their own shapes with Retry-After, /readyz 503 and /livez 200', async () => {
    const release = await holdConnection(app);
    try {
      const telnyx = await app.request('GET', '/v2/phone_numbers', { key });
      expect([telnyx.status, telnyx.headers.get('retry-after')]).toEqual([503, '5']);
      expect(telnyx.body.errors[0]).toMatchObject({ code: '10011', title: 'Service unavailable' });
      const talkover = await app.request('GET', '/api/v1/phone-numbers', { key });
      expect([talkover.status, talkover.headers.get('retry-after')]).toEqual([503, '5']);
      expect(talkover.body).toMatchObject({ success: false, code: 'SERVICE_UNAVAILABLE' });
      const ready = await app.request('GET', '/readyz');
      expect([ready.status, ready.body.status]).toEqual([503, 'unavailable']);
      expect((await app.request('GET', '/livez')).status).toBe(200);
    } finally {
      await release();
    }
    expect((await app.request('GET', '/readyz')).status).toBe(200);
  });
});

describe('a flooded embedded-database queue', () => {
  let app: TestApp;
  let key: string;
  // A wait longer than the flood takes to arrive on a loaded machine: the queue stays full while
  // every request of the flood comes in, so how many wait and how many are refused is exact.
  const WAIT_MS = 5000;
  beforeAll(async () => {
    app = await startTestApp('pglite', { databaseQueueWaitMs: WAIT_MS, databaseQueueLimit: 4 });
    ({ key } = await app.newOrg());
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses borrowers beyond the queue limit at once, and lets the queued ones wait', async () => {
    const release = await holdConnection(app);
    try {
      const timed = async () => {
        const started = Date.now();
        const res = await app.request('GET', '/v1/phone-numbers', { key });
        return { res, ms: Date.now() - started };
      };
      const flood = await Promise.all(Array.from({ length: 12 }, timed));
      expect(flood.every(({ res }) => res.status === 503 && res.body.code === 'database_unavailable')).toBe(true);
      const refused = flood.filter(({ res }) => /queries already waiting/.test(res.body.detail));
      const waited = flood.filter((answer) => !refused.includes(answer));
      // Four fill the queue and wait it out; the other eight are refused without waiting.
      expect(refused).toHaveLength(8);
      expect(Math.min(...waited.map((w) => w.ms))).toBeGreaterThanOrEqual(WAIT_MS - 100);
      expect(Math.max(...refused.map((r) => r.ms))).toBeLessThan(Math.min(...waited.map((w) => w.ms)));
    } finally {
      await release();
    }
  });
});

/** Blocks the event loop, as a flood of CPU-bound work would. */
function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* busy */
  }
}

describe('an event loop lagging past its bound', () => {
  let app: TestApp;
  let key: string;
  let orgId: string;
  beforeAll(async () => {
    app = await startTestApp('pglite', { maxEventLoopDelayMs: 5 });
    ({ key, orgId } = await app.newOrg());
  });
  afterAll(async () => {
    await app.close();
  });

  it('sheds requests with 503 overloaded in the shape of each surface, and never /livez', async () => {
    // under-pressure samples once a second: the lag shows at the first sample after the block.
    await sleep(1100);
    blockEventLoop(1500);
    await sleep(20);
    const [native, telnyx, butter, livez] = await Promise.all([
      app.request('GET', '/v1/phone-numbers', { key }),
      app.request('GET', '/v2/phone_numbers', { key }),
      app.request('GET', '/api/phone-numbers', { headers: { 'x-api-key': key, 'x-organization-id': orgId } }),
      app.request('GET', '/livez'),
    ]);
    expect([native.status, native.body.code, native.headers.get('retry-after')]).toEqual([503, 'overloaded', '5']);
    expect([telnyx.status, telnyx.body.errors[0].code, telnyx.headers.get('retry-after')]).toEqual([503, '10011', '5']);
    expect([butter.status, butter.body.error.code]).toEqual([503, 'service_unavailable']);
    expect(livez.status).toBe(200);
  });
});
