import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttp, openDialtone } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { backgroundJobs } from '../../src/jobs/registry.js';
import type { Job } from '../../src/jobs/job.js';
import type { BacklogSource } from '../../src/telemetry/metrics.js';
import { listenForMetrics } from '../../src/telemetry/metrics.routes.js';
import { ADMIN_TOKEN, describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { freeLoopbackPort } from '../support/ports.js';

const NUMBER = '+14155552671';
const operator = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The value of one sample of the exposition, by its name and every label given (in any order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}

/** Every label value in the exposition. */
function labelValues(text: string): string[] {
  return [...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => m[2]!);
}

/** A carrier answering whatever is asked with the reply set. */
async function startRawCarrier() {
  const carrier = { reply: { status: 200, body: '{"data":[]}' }, port: 0, server: null as unknown as Server };
  carrier.server = createServer((_request, response) => {
    response.writeHead(carrier.reply.status, { 'content-type': 'application/json' }).end(carrier.reply.body);
  });
  await new Promise<void>((done) => carrier.server.listen(0, '127.0.0.1', done));
  carrier.port = (carrier.server.address() as AddressInfo).port;
  return carrier;
}

describeEachDriver('GET /metrics', (driver) => {
  let app: TestApp;
  let carrier: Awaited<ReturnType<typeof startRawCarrier>>;
  let hookPort: number;

  beforeAll(async () => {
    carrier = await startRawCarrier();
    hookPort = await freeLoopbackPort();
    app = await startTestApp(driver, {
      secretKey: randomBytes(32).toString('hex'),
      egressAllow: [`127.0.0.1:${carrier.port}`, `127.0.0.1:${hookPort}`],
    });
  });
  afterAll(async () => {
    await app?.close();
    carrier.server.closeAllConnections();
    await new Promise((done) => carrier.server.close(done));
  });

  const scrape = async () => {
    const res = await app.request('GET', '/metrics', { headers: operator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.body as string;
  };

  it('counts requests by route template, method, status class, surface and operation, with the hot paths\' buckets', async () => {
    const { key, orgId } = await app.newOrg();
    const created = await app.request('POST', '/v1/phone-numbers', { key, body: { number: NUMBER } });
    expect(created.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(NUMBER)}`, { key })).status).toBe(200);
    expect((await app.request('GET', '/v1/phone-numbers/nope', { key })).status).toBe(400);
    expect((await app.request('GET', '/v2/phone_numbers', { key })).status).toBe(200);
    expect((await app.request('GET', '/no/such/path')).status).toBe(404);

    const text = await scrape();
    const lookup = { route: '/v1/phone-numbers/lookup', method: 'GET', status_class: '2xx', surface: 'native', operation: 'numbers.lookup' };
    expect(sample(text, 'dialtone_http_request_duration_seconds_count', lookup)).toBe(3);
    for (const le of ['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '+Inf']) {
      expect(sample(text, 'dialtone_http_request_duration_seconds_bucket', { ...lookup, le }), le).toBeDefined();
    }
    expect(sample(text, 'dialtone_http_request_duration_seconds_count', { route: '/v1/phone-numbers/:id', status_class: '4xx', operation: 'numbers.get' })).toBe(1);
    expect(sample(text, 'dialtone_http_request_duration_seconds_count', { route: '/v2/phone_numbers', surface: 'telnyx', operation: 'telnyx.phone_numbers.list' })).toBe(1);
    expect(sample(text, 'dialtone_http_request_duration_seconds_count', { route: 'unmatched', status_class: '4xx', surface: 'other' })).toBe(1);

    // No organization, key or number in any label: only the code's own names.
    const number = await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(NUMBER)}`, { key });
    const values = labelValues(text).join(' ');
    for (const secret of [orgId, key.slice(0, 11), number.body.id, '4155552671', '/no/such/path']) expect(values).not.toContain(secret);
  });

  it('shows the database pool, the time of queries and the process', async () => {
    const text = await scrape();
    for (const state of ['in_use', 'idle', 'waiting']) expect(sample(text, 'dialtone_db_pool_connections', { state }), state).toBeGreaterThanOrEqual(0);
    // The scrape itself answers while no query waits.
    expect(sample(text, 'dialtone_db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'dialtone_db_query_duration_seconds_count', { statement: 'select', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(text, 'dialtone_db_query_duration_seconds_count', { statement: 'insert', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeDefined();
  });

  it('counts carrier calls by carrier, operation and outcome', async () => {
    const { key } = await app.newOrg();
    const account = await app.request('POST', '/v1/carrier-accounts', {
      key,
      body: { carrier: 'telnyx', name: 'Telnyx', credentials: { api_key: 'KEY0123456789' }, base_url: `http://127.0.0.1:${carrier.port}/v2` },
    });
    expect(account.status).toBe(201);
    const search = () => app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${account.body.id}`, { key });
    carrier.reply = { status: 200, body: '{"data":[]}' };
    expect((await search()).status).toBe(200);
    carrier.reply = { status: 503, body: '{"errors":[{"detail":"down"}]}' };
    expect((await search()).status).toBe(503);
    const text = await scrape();
    expect(sample(text, 'dialtone_carrier_call_duration_seconds_count', { carrier: 'telnyx', operation: 'search', outcome: 'ok' })).toBe(1);
    // A search is a read: tried three times before giving up, each attempt counted.
    expect(sample(text, 'dialtone_carrier_call_duration_seconds_count', { carrier: 'telnyx', operation: 'search', outcome: 'unavailable' })).toBe(3);
  });

  it('counts orders and releases by outcome', async () => {
    const { key } = await app.newOrg();
    const offers = await app.request('GET', '/v1/available-phone-numbers?country=US&limit=1', { key });
    const order = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: [offers.body.data[0].number] } });
    expect([order.status, order.body.status]).toEqual([201, 'complete']);
    const bought = order.body.phone_numbers[0].phone_number_id;
    expect((await app.request('DELETE', `/v1/phone-numbers/${bought}`, { key })).status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'dialtone_outcomes_total', { kind: 'order', outcome: 'complete' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'dialtone_outcomes_total', { kind: 'release', outcome: 'released' })).toBeGreaterThanOrEqual(1);
  });

  it('shows each job\'s backlog and the age of its oldest item, read from the database at the scrape', async () => {
    const jobs = backgroundJobs(app.dialtone.services).filter((job): job is Job & BacklogSource => job.backlog !== undefined);
    expect(jobs.map((job) => job.name).sort()).toEqual(['orders.reconcile', 'releases.reconcile', 'renewals.run', 'webhooks.deliver']);
    app.dialtone.metrics.watchBacklogs(jobs);
    const before = sample(await scrape(), 'dialtone_job_backlog_items', { job: 'webhooks.deliver' });
    expect(before).toBe(0);

    // An endpoint nothing answers, and a change it subscribes to: one delivery due, which no job runs here to send.
    const { key } = await app.newOrg();
    const hook = await app.request('POST', '/v1/webhook-endpoints', { key, body: { url: `http://127.0.0.1:${hookPort}/hook`, event_types: ['*'] } });
    expect(hook.status).toBe(201);
    expect((await app.request('POST', '/v1/phone-numbers', { key, body: { number: '+14155552672' } })).status).toBe(201);
    const text = await scrape();
    expect(sample(text, 'dialtone_job_backlog_items', { job: 'webhooks.deliver' })).toBe(1);
    expect(sample(text, 'dialtone_job_oldest_item_age_seconds', { job: 'webhooks.deliver' })).toBeGreaterThanOrEqual(0);
    for (const job of ['orders.reconcile', 'releases.reconcile', 'renewals.run']) {
      expect(sample(text, 'dialtone_job_backlog_items', { job }), job).toBe(0);
      expect(sample(text, 'dialtone_job_oldest_item_age_seconds', { job }), job).toBe(0);
    }
  });

  it('is the operator\'s only: a tenant\'s key, no credentials or a wrong token get 401 and no metrics', async () => {
    const { key } = await app.newOrg();
    const attempts: Array<Record<string, string>> = [{ authorization: `Bearer ${key}` }, { 'x-api-key': key }, {}, { authorization: 'Bearer not-the-operator-token' }];
    for (const headers of attempts) {
      const res = await app.request('GET', '/metrics', { headers });
      expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
      expect(JSON.stringify(res.body)).not.toContain('dialtone_');
    }
  });

  it('is absent from the OpenAPI document', async () => {
    const paths = Object.keys((await app.request('GET', '/openapi.json')).body.paths);
    expect(paths).not.toContain('/metrics');
  });

  it('is served without credentials on a listen address of its own', async () => {
    const listener = await listenForMetrics(app.dialtone.metrics, { host: '127.0.0.1', port: 0 }, pino({ level: 'silent' }));
    try {
      const res = await fetch(`http://${listener.address}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, 'dialtone_http_request_duration_seconds_count', { operation: 'numbers.lookup', status_class: '2xx' })).toBeGreaterThan(0);
    } finally {
      await listener.close();
    }
  });
});

describe('GET /metrics without an operator token configured', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite', { adminToken: null });
  });
  afterAll(() => app.close());

  it('is refused as the operator endpoints are', async () => {
    const res = await app.request('GET', '/metrics', { headers: operator });
    expect([res.status, res.body.code]).toEqual([403, 'admin_disabled']);
  });
});

describe('two instances in one process', () => {
  it('keep their metrics apart', async () => {
    const first = await startTestApp('pglite');
    const second = await startTestApp('pglite');
    try {
      for (let i = 0; i < 2; i++) await first.request('GET', '/livez');
      const count = async (t: TestApp) =>
        sample((await t.request('GET', '/metrics', { headers: operator })).body, 'dialtone_http_request_duration_seconds_count', { route: '/livez' });
      expect([await count(first), await count(second)]).toEqual([2, undefined]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('the request log line', () => {
  it('is one line per request with its id, route, surface, operation, status, duration, organization and key prefix', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = loadConfig({}, { dataDir: 'memory://', databaseUrl: null, adminToken: ADMIN_TOKEN, maxEventLoopDelayMs: 0 });
    const dialtone = await openDialtone(config, { logger });
    const http = await buildHttp(dialtone);
    try {
      const org = await dialtone.services.orgs.create('Log org');
      const { key, info } = await dialtone.services.keys.create(org.id, 'log', ['phone_numbers:read']);
      const answer = await http.inject({ method: 'GET', url: '/v1/phone-numbers?limit=5', headers: { authorization: `Bearer ${key}`, 'x-request-id': 'req-log' } });
      expect(answer.statusCode).toBe(200);
      const mine = lines.filter((line) => line.reqId === 'req-log');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        msg: 'request completed',
        method: 'GET',
        route: '/v1/phone-numbers',
        surface: 'native',
        operation: 'numbers.list',
        status: 200,
        durationMs: expect.any(Number),
        organizationId: org.id,
        keyPrefix: info.prefix,
      });
      expect(JSON.stringify(mine[0])).not.toContain(key);
    } finally {
      await http.close();
      await dialtone.close();
    }
  });
});
