import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { validNumbers } from '../support/numbers-fixture.js';
import { createSchema, postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';
import { callJson as call, runCli, startServerProcess, type ServerProcess } from '../support/process.js';

const ADMIN = 'acceptance-admin-token-000000';
// BULK_CRASH_COUNT runs it smaller, to look into a failure quickly.
const COUNT = Number(process.env.BULK_CRASH_COUNT ?? 20_000);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, deadlineMs = 900_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await pause(100);
  }
}

describe.skipIf(!postgresAvailable)('a bulk job through kill -9 of its server process', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it(`resumes a ${COUNT}-number job after a restart and changes every number exactly once`, async () => {
    const target = await createSchema();
    cleanups.push(target.drop);
    const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${target.schema},public`)}`;
    // A short claim, so the items the killed process held come back soon after the restart.
    const env = { DATABASE_URL: url, DIALTONE_ADMIN_TOKEN: ADMIN, DIALTONE_BULK_CLAIM_SECONDS: '2' };

    const first = await startServerProcess(env);
    cleanups.push(() => first.stop('SIGKILL'));
    const org = await call(first.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Bulk crash' });
    const key = (await call(first.baseUrl, 'POST', `/v1/organizations/${org.body.id}/api-keys`, ADMIN, { scopes: ['phone_numbers:read', 'phone_numbers:write'] })).body.key;
    const dir = mkdtempSync(join(tmpdir(), 'dialtone-bulk-'));
    const csv = join(dir, 'numbers.csv');
    writeFileSync(csv, `number,tags\n${validNumbers(COUNT, 77).map((n) => `${n},crash`).join('\n')}\n`);
    const imported = await runCli(['numbers', 'import', csv, '--org', org.body.id], { DATABASE_URL: url });
    expect(imported.stdout).toContain(`imported ${COUNT} numbers`);

    const created = await call(first.baseUrl, 'POST', '/v1/phone-numbers/jobs', key, {
      action: 'update',
      filter: { tag: ['crash'] },
      expected_count: COUNT,
      set: { friendly_name: 'Moved' },
      add_tags: ['moved'],
    });
    expect(created.status).toBe(202);
    const jobPath = `/v1/phone-numbers/jobs/${created.body.id}`;
    await waitFor('the job to be part done', async () => {
      const job = await call(first.baseUrl, 'GET', jobPath, key);
      // Killed with work done and work left: a few batches in.
      return job.body.counts.succeeded >= Math.min(1_000, COUNT / 4) ? job : undefined;
    });
    await first.stop('SIGKILL');

    const second: ServerProcess = await startServerProcess(env);
    cleanups.push(() => second.stop());
    let last: unknown;
    const done = await waitFor('the job to complete', async () => {
      const job = await call(second.baseUrl, 'GET', jobPath, key);
      last = job.body;
      return job.body.status === 'completed' ? job.body : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; the job: ${JSON.stringify(last)}; the server said:\n${second.output().slice(-3000)}`);
    });
    expect(done.counts).toEqual({ total: COUNT, succeeded: COUNT, failed: 0, pending: 0, canceled: 0 });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanups.push(() => client.end());
    // Every number has exactly one event of the job's change, and the job's mark of it says it changed the number.
    const { rows } = await client.query<{ changes: number; numbers: string }>(
      `SELECT changes, count(*) AS numbers FROM (
         SELECT p.id, count(e.id)::int AS changes FROM phone_numbers p
         LEFT JOIN events e ON e.organization_id = p.organization_id AND e.resource_id = p.id::text AND e.type = 'phone_number.updated'
         WHERE p.organization_id = $1 GROUP BY p.id) per_number
       GROUP BY changes`,
      [org.body.id],
    );
    expect(rows.map((row) => [row.changes, Number(row.numbers)])).toEqual([[1, COUNT]]);
    const marks = await client.query<{ changed: boolean; items: string }>(
      'SELECT changed, count(*) AS items FROM bulk_job_items WHERE job_id = $1 GROUP BY changed',
      [created.body.id],
    );
    expect(marks.rows.map((row) => [row.changed, Number(row.items)])).toEqual([[true, COUNT]]);
    const moved = await client.query<{ count: string }>(
      `SELECT count(*) FROM phone_numbers WHERE organization_id = $1 AND friendly_name = 'Moved' AND tags @> '{crash,moved}'`,
      [org.body.id],
    );
    expect(Number(moved.rows[0]!.count)).toBe(COUNT);
    const events = await client.query<{ actor: { job_id?: string } }>(
      `SELECT actor FROM events WHERE organization_id = $1 AND type = 'phone_number.updated' LIMIT 1`,
      [org.body.id],
    );
    expect(events.rows[0]!.actor.job_id).toBe(created.body.id);
  }, 1_800_000);
});
