import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { armLoopbackOnly } from '../../src/egress/loopback-only.testing.js';

const SIGNALWIRE = { carrier: 'signalwire', name: 'Space', credentials: { project_id: 'p', api_token: 'PT0123456789abcdef' } };
const TELNYX = { carrier: 'telnyx', name: 'Telnyx', credentials: { api_key: 'KEY0123456789' } };

/** A carrier that always answers the next reply set, whatever is asked: raw bodies, not a carrier's document. */
interface RawCarrier {
  server: Server;
  port: number;
  reply: { status: number; type: string; body: string };
}

async function startRawCarrier(): Promise<RawCarrier> {
  const carrier = { reply: { status: 200, type: 'application/json', body: '{}' } } as RawCarrier;
  carrier.server = createServer((_request, response) => {
    response.writeHead(carrier.reply.status, { 'content-type': carrier.reply.type }).end(carrier.reply.body);
  });
  await new Promise<void>((done) => carrier.server.listen(0, '127.0.0.1', done));
  carrier.port = (carrier.server.address() as AddressInfo).port;
  return carrier;
}

describeEachDriver('outbound calls to carriers', (driver) => {
  let tripwire: ReturnType<typeof armLoopbackOnly>;
  let carrier: RawCarrier;
  let app: TestApp;

  beforeAll(async () => {
    tripwire = armLoopbackOnly();
    carrier = await startRawCarrier();
    app = await startTestApp(driver, { secretKey: randomBytes(32).toString('hex'), egressAllow: [`127.0.0.1:${carrier.port}`] });
  });
  afterEach(() => expect(tripwire.violations).toEqual([]));
  afterAll(async () => {
    tripwire.disarm();
    await app?.close();
    carrier.server.closeAllConnections();
    await new Promise((done) => carrier.server.close(done));
  });

  const create = async (key: string, body: object) => app.request('POST', '/v1/carrier-accounts', { key, body });

  it.each([
    ['http://127.0.0.1:1', 'only https'],
    ['https://10.0.0.1', 'not one of the allowed hosts'],
    ['https://169.254.169.254/latest', 'not one of the allowed hosts'],
    ['https://evil.example.com', 'not one of the allowed hosts (*.signalwire.com)'],
    ['https://signalwire.com.evil.example.com', 'not one of the allowed hosts'],
    ['http://example.signalwire.com', 'only https'],
    ['https://user:pw@example.signalwire.com', 'credentials'],
  ])('refuses a signalwire account at %s with a 400 on /base_url', async (baseUrl, words) => {
    const { key } = await app.newOrg();
    const res = await create(key, { ...SIGNALWIRE, base_url: baseUrl });
    expect([res.status, res.body.code, res.body.pointer]).toEqual([400, 'validation_failed', '/base_url']);
    expect(res.body.detail).toContain(words);
  });

  it("accepts the carrier's own hosts, and an allow-listed host:port over http", async () => {
    const { key } = await app.newOrg();
    expect((await create(key, { ...SIGNALWIRE, base_url: 'https://example.signalwire.com' })).status).toBe(201);
    expect((await create(key, { ...TELNYX, base_url: 'https://api.telnyx.com/v2' })).status).toBe(201);
    expect((await create(key, { ...TELNYX, base_url: 'https://api.telnyx.com.evil.example.com/v2' })).status).toBe(400);
    expect((await create(key, { ...TELNYX, base_url: `http://127.0.0.1:${carrier.port}/v2` })).status).toBe(201);
    expect((await create(key, { ...TELNYX, base_url: `http://127.0.0.1:${carrier.port + 1}/v2` })).status).toBe(400);
  });

  it('refuses at call time an account stored with a base_url that is no longer allowed, naming the host only', async () => {
    const { key } = await app.newOrg();
    const account = await create(key, { ...SIGNALWIRE, base_url: 'https://example.signalwire.com' });
    await app.dialtone.database.db.updateTable('carrier_accounts').set({ base_url: 'https://10.0.0.1' }).where('id', '=', account.body.id).execute();
    const res = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${account.body.id}`, { key });
    expect([res.status, res.body.code]).toEqual([422, 'egress_refused']);
    expect(res.body.detail).toBe('Dialtone does not call 10.0.0.1: it is not one of the allowed hosts (*.signalwire.com).');
  });

  it("answers with a short summary of the carrier's error, never its page", async () => {
    const { key } = await app.newOrg();
    const account = await create(key, { ...TELNYX, base_url: `http://127.0.0.1:${carrier.port}/v2` });
    const search = () => app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${account.body.id}`, { key });

    carrier.reply = { status: 400, type: 'text/html', body: `<html><body><h1>Bad Request</h1>${'<p>internal trace</p>'.repeat(500)}</body></html>` };
    const html = await search();
    expect([html.status, html.body.code, html.body.detail]).toEqual([502, 'carrier_rejected', 'telnyx: 400 no details']);

    const message = `Invalid filter \u0007\u001b[31m${'x'.repeat(10_000)}`;
    carrier.reply = { status: 400, type: 'application/json', body: JSON.stringify({ errors: [{ code: '10015', detail: message }] }) };
    const long = await search();
    expect([long.status, long.body.code]).toEqual([502, 'carrier_rejected']);
    expect(long.body.detail).toMatch(/^telnyx: 400 Invalid filter \[31mx+\.\.\.$/);
    expect(long.body.detail.length).toBeLessThanOrEqual('telnyx: 400 '.length + 100);
  });

  it('does not follow a redirect: it is a carrier_rejected answer', async () => {
    const { key } = await app.newOrg();
    const account = await create(key, { ...TELNYX, base_url: `http://127.0.0.1:${carrier.port}/v2` });
    carrier.reply = { status: 302, type: 'text/plain', body: '' };
    const res = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${account.body.id}`, { key });
    expect([res.status, res.body.code, res.body.carrier_status]).toEqual([502, 'carrier_rejected', 302]);
  });
});
