import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { basicAuth, freshNumber } from '../support/dialects/fixtures.js';
import { idFromPrefixed } from '../../src/dialects/shared/ids.js';

/** One number, many surfaces: every id form maps back to the same record. */
describeEachDriver('a number across every surface', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  it('is imported through Butter, seen and changed through all, released through Twilio', async () => {
    const number = freshNumber();
    const butter = { 'x-api-key': org.key, 'x-organization-id': org.orgId };
    const twilio = { authorization: basicAuth(org.accountSid, org.key) };
    const relay = { authorization: basicAuth(org.orgId, org.key) };
    const imported = await app.request('POST', '/api/phone-numbers/import', { headers: butter, body: { phone_number: number, provider: 'sip' } });
    expect(imported.status).toBe(201);
    const hex = imported.body.data.phone_number_id.slice('phon_'.length);
    const uuid = idFromPrefixed(imported.body.data.phone_number_id, 'phon_')!;

    const telnyxList = await app.request('GET', `/v2/phone_numbers?filter[phone_number]=${number.slice(1)}`, { key: org.key });
    expect(telnyxList.body.data).toHaveLength(1);
    const telnyxId = telnyxList.body.data[0].id;
    expect(telnyxId).toMatch(/^\d+$/);
    const patched = await app.request('PATCH', `/v2/phone_numbers/${telnyxId}`, { key: org.key, body: { customer_reference: 'from-telnyx' } });
    expect(patched.status).toBe(200);

    const renamed = await app.request('PUT', `/api/relay/rest/phone_numbers/${uuid}`, { headers: relay, body: { name: 'Shared line' } });
    expect(renamed.body).toMatchObject({ number, name: 'Shared line' });

    const twilioSid = `PN${hex}`;
    const fetched = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${twilioSid}.json`, { headers: twilio });
    expect(fetched.body).toMatchObject({ sid: twilioSid, phone_number: number, friendly_name: 'Shared line' });
    const laml = await app.request('GET', `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers/${uuid}`, { headers: relay });
    expect(laml.body).toMatchObject({ sid: uuid, phone_number: number });

    const assigned = await app.request('POST', '/api/agents/agent_1/assign-phone-number', {
      headers: butter,
      body: { phone_number_id: `phon_${hex}` },
    });
    expect(assigned.body.data.status).toBe('assigned');
    const talkover = await app.request('GET', `/api/v1/phone-numbers/${uuid}`, { key: org.key });
    expect(talkover.body.data).toMatchObject({ id: uuid, number });
    const native = await app.request('GET', `/v1/phone-numbers/${uuid}`, { key: org.key });
    expect(native.body).toMatchObject({ customer_reference: 'from-telnyx', friendly_name: 'Shared line', assignment: { agent_id: 'agent_1' } });

    const removed = await app.request('DELETE', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${twilioSid}.json`, { headers: twilio });
    expect(removed.status).toBe(204);
    const gone = await Promise.all([
      app.request('GET', `/v2/phone_numbers/${telnyxId}`, { key: org.key }),
      app.request('GET', `/api/relay/rest/phone_numbers/${uuid}`, { headers: relay }),
      app.request('GET', `/api/phone-numbers/phon_${hex}`, { headers: butter }),
      app.request('GET', `/api/v1/phone-numbers/${uuid}`, { key: org.key }),
    ]);
    expect(gone.map((res) => res.status)).toEqual([404, 404, 404, 404]);
  });
});
