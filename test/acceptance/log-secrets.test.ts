import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialtone } from '../../src/app.js';
import { SCOPES } from '../../src/auth/scopes.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { validNumbers } from '../support/numbers-fixture.js';
import { createSchema, postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';

const ADMIN = `admin_${randomBytes(12).toString('hex')}`;
const SECRET_KEY = randomBytes(32).toString('hex');
const PIN = 'Pq4Z9xLm';
const CARRIER_SECRET = `KEY${randomBytes(12).toString('hex')}`;
/** A PIN-like value a failing statement carries: in a constraint's failing row, in a cast that fails. */
const STATEMENT_SECRET = 'Zk3PinLike77';

interface Answer {
  status: number;
  body: any;
}

async function send(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * Every input that reaches the database is checked first, so nothing a client sends makes a
 * statement fail any more. To see what a failing statement would log, the test database gets
 * a constraint refusing STATEMENT_SECRET before the server starts: the refused row and the
 * statement's parameters then carry it, as a real failure's would.
 */
async function refuseTheSecret(config: Partial<Config>, schema?: string): Promise<void> {
  const dialtone = await openDialtone(loadConfig({}, { logLevel: 'silent', ...config }), { ...(schema ? { schema } : {}) });
  try {
    await sql
      .raw(`ALTER TABLE phone_numbers ADD CONSTRAINT log_test_refuses_secret CHECK (customer_reference IS DISTINCT FROM '${STATEMENT_SECRET}')`)
      .execute(dialtone.database.db);
  } finally {
    await dialtone.close();
  }
}

/**
 * Requests that carry every kind of secret, through the native API and a dialect, including
 * failures; returns the secrets sent, and the answers to the failing ones.
 */
async function exercise(base: string): Promise<{ secrets: string[]; failures: Answer[] }> {
  const org = await call(base, 'POST', '/v1/organizations', ADMIN, { name: 'Secrets' });
  const key = (await call(base, 'POST', `/v1/organizations/${org.body.id}/api-keys`, ADMIN, { scopes: SCOPES })).body.key as string;
  const wrongKey = `dt_${randomBytes(30).toString('base64url')}`;
  const basic = Buffer.from(`${org.body.account_sid}:${key}`).toString('base64');

  expect((await send(base, 'GET', '/v1/phone-numbers', { authorization: `Bearer ${key}` })).status).toBe(200);
  expect((await send(base, 'GET', '/v1/phone-numbers', { 'x-api-key': key })).status).toBe(200);
  expect((await send(base, 'GET', '/v1/phone-numbers', { authorization: `Bearer ${wrongKey}` })).status).toBe(401);
  expect((await send(base, 'GET', `/2010-04-01/Accounts/${org.body.account_sid}/IncomingPhoneNumbers.json`, { authorization: `Basic ${basic}` })).status).toBe(200);

  const [first, second] = validNumbers(2, 9001);
  const number = await call(base, 'POST', '/v1/phone-numbers', key, { number: first });
  await call(base, 'POST', '/v1/phone-numbers', key, { number: second });
  const pinned = await call(base, 'PATCH', `/v1/phone-numbers/${number.body.id}`, key, { external_pin: PIN });
  expect(pinned.body.external_pin_set).toBe(true);
  const account = await call(base, 'POST', '/v1/carrier-accounts', key, { carrier: 'telnyx', name: 'Telnyx', credentials: { api_key: CARRIER_SECRET } });
  expect(account.status).toBe(201);

  // Rows the database refuses (see refuseTheSecret), through the native API and through Telnyx:
  // the failing row and the statement's parameters carry the secret.
  const refusedNative = await send(base, 'PATCH', `/v1/phone-numbers/${number.body.id}`, { authorization: `Bearer ${key}` }, {
    customer_reference: STATEMENT_SECRET,
  });
  const telnyxId = (await send(base, 'GET', '/v2/phone_numbers', { authorization: `Bearer ${key}` })).body.data[0].id;
  const refusedTelnyx = await send(base, 'PATCH', `/v2/phone_numbers/${telnyxId}`, { authorization: `Bearer ${key}` }, {
    customer_reference: STATEMENT_SECRET,
  });
  expect([refusedNative.status, refusedTelnyx.status]).toEqual([500, 500]);
  const secrets = [ADMIN, SECRET_KEY, key, wrongKey, basic, PIN, CARRIER_SECRET, STATEMENT_SECRET];
  return { secrets, failures: [refusedNative, refusedTelnyx] };
}

function scenario(name: string, env: () => Promise<{ env: Record<string, string>; drop?: () => Promise<void> }>, skip = false) {
  describe.skipIf(skip)(name, () => {
    let server: ServerProcess;
    let drop: (() => Promise<void>) | undefined;
    let result: Awaited<ReturnType<typeof exercise>>;

    beforeAll(async () => {
      const target = await env();
      drop = target.drop;
      server = await startServerProcess({ ...target.env, LOG_LEVEL: 'trace', DIALTONE_ADMIN_TOKEN: ADMIN, DIALTONE_SECRET_KEY: SECRET_KEY });
      result = await exercise(server.baseUrl);
      await server.stop();
    });
    afterAll(async () => {
      await server?.stop();
      await drop?.();
    });

    it('writes no secret to stdout or stderr, at trace level, whatever the requests carried', () => {
      const output = server.output();
      expect(output).toContain('"msg":"request completed"'); // request logging was on, at the lowest level
      for (const secret of result.secrets) expect(output, `the output holds ${secret}`).not.toContain(secret);
      expect(output).not.toContain('Failing row');
    });

    it('still logs what identifies each failing statement: its SQLSTATE, constraint and table', () => {
      const logged = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line))
        .filter((line) => line.msg === 'unhandled error');
      const failed = result.failures.filter((answer) => answer.status === 500);
      expect(logged).toHaveLength(failed.length);
      for (const line of logged) expect(line.err).toMatchObject({ sqlState: expect.stringMatching(/^[0-9A-Z]{5}$/), stack: expect.any(String) });
      for (const answer of failed) expect(JSON.stringify(answer.body)).not.toContain(STATEMENT_SECRET);
    });
  });
}

scenario('secrets in logs: the server process on the embedded database', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-log-secrets-'));
  await refuseTheSecret({ dataDir });
  return { env: { DIALTONE_DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
});

scenario(
  'secrets in logs: the server process on Postgres',
  async () => {
    const target = await createSchema();
    await refuseTheSecret({ databaseUrl: TEST_DATABASE_URL }, target.schema);
    const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${target.schema},public`)}`;
    return { env: { DATABASE_URL: url }, drop: target.drop };
  },
  !postgresAvailable,
);
