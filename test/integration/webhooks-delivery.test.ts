import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { armLoopbackOnly } from '../../src/egress/loopback-only.testing.js';
import { deliverWebhooksJob } from '../../src/jobs/deliver-webhooks.job.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { validNumbers } from '../support/numbers-fixture.js';
import { startWebhookReceiver, verifies, type ReceivedWebhook, type WebhookReceiver } from '../support/webhook-receiver.js';

/** The Standard Webhooks reference computation, written out: HMAC-SHA256 of id.timestamp.body under the decoded secret. */
function signedPerSpec(secret: string, request: ReceivedWebhook): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
  const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
  return String(request.headers['webhook-signature']).split(' ').includes(expected);
}


const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDriver('webhook deliveries', (driver) => {
  let tripwire: ReturnType<typeof armLoopbackOnly>;
  let receiver: WebhookReceiver;
  let t: TestApp;
  let numbers: string[];
  const run = () => deliverWebhooksJob(t.dialtone.services.webhookDispatcher).run();

  /** Runs the worker until the condition holds (retries come due after the short test schedule). */
  async function deliverUntil(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      await run();
      if (await done()) return;
      if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
      await pause(50);
    }
  }

  beforeAll(async () => {
    tripwire = armLoopbackOnly();
    receiver = await startWebhookReceiver();
    t = await startTestApp(driver, { egressAllow: [`127.0.0.1:${receiver.port}`], webhookRetrySchedule: [0, 0.2, 0.2] });
    numbers = validNumbers(20, 9090);
  });
  afterEach(() => expect(tripwire.violations).toEqual([]));
  afterAll(async () => {
    tripwire.disarm();
    await t?.close();
    await receiver.close();
  });

  const createEndpoint = async (key: string, body: object) => {
    const res = await t.request('POST', '/v1/webhook-endpoints', { key, body });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const received = (path: string) => receiver.requests.filter((request) => request.path === path);
  const deliveriesOf = async (key: string, endpointId: string, query = '') =>
    (await t.request('GET', `/v1/webhook-endpoints/${endpointId}/deliveries${query}`, { key })).body.data as any[];

  it('sends every event of a number’s changes, signed per Standard Webhooks, to the endpoints subscribed', async () => {
    const { key } = await t.newOrg();
    const endpoint = await createEndpoint(key, { url: receiver.url('/numbers'), event_types: ['phone_number.*'] });
    await createEndpoint(key, { url: receiver.url('/orders'), event_types: ['number_order.*'] });
    const imported = (await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[0] } })).body;
    await t.request('PATCH', `/v1/phone-numbers/${imported.id}`, { key, body: { friendly_name: 'Support' } });
    await t.request('PATCH', `/v1/phone-numbers/${imported.id}`, { key, body: { friendly_name: 'Sales' } });

    await deliverUntil(() => received('/numbers').length >= 3, 'three events');
    const requests = received('/numbers');
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(verifies(endpoint.secret, request)).toBe(true);
      expect(signedPerSpec(endpoint.secret, request)).toBe(true);
      expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Dialtone-Webhooks/1' });
      expect(JSON.parse(request.body).id).toBe(request.headers['webhook-id']);
    }
    // A receiver holding another secret verifies none of them.
    const stranger = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    expect(requests.some((request) => verifies(stranger, request) || signedPerSpec(stranger, request))).toBe(false);

    const events = requests.map((request) => JSON.parse(request.body)).sort((a, b) => a.sequence - b.sequence);
    expect(events.map((event) => event.type)).toEqual(['phone_number.imported', 'phone_number.updated', 'phone_number.updated']);
    expect(events.map((event) => event.resource_version)).toEqual([1, 2, 3]);
    expect(events[2]).toMatchObject({
      object: 'event',
      resource_type: 'phone_number',
      resource_id: imported.id,
      phone_number: numbers[0],
      data: { id: imported.id, friendly_name: 'Sales' },
      previous_attributes: { friendly_name: 'Support' },
      surface: 'native',
      actor: { type: 'api_key' },
      idempotency_key: null,
    });
    expect(typeof events[2].request_id).toBe('string');
    expect(Number.isNaN(Date.parse(events[0].created_at))).toBe(false);
    expect(Object.keys(events[0]).sort()).toEqual(
      ['id', 'object', 'type', 'created_at', 'sequence', 'resource_type', 'resource_id', 'resource_version', 'phone_number', 'data',
        'previous_attributes', 'request_id', 'idempotency_key', 'surface', 'actor'].sort(),
    );
    expect(received('/orders')).toHaveLength(0);

    const deliveries = await deliveriesOf(key, endpoint.id);
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(deliveries[0].attempts).toMatchObject([{ attempt: 1, status: 'succeeded', error_class: null, response_status: 200, response_body: 'ok' }]);
  });

  it('retries a failing endpoint on the schedule, and lists every attempt', async () => {
    const { key } = await t.newOrg();
    const endpoint = await createEndpoint(key, { url: receiver.url('/flaky'), event_types: ['*'] });
    receiver.reply({ status: 500, body: 'database down' }, { status: 502 });
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[1] } });

    await deliverUntil(async () => (await deliveriesOf(key, endpoint.id))[0].status !== 'pending', 'the delivery to settle');
    const [delivery] = await deliveriesOf(key, endpoint.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts).toMatchObject([
      { attempt: 1, status: 'failed', error_class: 'http_5xx', response_status: 500, response_body: 'database down' },
      { attempt: 2, status: 'failed', error_class: 'http_5xx', response_status: 502 },
      { attempt: 3, status: 'succeeded', error_class: null, response_status: 200 },
    ]);
    for (const attempt of delivery.attempts) expect(attempt.duration_ms).toBeGreaterThanOrEqual(0);
    const ids = received('/flaky').map((request) => request.headers['webhook-id']);
    expect(ids).toEqual([delivery.event_id, delivery.event_id, delivery.event_id]);

    const byEvent = await t.request('GET', `/v1/events/${delivery.event_id}/deliveries`, { key });
    expect(byEvent.body.data).toEqual([delivery]);
    expect(await deliveriesOf(key, endpoint.id, '?status=failed')).toEqual([]);
    expect(await deliveriesOf(key, endpoint.id, '?status=succeeded')).toHaveLength(1);
    // The endpoint recovered: it is no longer failing.
    expect((await t.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key })).body.failing_since).toBeNull();
  });

  it('fails a delivery after the last attempt of the schedule, and counts a redirect as a failure', async () => {
    const { key } = await t.newOrg();
    const endpoint = await createEndpoint(key, { url: receiver.url('/moved'), event_types: ['*'] });
    receiver.reply(
      { status: 301, headers: { location: receiver.url('/elsewhere') } },
      { status: 404, body: 'no such hook' },
      { status: 503, body: 'later' },
    );
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[2] } });
    await deliverUntil(async () => (await deliveriesOf(key, endpoint.id))[0].status !== 'pending', 'the delivery to settle');
    const [delivery] = await deliveriesOf(key, endpoint.id);
    expect(delivery).toMatchObject({ status: 'failed', next_attempt_at: null });
    expect(delivery.attempts.map((a: { error_class: string }) => a.error_class)).toEqual(['http_3xx', 'http_4xx', 'http_5xx']);
    expect(received('/elsewhere')).toHaveLength(0);
    expect((await t.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key })).body.failing_since).not.toBeNull();
  });

  it('disables an endpoint that answers 410 Gone at once, and sends it nothing more', async () => {
    const { key } = await t.newOrg();
    const endpoint = await createEndpoint(key, { url: receiver.url('/gone'), event_types: ['*'] });
    receiver.reply({ status: 410 });
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[3] } });
    await deliverUntil(async () => (await deliveriesOf(key, endpoint.id))[0].status !== 'pending', 'the delivery to settle');
    const gone = (await t.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key })).body;
    expect(gone).toMatchObject({ enabled: false, disabled_reason: expect.stringContaining('410') });
    expect((await deliveriesOf(key, endpoint.id))[0]).toMatchObject({ status: 'failed', attempts: [{ response_status: 410 }] });

    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[4] } });
    await run();
    expect(await deliveriesOf(key, endpoint.id)).toHaveLength(1);
    expect(received('/gone')).toHaveLength(1);
    const test = await t.request('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, { key });
    expect([test.status, test.body.code]).toEqual([409, 'webhook_endpoint_disabled']);
  });

  it('signs with both secrets during a rotation’s grace period, and with the new one alone after', async () => {
    const { key } = await t.newOrg();
    const endpoint = await createEndpoint(key, { url: receiver.url('/rotating'), event_types: ['phone_number.imported'] });
    const rotated = (await t.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key, body: { grace_period_seconds: 3600 } })).body;
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[5] } });
    await deliverUntil(() => received('/rotating').length === 1, 'the first event');
    const [during] = received('/rotating');
    expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect([verifies(endpoint.secret, during!), verifies(rotated.secret, during!)]).toEqual([true, true]);
    expect([signedPerSpec(endpoint.secret, during!), signedPerSpec(rotated.secret, during!)]).toEqual([true, true]);

    const last = (await t.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key, body: { grace_period_seconds: 0 } })).body;
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[6] } });
    await deliverUntil(() => received('/rotating').length === 2, 'the second event');
    const after = received('/rotating')[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect([verifies(last.secret, after), verifies(rotated.secret, after), verifies(endpoint.secret, after)]).toEqual([true, false, false]);
  });

  it('sends a test event to that endpoint alone, whatever it subscribes to', async () => {
    const { key } = await t.newOrg();
    const endpoint = await createEndpoint(key, { url: receiver.url('/tested'), event_types: ['number_order.failed'] });
    await createEndpoint(key, { url: receiver.url('/everything'), event_types: ['*'] });
    const test = await t.request('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, { key });
    expect(test.status).toBe(202);
    await deliverUntil(() => received('/tested').length === 1, 'the test event');
    const event = JSON.parse(received('/tested')[0]!.body);
    expect(event).toMatchObject({ id: test.body.event_id, type: 'webhook_endpoint.test', resource_id: endpoint.id, data: { id: endpoint.id } });
    expect(received('/tested')[0]!.body).not.toContain('whsec_');
    expect(verifies(endpoint.secret, received('/tested')[0]!)).toBe(true);
    expect(received('/everything')).toHaveLength(0);
  });

  it('redelivers an event, to its endpoints or to one named, and recovers the failures of an endpoint', async () => {
    const { key } = await t.newOrg();
    const first = await createEndpoint(key, { url: receiver.url('/first'), event_types: ['*'] });
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[7] } });
    await deliverUntil(() => received('/first').length === 1, 'the event');
    const eventId = String(received('/first')[0]!.headers['webhook-id']);

    const again = await t.request('POST', `/v1/events/${eventId}/redeliver`, { key, body: {} });
    expect([again.status, again.body.queued]).toEqual([202, 1]);
    await deliverUntil(() => received('/first').length === 2, 'the redelivery');
    expect(received('/first')[1]!.headers['webhook-id']).toBe(eventId);
    const [delivery] = await deliveriesOf(key, first.id);
    expect(delivery.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2]);

    // An endpoint made after the event can be sent it by name.
    const late = await createEndpoint(key, { url: receiver.url('/late'), event_types: ['number_order.completed'] });
    const named = await t.request('POST', `/v1/events/${eventId}/redeliver`, { key, body: { endpoint_id: late.id } });
    expect([named.status, named.body.queued]).toEqual([202, 1]);
    await deliverUntil(() => received('/late').length === 1, 'the named redelivery');
    expect(JSON.parse(received('/late')[0]!.body).id).toBe(eventId);

    // Disabling an endpoint fails what it was still to be sent; recovery queues it again once it is enabled.
    const since = new Date().toISOString();
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[8] } });
    await t.request('PATCH', `/v1/webhook-endpoints/${first.id}`, { key, body: { enabled: false } });
    const failed = await deliveriesOf(key, first.id, '?status=failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].attempts).toEqual([]);
    const refused = await t.request('POST', `/v1/webhook-endpoints/${first.id}/recover`, { key, body: { since } });
    expect([refused.status, refused.body.code]).toEqual([409, 'webhook_endpoint_disabled']);
    await t.request('PATCH', `/v1/webhook-endpoints/${first.id}`, { key, body: { enabled: true } });
    const future = await t.request('POST', `/v1/webhook-endpoints/${first.id}/recover`, { key, body: { since: '2999-01-01T00:00:00Z' } });
    expect(future.body.queued).toBe(0);
    const recovered = await t.request('POST', `/v1/webhook-endpoints/${first.id}/recover`, { key, body: { since } });
    expect([recovered.status, recovered.body.queued]).toEqual([200, 1]);
    await deliverUntil(() => received('/first').length === 3, 'the recovered event');
    expect(JSON.parse(received('/first')[2]!.body).phone_number).toBe(numbers[8]);
  });

  it('sends each delivery once when workers run side by side', async () => {
    const { key } = await t.newOrg();
    await createEndpoint(key, { url: receiver.url('/busy'), event_types: ['phone_number.imported'] });
    for (const number of numbers.slice(10, 16)) await t.request('POST', '/v1/phone-numbers', { key, body: { number } });
    await Promise.all([run(), run(), run()]);
    const ids = received('/busy').map((request) => request.headers['webhook-id']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('refuses at delivery a name that resolves to loopback when it is not allowed', async () => {
    const { key } = await t.newOrg();
    const endpoint = await createEndpoint(key, { url: `https://localhost:${receiver.port}/sneaky`, event_types: ['*'] });
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[9] } });
    await deliverUntil(async () => (await deliveriesOf(key, endpoint.id))[0].attempts.length > 0, 'an attempt');
    const [delivery] = await deliveriesOf(key, endpoint.id);
    expect(delivery.attempts[0]).toMatchObject({ status: 'failed', error_class: 'refused_address', response_status: null });
    expect(received('/sneaky')).toHaveLength(0);
  });

});

describeEachDriver('webhook endpoints failing for too long', (driver) => {
  let receiver: WebhookReceiver;
  let t: TestApp;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await startTestApp(driver, {
      egressAllow: [`127.0.0.1:${receiver.port}`],
      webhookRetrySchedule: [0, 0.4, 0.4, 0.4, 0.4],
      webhookDisableAfterSeconds: 0.3,
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver.close();
  });

  it('are disabled, with a webhook_endpoint.disabled event that carries no secret', async () => {
    const run = () => deliverWebhooksJob(t.dialtone.services.webhookDispatcher).run();
    const { key } = await t.newOrg();
    const create = async (body: object) => (await t.request('POST', '/v1/webhook-endpoints', { key, body })).body;
    const failing = await create({ url: receiver.url('/failing'), event_types: ['phone_number.*'] });
    await create({ url: receiver.url('/watcher'), event_types: ['webhook_endpoint.disabled'] });
    receiver.answer({ status: 500 });
    await t.request('POST', '/v1/phone-numbers', { key, body: { number: validNumbers(1, 777)[0] } });

    await run();
    const first = (await t.request('GET', `/v1/webhook-endpoints/${failing.id}`, { key })).body;
    expect(first).toMatchObject({ enabled: true, failing_since: expect.any(String) });

    const deadline = Date.now() + 20_000;
    while ((await t.request('GET', `/v1/webhook-endpoints/${failing.id}`, { key })).body.enabled) {
      if (Date.now() > deadline) throw new Error('the endpoint was never disabled');
      await pause(100);
      await run();
    }
    receiver.answer({ status: 200 });
    await run();
    const watched = receiver.requests.filter((request) => request.path === '/watcher');
    expect(watched).toHaveLength(1);
    const event = JSON.parse(watched[0]!.body);
    expect(event).toMatchObject({
      type: 'webhook_endpoint.disabled',
      resource_type: 'webhook_endpoint',
      resource_id: failing.id,
      data: { id: failing.id, enabled: false, disabled_reason: expect.stringContaining('failed') },
      previous_attributes: { enabled: true, disabled_reason: null },
    });
    expect(watched[0]!.body).not.toMatch(/whsec_|"secret"/);
    expect(watched[0]!.body).not.toContain(failing.secret.slice('whsec_'.length));
    // What it was still to be sent stopped; enabling it again clears its record.
    const pending = await t.request('GET', `/v1/webhook-endpoints/${failing.id}/deliveries?status=pending`, { key });
    expect(pending.body.data).toEqual([]);
    const enabled = await t.request('PATCH', `/v1/webhook-endpoints/${failing.id}`, { key, body: { enabled: true } });
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
  });
});
