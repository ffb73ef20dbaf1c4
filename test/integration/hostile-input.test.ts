import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FORM_FIELDS } from '../../src/http/form.js';
import type { PhoneNumberRecord } from '../../src/numbers/phone-number.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { CREDENTIALS } from '../support/surfaces.js';

/** The classes of hostile input, each answered with a clear 4xx in the surface's own shape. */

type Org = Awaited<ReturnType<TestApp['newOrg']>>;

describeEachDriver('hostile input', (driver) => {
  let app: TestApp;
  let org: Org;
  let numbers: PhoneNumberRecord[];

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    numbers = await seedNumbers(app, org.orgId, 3, { friendly_name: 'Hostile' });
  });
  afterAll(() => app.close());

  const as = (surface: string) => CREDENTIALS[surface]!(org);

  describe('prototype keys', () => {
    it('in a Telnyx deepObject query are refused and pollute nothing', async () => {
      for (const key of ['filter[__proto__][polluted]', 'filter[constructor][prototype][polluted]', 'page[__proto__][x]']) {
        const res = await app.request('GET', `/v2/phone_numbers?${encodeURIComponent(key)}=yes`, { headers: as('telnyx') });
        expect(res.status, key).toBe(400);
        expect(res.body.errors[0].source.parameter).toBe(key);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await app.request('GET', '/v2/phone_numbers', { headers: as('telnyx') })).status).toBe(200);
      expect((await app.request('GET', '/v1/phone-numbers', { key: org.key })).status).toBe(200);
    });

    it('in a form body are refused and pollute nothing', async () => {
      const res = await fetch(`${app.baseUrl}/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/PN${numbers[0]!.id.replace(/-/g, '')}.json`, {
        method: 'POST',
        headers: { ...as('twilio'), 'content-type': 'application/x-www-form-urlencoded' },
        body: '__proto__[polluted]=yes&__proto__=x&FriendlyName=ok',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).code).toBe(20001);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('in JSON are refused as unreadable bodies', async () => {
      const res = await fetch(`${app.baseUrl}/v1/phone-numbers/${numbers[0]!.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${org.key}`, 'content-type': 'application/json' },
        body: '{"__proto__":{"polluted":"yes"},"friendly_name":"x"}',
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.code).toBe('validation_failed');
      expect(body.detail).not.toMatch(/FST_|forbidden prototype/i);
    });
  });

  describe('forms', () => {
    const flood = (fields: number) => Array.from({ length: fields }, (_, i) => `f${i % 10}=v`).join('&');
    const formRoutes = (o: Org) => [
      { surface: 'twilio', path: `/2010-04-01/Accounts/${o.accountSid}/IncomingPhoneNumbers.json` },
      { surface: 'signalwire-laml', path: `/api/laml/2010-04-01/Accounts/${o.orgId}/IncomingPhoneNumbers` },
      { surface: 'telnyx', path: '/v2/number_orders' },
      { surface: 'signalwire-relay', path: '/api/relay/rest/phone_numbers' },
      { surface: 'butter', path: '/api/phone-numbers/import' },
      { surface: 'talkover', path: '/api/v1/agents/agent-1/calling' },
    ];

    it(`of more than ${MAX_FORM_FIELDS} fields (1 MB, 100,000 fields) are refused on every surface, before and after authentication, while /livez answers`, async () => {
      const body = flood(100_000).padEnd(1_000_000, 'x');
      expect(body.length).toBeLessThanOrEqual(1024 * 1024);
      for (const route of formRoutes(org)) {
        const post = (headers: Record<string, string>) =>
          fetch(`${app.baseUrl}${route.path}`, {
            method: route.surface === 'talkover' ? 'PUT' : 'POST',
            headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
            body,
          });
        const [anonymous, authenticated, live] = await Promise.all([post({}), post(as(route.surface)), fetch(`${app.baseUrl}/livez`)]);
        expect(anonymous.status, route.surface).toBe(401);
        expect([400, 422], route.surface).toContain(authenticated.status);
        expect(JSON.stringify(await authenticated.json()), route.surface).toMatch(/more than 1000 fields/);
        expect(live.status).toBe(200);
      }
      const native = await fetch(`${app.baseUrl}/v1/phone-numbers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.key}`, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(native.status).toBe(415);
      expect(((await native.json()) as any).code).toBe('unsupported_media_type');
    });

    it('collect repeated fields without losing any', async () => {
      const res = await fetch(`${app.baseUrl}/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers.json?PageSize=2`, {
        headers: as('twilio'),
      });
      expect(res.status).toBe(200);
    });
  });

  describe('bodies over the limit', () => {
    const big = JSON.stringify({ friendly_name: 'x'.repeat(2 * 1024 * 1024) });
    const cases = (o: Org) => [
      { surface: 'native', method: 'POST', path: '/v1/phone-numbers', code: (b: any) => b.code, expected: 'payload_too_large' },
      { surface: 'telnyx', method: 'POST', path: '/v2/number_orders', code: (b: any) => b.errors[0].code, expected: '10015' },
      { surface: 'twilio', method: 'POST', path: `/2010-04-01/Accounts/${o.accountSid}/IncomingPhoneNumbers.json`, code: (b: any) => b.code, expected: 20001 },
      { surface: 'butter', method: 'POST', path: '/api/phone-numbers/import', code: (b: any) => b.error.code, expected: 'payload_too_large' },
      { surface: 'talkover', method: 'PUT', path: '/api/v1/agents/a/calling', code: (b: any) => b.code, expected: 'PAYLOAD_TOO_LARGE' },
      { surface: 'signalwire-relay', method: 'POST', path: '/api/relay/rest/phone_numbers', code: (b: any) => b.error, expected: 'Payload Too Large' },
    ];

    it('are 413 in each surface’s own shape', async () => {
      for (const c of cases(org)) {
        const res = await fetch(`${app.baseUrl}${c.path}`, {
          method: c.method,
          headers: { ...as(c.surface), 'content-type': 'application/json' },
          body: big,
        });
        expect(res.status, c.surface).toBe(413);
        expect(c.code(await res.json()), c.surface).toBe(c.expected);
      }
    });
  });

  describe('text the database cannot hold', () => {
    it('NUL and lone surrogates are 400s naming the field, on every surface', async () => {
      const id = numbers[0]!.id;
      const nul = await app.request('PATCH', `/v1/phone-numbers/${id}`, { key: org.key, body: { friendly_name: 'a\u0000b' } });
      expect(nul.status).toBe(400);
      expect(nul.body.pointer).toBe('/friendly_name');
      const surrogate = await app.request('PATCH', `/v1/phone-numbers/${id}`, { key: org.key, body: { tags: ['ok', 'x\ud800'] } });
      expect(surrogate.status).toBe(400);
      expect(surrogate.body.pointer).toBe('/tags/1');
      const query = await app.request('GET', '/v1/phone-numbers?name_contains=%00', { key: org.key });
      expect(query.status).toBe(400);
      expect(query.body.parameter).toBe('name_contains');
      const telnyx = await app.request('PATCH', `/v2/phone_numbers/${numbers[0]!.seq}`, { headers: as('telnyx'), body: { customer_reference: '\u0000' } });
      expect(telnyx.status).toBe(422);
      expect(telnyx.body.errors[0].source.pointer).toBe('/customer_reference');
      const talkover = await app.request('GET', '/api/v1/phone-numbers?search=%00', { headers: as('talkover') });
      expect(talkover.status).toBe(422);
      expect(Object.keys(talkover.body.errors)).toEqual(['search']);
    });

    it('non-finite and out-of-range numbers are 400s, in the query and in JSON', async () => {
      for (const limit of ['1e309', 'Infinity', '-1', '99999999999999999999']) {
        const res = await app.request('GET', `/v1/number-orders?limit=${limit}`, { key: org.key });
        expect(res.status, limit).toBe(400);
        expect(res.body.parameter).toBe('limit');
      }
      const telnyxPage = await app.request('GET', '/v2/phone_numbers?page[size]=1e309', { headers: as('telnyx') });
      expect(telnyxPage.status).toBe(400);
      const json = await fetch(`${app.baseUrl}/api/relay/rest/phone_numbers/${numbers[0]!.id}`, {
        method: 'PUT',
        headers: { ...as('signalwire-relay'), 'content-type': 'application/json' },
        body: '{"name":"x","call_request_timeout":1e309}',
      });
      expect(json.status).toBe(422);
    });
  });

  describe('cursors', () => {
    it('a forged, altered or foreign cursor is a 400 naming the parameter, on every surface', async () => {
      const first = await app.request('GET', '/v1/phone-numbers?limit=1', { key: org.key });
      const cursor: string = first.body.next_cursor;
      expect(cursor).toBeTruthy();
      const [payload, tag] = cursor.split('.') as [string, string];
      const forgedPayload = Buffer.from(JSON.stringify({ v: 'not a timestamp', i: numbers[0]!.id, f: 'x' })).toString('base64url');
      for (const bad of [`${forgedPayload}.${tag}`, `${payload}.AAAAAAAAAAAAAAAAAAAAAA`, 'garbage', `${payload}`]) {
        const res = await app.request('GET', `/v1/phone-numbers?limit=1&cursor=${encodeURIComponent(bad)}`, { key: org.key });
        expect(res.status, bad).toBe(400);
        expect(res.body.parameter).toBe('cursor');
      }
      const other = await app.newOrg();
      const stillWorks = await app.request('GET', `/v1/phone-numbers?limit=1&cursor=${encodeURIComponent(cursor)}`, { key: org.key });
      expect(stillWorks.status).toBe(200);
      const foreign = await app.request('GET', `/v1/phone-numbers?limit=1&cursor=${encodeURIComponent(cursor)}`, { key: other.key });
      expect(foreign.status).toBe(200);
      expect(foreign.body.data).toEqual([]);

      const butter = await app.request('GET', `/api/phone-numbers?cursor=${forgedPayload}.${tag}`, { headers: as('butter') });
      expect(butter.status).toBe(400);
      expect(butter.body.error.field).toBe('cursor');
      const twilioToken = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers.json?PageToken=${forgedPayload}.${tag}`, {
        headers: as('twilio'),
      });
      expect(twilioToken.status).toBe(400);
      expect(twilioToken.body.message).toMatch(/PageToken/);
      const relay = await app.request('GET', `/api/relay/rest/phone_numbers?page_token=${forgedPayload}`, { headers: as('signalwire-relay') });
      expect(relay.status).toBe(400);
      const orders = await app.request('GET', `/v1/number-orders?cursor=${forgedPayload}.${tag}`, { key: org.key });
      expect(orders.status).toBe(400);
      expect(orders.body.parameter).toBe('cursor');
    });
  });

  describe('headers', () => {
    it('a usable X-Request-Id is echoed; an oversized or unsafe one is a 400 and never echoed', async () => {
      const good = await app.request('GET', '/v1/phone-numbers', { key: org.key, headers: { 'x-request-id': 'trace-42.a:b_c' } });
      expect(good.headers.get('x-request-id')).toBe('trace-42.a:b_c');
      for (const bad of ['r'.repeat(129), 'has space', '<script>']) {
        const res = await app.request('GET', '/v1/phone-numbers', { key: org.key, headers: { 'x-request-id': bad } });
        expect(res.status).toBe(400);
        expect(res.body.parameter).toBe('X-Request-Id');
        expect(res.headers.get('x-request-id')).not.toBe(bad);
        expect(res.body.request_id).toMatch(/^req_/);
      }
      const telnyx = await app.request('GET', '/v2/phone_numbers', { headers: { ...as('telnyx'), 'x-request-id': 'r'.repeat(500) } });
      expect(telnyx.status).toBe(400);
      expect(telnyx.body.errors[0].source.parameter).toBe('X-Request-Id');
    });

    it('an empty or oversized Idempotency-Key is a 400 on the native API and on Telnyx', async () => {
      const order = { phone_numbers: ['+14155550199'] };
      for (const key of ['', ' ', 'k'.repeat(256)]) {
        const native = await app.request('POST', '/v1/number-orders', { key: org.key, headers: { 'idempotency-key': key }, body: order });
        expect(native.status, JSON.stringify(key)).toBe(400);
        expect(native.body.parameter).toBe('Idempotency-Key');
        const telnyx = await app.request('POST', '/v2/number_orders', {
          headers: { ...as('telnyx'), 'idempotency-key': key },
          body: { phone_numbers: [{ phone_number: '+14155550199' }] },
        });
        expect(telnyx.status).toBe(400);
        expect(telnyx.body.errors[0].source.parameter).toBe('Idempotency-Key');
      }
    });
  });

  describe('number filters', () => {
    it('mean digits on every surface: wildcards of LIKE and other non-digits are 400s, not "everything"', async () => {
      const checks = [
        { path: (q: string) => `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers.json?PhoneNumber=${q}`, surface: 'twilio', status: 400 },
        { path: (q: string) => `/api/relay/rest/phone_numbers?filter_number=${q}`, surface: 'signalwire-relay', status: 400 },
      ];
      for (const check of checks) {
        for (const q of ['%25', '_', 'abc', '%25%25', '']) {
          const res = await app.request('GET', check.path(q), { headers: as(check.surface) });
          expect(res.status, `${check.surface} ${q}`).toBe(check.status);
        }
      }
      // Telnyx documents it: non-numerical characters return no values. Nothing, never everything.
      for (const q of ['%25', '_', 'abc', '%25%25']) {
        const res = await app.request('GET', `/v2/phone_numbers?filter[phone_number]=${q}`, { headers: as('telnyx') });
        expect(res.status, `telnyx ${q}`).toBe(200);
        expect(res.body.data, `telnyx ${q}`).toEqual([]);
      }
      expect((await app.request('GET', '/v2/phone_numbers?filter[phone_number]=', { headers: as('telnyx') })).status).toBe(400);
    });

    it('match the digits given, with Twilio’s * for any one digit', async () => {
      const target = numbers[1]!.number;
      const digits = target.slice(-6);
      const telnyx = await app.request('GET', `/v2/phone_numbers?filter[phone_number]=${digits}`, { headers: as('telnyx') });
      expect(telnyx.body.data.map((n: any) => n.phone_number)).toEqual([target]);
      const wildcard = `${digits.slice(0, 2)}*${digits.slice(3)}`;
      const twilio = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(wildcard)}`, {
        headers: as('twilio'),
      });
      expect(twilio.status).toBe(200);
      expect(twilio.body.incoming_phone_numbers.map((n: any) => n.phone_number)).toEqual([target]);
      const formatted = `(${target.slice(2, 5)}) ${target.slice(5, 8)}-${target.slice(8)}`;
      const relay = await app.request('GET', `/api/relay/rest/phone_numbers?filter_number=${encodeURIComponent(formatted)}`, { headers: as('signalwire-relay') });
      expect(relay.body.data.map((n: any) => n.number)).toEqual([target]);
    });
  });

  describe('numeric ids', () => {
    it('are 16 digits drawn at random, telling nothing of how many numbers the platform holds', async () => {
      const more = await seedNumbers(app, org.orgId, 5);
      const ids = more.map((r) => r.seq);
      for (const id of ids) expect(String(id)).toMatch(/^[1-9][0-9]{15}$/);
      const gaps = ids.slice(1).map((id, i) => Math.abs(id - ids[i]!));
      expect(Math.min(...gaps)).toBeGreaterThan(1000);
      const listed = await app.request('GET', '/v2/phone_numbers?page[size]=250', { headers: as('telnyx') });
      expect(listed.body.data.map((n: any) => n.id)).toEqual(expect.arrayContaining(ids.map(String)));
    });
  });

  describe('unknown routes', () => {
    it('are 404 before any body is read, in each surface’s shape', async () => {
      const native = await fetch(`${app.baseUrl}/v1/no-such-thing`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
      expect(native.status).toBe(404);
      expect(((await native.json()) as any).code).toBe('not_found');
      const telnyx = await fetch(`${app.baseUrl}/v2/no-such-thing`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=&'.repeat(100_000),
      });
      expect(telnyx.status).toBe(404);
      expect(((await telnyx.json()) as any).errors[0].code).toBe('10005');
    });
  });
});
