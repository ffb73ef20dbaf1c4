import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { basicAuth, seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';
import { uuidToHex } from '../../src/dialects/shared/ids.js';
import type { PhoneNumberRecord } from '../../src/numbers/phone-number.js';

const twilioSpec = new SpecValidator('twilio-api-v2010-phone-numbers');
const lamlSpec = new SpecValidator('signalwire-compatibility-phone-numbers');
const relaySpec = new SpecValidator('signalwire-relay-phone-numbers');
const telnyxSpec = new SpecValidator('telnyx-phone-numbers');

/** Callback URLs that no surface may store: each would break another surface's schema, or call nowhere. */
const BAD_URLS = ['not a url', '/relative/path', 'javascript:alert(1)', 'ftp://example.com/calls', 'https://exa mple.com/x', 'https://example.com/%zz', `https://example.com/${'a'.repeat(2000)}`];

/**
 * One validation of callback URLs, in the numbers service: a URL stored through any surface is
 * read back through every other within its official document, and one no surface's schema
 * allows is refused by every surface that takes URLs.
 */
describeEachDriver('callback URLs across surfaces', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  const twilio = () => ({ authorization: basicAuth(org.accountSid, org.key) });
  const signalwire = () => ({ authorization: basicAuth(org.orgId, org.key) });

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  /** The number as every surface shows it, each answer validated against its document. */
  async function readEverywhere(record: PhoneNumberRecord) {
    const sid = `PN${uuidToHex(record.id)}`;
    const twilioOne = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${sid}.json`, { headers: twilio() });
    expect(twilioOne.status).toBe(200);
    twilioSpec.assert('/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json', 'get', 200, twilioOne.body);
    const lamlOne = await app.request('GET', `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers/${record.id}`, { headers: signalwire() });
    expect(lamlOne.status).toBe(200);
    lamlSpec.assert('/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}', 'get', 200, lamlOne.body);
    const relayOne = await app.request('GET', `/api/relay/rest/phone_numbers/${record.id}`, { headers: signalwire() });
    expect(relayOne.status).toBe(200);
    relaySpec.assert('/api/relay/rest/phone_numbers/{id}', 'get', 200, relayOne.body);
    const telnyxOne = await app.request('GET', `/v2/phone_numbers/${record.seq}`, { key: org.key });
    telnyxSpec.assert('/phone_numbers/{id}', 'get', 200, telnyxOne.body);
    const native = await app.request('GET', `/v1/phone-numbers/${record.id}`, { key: org.key });
    expect(native.status).toBe(200);
    return { twilio: twilioOne.body, laml: lamlOne.body, relay: relayOne.body, native: native.body };
  }

  it('a URL stored through SignalWire Relay reads back through every surface within its document', async () => {
    const [record] = await seedNumbers(app, org.orgId, 1);
    const put = await app.request('PUT', `/api/relay/rest/phone_numbers/${record!.id}`, {
      headers: signalwire(),
      body: {
        call_handler: 'laml_webhooks',
        call_request_url: 'https://example.com/voice?x=1',
        call_fallback_url: 'https://example.com/fallback',
        call_status_callback_url: 'http://example.com:8080/status',
        message_handler: 'laml_webhooks',
        message_request_url: 'https://example.com/sms',
        message_fallback_url: 'https://example.com/sms-fallback',
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const seen = await readEverywhere(record!);
    expect(seen.twilio).toMatchObject({
      voice_url: 'https://example.com/voice?x=1',
      voice_fallback_url: 'https://example.com/fallback',
      status_callback: 'http://example.com:8080/status',
      sms_url: 'https://example.com/sms',
      sms_fallback_url: 'https://example.com/sms-fallback',
    });
    expect(seen.laml).toMatchObject({ voice_url: 'https://example.com/voice?x=1', sms_url: 'https://example.com/sms' });
    expect(seen.native.voice).toMatchObject({ handler: 'webhook', url: 'https://example.com/voice?x=1' });
  });

  it('a URL stored through Twilio and natively reads back through SignalWire', async () => {
    const [record] = await seedNumbers(app, org.orgId, 1);
    const sid = `PN${uuidToHex(record!.id)}`;
    const form = new URLSearchParams({ VoiceUrl: 'https://example.com/twilio-voice', StatusCallback: 'https://example.com/twilio-status' });
    const res = await fetch(`${app.baseUrl}/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${sid}.json`, {
      method: 'POST',
      headers: { ...twilio(), 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(res.status).toBe(200);
    const patched = await app.request('PATCH', `/v1/phone-numbers/${record!.id}`, {
      key: org.key,
      body: { messaging: { handler: 'webhook', url: 'https://example.com/native-sms' } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const seen = await readEverywhere(record!);
    expect(seen.relay).toMatchObject({ call_request_url: 'https://example.com/twilio-voice', message_request_url: 'https://example.com/native-sms' });
  });

  it('refuses a URL no surface may show, through every surface that takes URLs, and keeps the number as it was', async () => {
    const [record] = await seedNumbers(app, org.orgId, 1);
    const sid = `PN${uuidToHex(record!.id)}`;
    for (const url of BAD_URLS) {
      const relay = await app.request('PUT', `/api/relay/rest/phone_numbers/${record!.id}`, {
        headers: signalwire(),
        body: { call_handler: 'laml_webhooks', call_request_url: url },
      });
      expect(relay.status, `relay ${url}`).toBe(422);
      relaySpec.assert('/api/relay/rest/phone_numbers/{id}', 'put', 422, relay.body);
      const relayStatus = await app.request('PUT', `/api/relay/rest/phone_numbers/${record!.id}`, {
        headers: signalwire(),
        body: { call_handler: 'relay_topic', call_relay_topic: 'office', call_relay_topic_status_callback_url: url },
      });
      expect(relayStatus.status, `relay status ${url}`).toBe(422);
      const relaySms = await app.request('PUT', `/api/relay/rest/phone_numbers/${record!.id}`, {
        headers: signalwire(),
        body: { message_handler: 'laml_webhooks', message_request_url: 'https://example.com/ok', message_fallback_url: url },
      });
      expect(relaySms.status, `relay sms ${url}`).toBe(422);
      const native = await app.request('PATCH', `/v1/phone-numbers/${record!.id}`, { key: org.key, body: { voice: { handler: 'webhook', url } } });
      expect(native.status, `native ${url}`).toBe(400);
      const form = new URLSearchParams({ VoiceUrl: url });
      const laml = await fetch(`${app.baseUrl}/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${sid}.json`, {
        method: 'POST',
        headers: { ...twilio(), 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      expect(laml.status, `twilio ${url}`).toBe(400);
    }
    const seen = await readEverywhere(record!);
    expect(seen.native.voice.url ?? null).toBeNull();
  });
});
