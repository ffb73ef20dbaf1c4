import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Telnyx from 'telnyx';
import { afterEach, describe, expect, it } from 'vitest';
import { validNumbers } from '../support/numbers-fixture.js';
import { createSchema, postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';
import { callJson as call, startServerProcess } from '../support/process.js';
import { SpecValidator } from '../support/dialects/specs.js';

const ADMIN = 'acceptance-admin-token-000000';
const spec = new SpecValidator('telnyx-phone-numbers');

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The environment of a server process on each database: an embedded one in a fresh folder, or a schema of the Postgres server. */
const DATABASES: Record<string, () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>> = {
  pglite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dialtone-telnyx-jobs-'));
    return { env: { DIALTONE_DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  ...(postgresAvailable
    ? {
        postgres: async () => {
          const target = await createSchema();
          const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${target.schema},public`)}`;
          return { env: { DATABASE_URL: url }, drop: target.drop };
        },
      }
    : {}),
};

describe.each(Object.keys(DATABASES))('Telnyx phone-number jobs on a serving process [%s]', (driver) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("the SDK's job is worked in the background by the server and ends completed", async () => {
    const database = await DATABASES[driver]!();
    cleanups.push(database.drop);
    // The embedded database migrates from empty at start: slow on a loaded machine.
    const server = await startServerProcess({ ...database.env, DIALTONE_ADMIN_TOKEN: ADMIN }, 180_000);
    cleanups.push(() => server.stop('SIGTERM'));
    const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Telnyx jobs' });
    const key = (await call(server.baseUrl, 'POST', `/v1/organizations/${org.body.id}/api-keys`, ADMIN, { scopes: ['phone_numbers:read', 'phone_numbers:write'] }))
      .body.key as string;
    const numbers = validNumbers(5, 811);
    for (const number of numbers) expect((await call(server.baseUrl, 'POST', '/v1/phone-numbers', key, { number, tags: ['bg'] })).status).toBe(201);

    const telnyx = new Telnyx({ apiKey: key, baseURL: `${server.baseUrl}/v2`, maxRetries: 0 });
    const made = await telnyx.phoneNumbers.jobs.updateBatch({ phone_numbers: [], filter: { tag: 'bg' }, customer_reference: 'background' });
    expect(made.data!.pending_operations).toHaveLength(5);

    let job = made.data!;
    for (const deadline = Date.now() + 120_000; job.status !== 'completed' && Date.now() < deadline; await pause(200)) {
      job = (await telnyx.phoneNumbers.jobs.retrieve(made.data!.id!)).data!;
    }
    expect(job.status).toBe('completed');
    expect(job.successful_operations!.map((op) => op.phone_number).sort()).toEqual([...numbers].sort());
    spec.assertComponent('PhoneNumbersJob', job);
    for await (const number of telnyx.phoneNumbers.list({ filter: { tag: 'bg' } })) expect(number.customer_reference).toBe('background');
  }, 300_000);
});
