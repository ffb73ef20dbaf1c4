import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors } from '../../src/errors/catalogue.js';
import { DIALECTS } from '../../src/dialects/registry.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { CREDENTIALS } from '../support/surfaces.js';
import { assertSeedShape } from '../support/dialects/seed-schemas.js';
import { SpecValidator } from '../support/dialects/specs.js';

type Org = Awaited<ReturnType<TestApp['newOrg']>>;

/**
 * A path no route of a surface serves is that provider's 404, in its own shape: also when a
 * parametric route (/phone_numbers/{id}) could take its last segment as a malformed id, as
 * routes Dialtone does not serve yet (/v2/number_block_orders) would be, and a job id of no job.
 */
const UNKNOWN: Record<string, (org: Org) => string[]> = {
  telnyx: () => [
    '/v2/phone_numbers/foo/bar',
    '/v2/phone_numbers/jobs/not-a-job',
    '/v2/phone_numbers/jobs/foo/bar',
    '/v2/phone_numbers/not-a-number',
    '/v2/phone_numbers/foo/voice',
    '/v2/number_block_orders',
    '/v2/number_reservations/not-a-reservation',
    '/v2/number_orders/not-an-order',
    '/v2/number_order_phone_numbers/not-an-order-number',
    '/v2/number_order_phone_numbers/8ffb3622-7c6b-4ccc-b65f-7a3dc0099576/foo',
  ],
  twilio: (org) => [
    `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/foo/bar.json`,
    `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/not-a-sid.json`,
    `/2010-04-01/Accounts/${org.accountSid}/NoSuchResource.json`,
  ],
  'signalwire-laml': (org) => [
    `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers/foo/bar`,
    `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers/not-a-sid`,
    `/api/laml/2010-04-01/Accounts/${org.orgId}/NoSuchResource`,
  ],
  'signalwire-relay': () => [
    '/api/relay/rest/phone_numbers/foo/bar',
    '/api/relay/rest/phone_numbers/not-a-uuid',
    '/api/relay/rest/phone_numbers/not-a-uuid/e911_address',
    '/api/relay/rest/no_such_resource',
  ],
  butter: () => ['/api/phone-numbers/foo/bar', '/api/phone-numbers/not-an-id', '/api/phone-numbers/phon_zz', '/api/no-such-resource'],
  talkover: () => ['/api/v1/phone-numbers/foo/bar', '/api/v1/phone-numbers/not-a-uuid', '/api/v1/voice-templates'],
};

const telnyxSpec = new SpecValidator('telnyx-phone-numbers');
const relaySpec = new SpecValidator('signalwire-relay-phone-numbers');

/** The documented 404 body of each surface, where a document gives one. */
const DOCUMENTED: Record<string, (body: unknown) => void> = {
  telnyx: (body) => telnyxSpec.assert('/phone_numbers/{id}', 'get', 404, body),
  'signalwire-relay': (body) => relaySpec.assert('/api/relay/rest/phone_numbers/{id}', 'get', 404, body),
  butter: (body) => assertSeedShape('butterError', body),
  talkover: (body) => assertSeedShape('talkoverError', body),
};

describeEachDriver('unknown paths on every surface', (driver) => {
  let app: TestApp;
  let org: Org;
  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  it('has unknown paths for every dialect', () => {
    expect(Object.keys(UNKNOWN).sort()).toEqual(DIALECTS.map((d) => d.name).sort());
  });

  for (const dialect of DIALECTS) {
    describe(dialect.name, () => {
      it('answers each unknown path with its own 404, for GET and for a change', async () => {
        const notFound = dialect.renderError(errors.notFound('route', 'x'), {} as never);
        const headers = CREDENTIALS[dialect.name]!(org);
        for (const path of UNKNOWN[dialect.name]!(org)) {
          for (const method of ['GET', 'PATCH', 'DELETE']) {
            const res = await app.request(method, path, { headers });
            expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(404);
            expect(Object.keys(res.body).sort(), `${method} ${path}`).toEqual(Object.keys(notFound.body as object).sort());
            DOCUMENTED[dialect.name]?.(res.body);
          }
        }
      });
    });
  }
});
