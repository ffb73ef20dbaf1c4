import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { validNumbers } from '../support/numbers-fixture.js';
import { createSchema, postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';
import { callJson as call, runCli, startServerProcess, type ServerProcess } from '../support/process.js';
import { startWebhookReceiver, verifies, type WebhookReceiver } from '../support/webhook-receiver.js';
import { freeLoopbackPort } from '../support/ports.js';

const ADMIN = 'acceptance-admin-token-000000';
// Sealed at rest, so each process must open what another one stored.
const SECRET_KEY = randomBytes(32).toString('hex');
// Short steps, so a failed attempt comes back within a second or so.
const RETRY_SCHEDULE = '0,1,1,1,1,1,1,1,1,1';
// What one process's dispatcher sends at once (WebhookDispatcher's default concurrency).
const DISPATCH_CONCURRENCY = 8;
const SCOPES = ['phone_numbers:read', 'phone_numbers:write', 'events:read', 'webhooks:read', 'webhooks:write'];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until check gives a value, or fails after the deadline saying what it waited for. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, deadlineMs = 30_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await pause(200);
  }
}


/** What a process's dispatcher says it delivered: the sum of its `job done` log lines. */
function deliveredBy(server: ServerProcess): number {
  let delivered = 0;
  for (const line of server.output().split('\n')) {
    if (!line.includes('"msg":"job done"')) continue;
    const entry = JSON.parse(line) as { job?: string; delivered?: number };
    if (entry.job === 'webhooks.deliver') delivered += entry.delivered ?? 0;
  }
  return delivered;
}

const webhookIds = (receiver: WebhookReceiver) => receiver.requests.map((request) => String(request.headers['webhook-id']));

describe.skipIf(!postgresAvailable)('webhook delivery across server processes on one Postgres', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fresh schema, and the environment that points a process at it. */
  async function database() {
    const target = await createSchema();
    cleanups.push(target.drop);
    const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${target.schema},public`)}`;
    return { url, env: { DATABASE_URL: url, DIALTONE_ADMIN_TOKEN: ADMIN, DIALTONE_SECRET_KEY: SECRET_KEY, DIALTONE_WEBHOOK_RETRY_SCHEDULE: RETRY_SCHEDULE } };
  }
  async function serve(env: Record<string, string>): Promise<ServerProcess> {
    const server = await startServerProcess(env);
    cleanups.push(() => server.stop());
    return server;
  }
  async function receiverOn(port?: number): Promise<WebhookReceiver> {
    const receiver = await startWebhookReceiver(port);
    cleanups.push(() => receiver.close());
    return receiver;
  }

  /** An organization, its key, and an endpoint subscribed to the phone-number events. */
  async function orgWithEndpoint(base: string, url: string) {
    const org = await call(base, 'POST', '/v1/organizations', ADMIN, { name: 'Webhooks across processes' });
    expect(org.status).toBe(201);
    const created = await call(base, 'POST', `/v1/organizations/${org.body.id}/api-keys`, ADMIN, { scopes: SCOPES });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const endpoint = await call(base, 'POST', '/v1/webhook-endpoints', key, { url, event_types: ['phone_number.*'] });
    expect(endpoint.status).toBe(201);
    return { orgId: org.body.id as string, key, endpoint: endpoint.body as { id: string; secret: string } };
  }

  const deliveriesOf = async (base: string, key: string, endpointId: string) => {
    const res = await call(base, 'GET', `/v1/webhook-endpoints/${endpointId}/deliveries?limit=200`, key);
    expect(res.status).toBe(200);
    return res.body.data as Array<{ event_id: string; status: string; attempts: unknown[] }>;
  };
  const eventIdsOf = async (base: string, key: string) => {
    const res = await call(base, 'GET', '/v1/events?type=phone_number.*&limit=200', key);
    expect(res.status).toBe(200);
    expect(res.body.has_more).toBe(false);
    return (res.body.data as Array<{ id: string }>).map((event) => event.id).sort();
  };

  it('delivers every event committed before a kill -9, signed, once a new process starts', async () => {
    const db = await database();
    // The receiver is not listening yet: whatever the first process attempts is refused, so
    // nothing can be delivered before the kill, whenever its dispatcher ticks.
    const port = await freeLoopbackPort();
    const env = { ...db.env, DIALTONE_EGRESS_ALLOW: `127.0.0.1:${port}`, DIALTONE_WEBHOOK_TIMEOUT_MS: '1000' };
    const first = await serve(env);
    const { key, endpoint } = await orgWithEndpoint(first.baseUrl, `http://127.0.0.1:${port}/hook`);
    const ids: string[] = [];
    for (const number of validNumbers(3, 7301)) {
      const imported = await call(first.baseUrl, 'POST', '/v1/phone-numbers', key, { number });
      expect(imported.status).toBe(201);
      ids.push(imported.body.id);
    }
    expect((await call(first.baseUrl, 'PATCH', `/v1/phone-numbers/${ids[0]}`, key, { friendly_name: 'Front desk' })).status).toBe(200);
    await first.stop('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');

    // Committed with their changes, and not delivered: four deliveries wait.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const waiting = await client.query('SELECT status FROM webhook_deliveries').finally(() => client.end());
    expect(waiting.rows.map((row) => row.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(deliveredBy(first)).toBe(0);

    const receiver = await receiverOn(port);
    const second = await serve(env);
    // A delivery the killed process had claimed (mid-attempt) waits for its lease to end:
    // about 32 s with a 1 s timeout. The deadline leaves room for that.
    const deliveries = await waitFor(
      'four deliveries to succeed',
      async () => {
        const list = await deliveriesOf(second.baseUrl, key, endpoint.id);
        return list.length === 4 && list.every((delivery) => delivery.status === 'succeeded') ? list : undefined;
      },
      50_000,
    );

    // Nothing lost: every event of the changes reached the receiver, each once (the killed
    // process could send nothing, so no repeat is allowed here either), signed with the secret.
    const eventIds = await eventIdsOf(second.baseUrl, key);
    expect(eventIds).toHaveLength(4);
    expect(deliveries.map((delivery) => delivery.event_id).sort()).toEqual(eventIds);
    expect(webhookIds(receiver).sort()).toEqual(eventIds);
    for (const request of receiver.requests) expect(verifies(endpoint.secret, request)).toBe(true);
    const stranger = 'whsec_' + randomBytes(32).toString('base64');
    expect(receiver.requests.some((request) => verifies(stranger, request))).toBe(false);
    const events = receiver.events().sort((a, b) => a.sequence - b.sequence);
    expect(events.map((event) => event.type)).toEqual(['phone_number.imported', 'phone_number.imported', 'phone_number.imported', 'phone_number.updated']);
    expect(events.map((event) => event.resource_id)).toEqual([...ids, ids[0]]);
    expect(events[3]!.data.friendly_name).toBe('Front desk');
    await waitFor('the new process to log its deliveries', () => (deliveredBy(second) === 4 ? true : undefined));
  }, 120_000);

  it('shares the deliveries of two processes: every event arrives exactly once, and both send', async () => {
    const db = await database();
    const receiver = await receiverOn();
    // A long timeout: answers are held below, and a held attempt must not fail meanwhile.
    const env = { ...db.env, DIALTONE_EGRESS_ALLOW: `127.0.0.1:${receiver.port}`, DIALTONE_WEBHOOK_TIMEOUT_MS: '20000' };
    const [a, b] = await Promise.all([serve(env), serve(env)]);
    const { orgId, key, endpoint } = await orgWithEndpoint(a.baseUrl, receiver.url('/hook'));
    // One process sends at most DISPATCH_CONCURRENCY at once (its job runs never overlap): the
    // receiver answers nothing until one more waits, so the deliveries get through only when
    // the second process's dispatcher claims and sends some of them too.
    receiver.holdUntilWaiting(DISPATCH_CONCURRENCY + 1);

    // The numbers come in one transaction (the CLI's import batch), so every delivery is due
    // at once: had they come one by one, each dispatcher could hold a few, neither reaching
    // the receiver's count, until their attempts timed out.
    const count = 40;
    const numbers = validNumbers(count, 7302);
    const dir = await mkdtemp(join(tmpdir(), 'dialtone-webhooks-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const csv = join(dir, 'numbers.csv');
    await writeFile(csv, ['number', ...numbers].join('\n') + '\n');
    const imported = await runCli(['numbers', 'import', csv, '--org', orgId], env);
    expect(imported.stdout).toContain(`imported ${count} numbers`);

    const deliveries = await waitFor('every delivery to succeed', async () => {
      const list = await deliveriesOf(b.baseUrl, key, endpoint.id);
      return list.length === count && list.every((delivery) => delivery.status === 'succeeded') ? list : undefined;
    });
    const eventIds = await eventIdsOf(a.baseUrl, key);
    expect(eventIds).toHaveLength(count);
    expect(deliveries.map((delivery) => delivery.event_id).sort()).toEqual(eventIds);
    for (const delivery of deliveries) expect(delivery.attempts).toHaveLength(1);
    // Exactly once: no crash happened, so the at-least-once rule allows no repeat.
    expect(webhookIds(receiver).sort()).toEqual(eventIds);
    for (const request of receiver.requests) expect(verifies(endpoint.secret, request)).toBe(true);

    // Each process's log tells what its dispatcher sent: together every delivery, each some.
    const [byA, byB] = await waitFor('both processes to log their deliveries', () => {
      const sent = [deliveredBy(a), deliveredBy(b)] as const;
      return sent[0] + sent[1] === count ? sent : undefined;
    });
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
  }, 120_000);
});
