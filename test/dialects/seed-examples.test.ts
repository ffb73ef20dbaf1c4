import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type HttpResult, type TestApp } from '../support/harness.js';
import { basicAuth, seedNumbers } from '../support/dialects/fixtures.js';
import { assertSeedShape, type SeedShape } from '../support/dialects/seed-schemas.js';
import { SpecValidator, type SpecName } from '../support/dialects/specs.js';

/**
 * Every example request of the five seed documents (the list-phone-numbers pages of the product brief), replayed
 * as written — method, path, query and body — against the server, each checked for the answer
 * its document gives: the status, and a body valid against the documented schema (the
 * providers' official OpenAPI documents for SignalWire and Telnyx, the transcribed field lists
 * for Butter AI and Talkover).
 *
 * Where an example names no concrete resource (SignalWire's `:id`), the request uses a number
 * of the caller's organization, as a client would; where it names one that does not exist in a
 * fresh organization (Butter's phon_a1b2c3d4e5f6), the documented answer is the provider's 404.
 */

interface Caller {
  orgId: string;
  key: string;
  /** A number of the organization, as SignalWire's :id. */
  relayId: string;
}

type Check = { spec: SpecName; path: string; method: string } | { seed: SeedShape };

interface SeedExample {
  /** Seed document and where in it the example is. */
  name: string;
  method: string;
  path: (c: Caller) => string;
  headers: (c: Caller) => Record<string, string>;
  body?: unknown;
  status: number;
  check: Check;
}

const relayAuth = (c: Caller) => ({ authorization: basicAuth(c.orgId, c.key) });
const bearer = (c: Caller) => ({ authorization: `Bearer ${c.key}` });
const butterAuth = (c: Caller) => ({ 'x-api-key': c.key, 'x-organization-id': c.orgId });

const RELAY_LIST = '/api/relay/rest/phone_numbers';
const relay = (path: string, method: string): Check => ({ spec: 'signalwire-relay-phone-numbers', path, method });
const telnyx = (path: string, method: string): Check => ({ spec: 'telnyx-phone-numbers', path, method });

/** Seed 000: SignalWire's list-phone-numbers page, its eight SDK code examples (all the same call). */
const SEED_000: SeedExample[] = ['python', 'javascript', 'go', 'ruby', 'java', 'php', 'csharp', 'swift'].map((lang) => ({
  name: `000 SignalWire list phone numbers, ${lang} example`,
  method: 'GET',
  path: () => RELAY_LIST,
  headers: relayAuth,
  status: 200,
  check: relay(RELAY_LIST, 'get'),
}));

/** The PHP example of seed 001 on the wire: every filter, the sort and the page as the SDK sends them. */
const TELNYX_FULL_FILTER = [
  'filter[billing_group_id]=62e4bf2e-c278-4282-b524-488d9c9c43b2',
  'filter[connection_id]=1521916448077776306',
  'filter[country_iso_alpha2]=US',
  'filter[customer_reference]=customer_reference',
  'filter[emergency_address_id]=9102160989215728032',
  'filter[number_type][eq]=local',
  'filter[phone_number]=phone_number',
  'filter[source]=ported',
  'filter[status]=active',
  'filter[tag]=tag',
  'filter[voice.connection_name][contains]=test',
  'filter[voice.connection_name][ends_with]=test',
  'filter[voice.connection_name][eq]=test',
  'filter[voice.connection_name][starts_with]=test',
  'filter[voice.usage_payment_method]=channel',
  'filter[without_tags]=true',
  'handle_messaging_profile_error=false',
  'page[number]=0',
  'page[size]=0',
  'sort=connection_name',
].join('&');

/** Seed 001: Telnyx's list-phone-numbers page, its seven x-codeSamples. */
const SEED_001: SeedExample[] = [
  ...['JavaScript', 'Python', 'Go', 'Java', 'Ruby', 'CLI'].map((lang) => ({
    name: `001 Telnyx list phone numbers, ${lang} example`,
    method: 'GET',
    path: () => '/v2/phone_numbers',
    headers: bearer,
    status: 200,
    check: telnyx('/phone_numbers', 'get'),
  })),
  {
    name: '001 Telnyx list phone numbers, PHP example (every filter)',
    method: 'GET',
    path: () => `/v2/phone_numbers?${TELNYX_FULL_FILTER}`,
    headers: bearer,
    status: 200,
    check: telnyx('/phone_numbers', 'get'),
  },
];

/** Seed 002: Butter AI's list page: its curl example, its status values, and the ids of its example answer. */
const SEED_002: SeedExample[] = [
  { name: '002 Butter list phone numbers, curl example', method: 'GET', path: () => '/api/phone-numbers', headers: butterAuth, status: 200, check: { seed: 'butterList' } },
  { name: '002 Butter list, status=free', method: 'GET', path: () => '/api/phone-numbers?status=free', headers: butterAuth, status: 200, check: { seed: 'butterList' } },
  { name: '002 Butter list, status=assigned', method: 'GET', path: () => '/api/phone-numbers?status=assigned', headers: butterAuth, status: 200, check: { seed: 'butterList' } },
  ...['phon_a1b2c3d4e5f6', 'phon_b2c3d4e5f6a7'].map((id) => ({
    name: `002 Butter get ${id} (an id of the example answer, not the caller's)`,
    method: 'GET',
    path: () => `/api/phone-numbers/${id}`,
    headers: butterAuth,
    status: 404,
    check: { seed: 'butterError' } as Check,
  })),
];

/** Seed 003's example body of "Update a Phone Number": every field at its documented example. */
const RELAY_UPDATE_EXAMPLE = {
  name: 'Jenny',
  call_handler: 'relay_context',
  call_receive_mode: 'voice',
  call_request_url: '',
  call_request_method: 'POST',
  call_fallback_url: '',
  call_fallback_method: 'POST',
  call_status_callback_url: '',
  call_status_callback_method: 'POST',
  call_laml_application_id: null,
  call_dialogflow_agent_id: null,
  call_relay_topic: 'office',
  call_relay_topic_status_callback_url: 'https://myapplication/handle_relay_callbacks',
  call_relay_context: 'my_relay_app',
  call_relay_context_status_callback_url: 'https://myapplication/handle_relay_callbacks',
  call_relay_application: 'my_relay_app',
  call_relay_connector_id: null,
  call_sip_endpoint_id: null,
  call_verto_resource: '',
  call_video_room_id: 'fe4093d9-58c2-4931-b4b9-5679f82652c6',
  message_handler: 'relay_application',
  message_request_url: '',
  message_request_method: 'POST',
  message_fallback_url: '',
  message_fallback_method: 'POST',
  message_laml_application_id: null,
  message_relay_topic: 'my_relay_app',
  message_relay_context: 'my_relay_app',
  message_relay_application: 'my_relay_app',
};

/** Seed 003: SignalWire's phone-number pages: list, purchase, retrieve, update, release, search. */
const SEED_003: SeedExample[] = [
  { name: '003 SignalWire list', method: 'GET', path: () => RELAY_LIST, headers: relayAuth, status: 200, check: relay(RELAY_LIST, 'get') },
  {
    name: '003 SignalWire search for available numbers (defaults)',
    method: 'GET',
    path: () => `${RELAY_LIST}/search`,
    headers: relayAuth,
    status: 200,
    check: relay(`${RELAY_LIST}/search`, 'get'),
  },
  {
    name: '003 SignalWire retrieve',
    method: 'GET',
    path: (c) => `${RELAY_LIST}/${c.relayId}`,
    headers: relayAuth,
    status: 200,
    check: relay(`${RELAY_LIST}/{id}`, 'get'),
  },
  {
    name: '003 SignalWire update with every documented example value',
    method: 'PUT',
    path: (c) => `${RELAY_LIST}/${c.relayId}`,
    headers: relayAuth,
    body: RELAY_UPDATE_EXAMPLE,
    status: 200,
    check: relay(`${RELAY_LIST}/{id}`, 'put'),
  },
  {
    // +15558675309 is the document's example: 555 is no area code, so no carrier sells it.
    name: '003 SignalWire purchase the example number +15558675309',
    method: 'POST',
    path: () => RELAY_LIST,
    headers: relayAuth,
    body: { number: '+15558675309' },
    status: 422,
    check: relay(RELAY_LIST, 'post'),
  },
  {
    name: '003 SignalWire release',
    method: 'DELETE',
    path: (c) => `${RELAY_LIST}/${c.relayId}`,
    headers: relayAuth,
    status: 204,
    check: relay(`${RELAY_LIST}/{id}`, 'delete'),
  },
];

/** Seed 004: Talkover's list page, its three requests, each as curl and as JavaScript. */
const SEED_004: SeedExample[] = [
  ['Request 1: all phone numbers', ''],
  ['Request 2: with voice capability', '?has_voice=true'],
  // As written: the + is not encoded, so the server reads it as a space.
  ['Request 3: search for a number', '?search=+1234567890'],
].flatMap(([label, query]) =>
  ['curl', 'javascript'].map((lang) => ({
    name: `004 Talkover ${label}, ${lang}`,
    method: 'GET',
    path: () => `/api/v1/phone-numbers${query}`,
    headers: bearer,
    status: 200,
    check: { seed: 'talkoverList' } as Check,
  })),
);

export const SEED_EXAMPLES: SeedExample[] = [...SEED_000, ...SEED_001, ...SEED_002, ...SEED_003, ...SEED_004];

const validators = new Map<SpecName, SpecValidator>();
function assertDocumented(check: Check, status: number, body: unknown): void {
  if ('seed' in check) return assertSeedShape(check.seed, body);
  let validator = validators.get(check.spec);
  if (!validator) validators.set(check.spec, (validator = new SpecValidator(check.spec)));
  if (validator.documents(check.path, check.method, status)) validator.assert(check.path, check.method, status, body);
  else expect(body).toBeNull();
}

describeEachDriver('the seed documents\' example requests', (driver) => {
  let app: TestApp;
  let caller: Caller;

  beforeAll(async () => {
    app = await startTestApp(driver);
    const org = await app.newOrg();
    // Numbers of every origin: bought from the sandbox, imported from Twilio, from a SIP trunk, assigned.
    const offer = await app.request('GET', '/v1/available-phone-numbers?country=US&limit=1', { key: org.key });
    const order = await app.request('POST', '/v1/number-orders', { key: org.key, body: { phone_numbers: [offer.body.data[0].number] } });
    expect(order.status).toBeLessThan(300);
    await seedNumbers(app, org.orgId, 2, { carrier: 'twilio', capabilities: ['voice', 'sms'] });
    const [sip] = await seedNumbers(app, org.orgId, 2, { carrier: 'sip', friendly_name: 'Trunk line' });
    await app.dialtone.services.numbers.assign(org.orgId, sip!.id, 'agent_b2c3d4e5f6a7');
    const [forRelay] = await seedNumbers(app, org.orgId, 1, { carrier: 'signalwire', capabilities: ['voice', 'sms', 'mms'] });
    caller = { orgId: org.orgId, key: org.key, relayId: forRelay!.id };
  });
  afterAll(() => app.close());

  // In document order: the release comes after the retrieve and the update of the same number.
  for (const example of SEED_EXAMPLES) {
    it(example.name, async () => {
      const res: HttpResult = await app.request(example.method, example.path(caller), { headers: example.headers(caller), body: example.body });
      expect(res.status, JSON.stringify(res.body)).toBe(example.status);
      assertDocumented(example.check, res.status, res.body);
    });
  }
});
