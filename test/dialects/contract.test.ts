import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors, httpStatusOf, type AppError } from '../../src/errors/catalogue.js';
import type { Dialect, DialectServices } from '../../src/dialects/dialect.js';
import { mountDialect } from '../../src/dialects/shared/mount.js';
import { DIALECTS } from '../../src/dialects/registry.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { CREDENTIALS } from '../support/surfaces.js';
import { freshNumber } from '../support/dialects/fixtures.js';

/** One contract every dialect keeps, run over the registry: adding a dialect adds it here. */

/** Where a client of each surface lists numbers; how it presents its credentials is CREDENTIALS. */
const LISTS: Record<string, (org: Org) => string> = {
  telnyx: () => '/v2/phone_numbers',
  twilio: (org) => `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers.json`,
  'signalwire-laml': (org) => `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers`,
  'signalwire-relay': () => '/api/relay/rest/phone_numbers',
  butter: () => '/api/phone-numbers',
  talkover: () => '/api/v1/phone-numbers',
};
const CLIENTS = Object.fromEntries(
  Object.entries(LISTS).map(([name, list]) => [name, { list, auth: (org: Org, key: string) => CREDENTIALS[name]!({ ...org, key }) }]),
);

type Org = Awaited<ReturnType<TestApp['newOrg']>>;

const SAMPLE_ERRORS: AppError[] = [
  errors.validation('Unknown query parameter "colour".', { parameter: 'colour' }),
  errors.validation('Unknown field "colour".', { pointer: '/colour' }),
  errors.invalidPhoneNumber('Not a number.', { pointer: '/number' }),
  errors.unauthenticated(),
  errors.insufficientScope(['phone_numbers:write']),
  errors.notFound('phone number', 'x'),
  errors.numberAlreadyHeld('+14155552671'),
  errors.deletionLocked('+14155552671'),
  errors.numberReleased('+14155552671', 'changed'),
  errors.releaseInProgress('+14155552671', 'changed'),
  errors.assignedElsewhere('+14155552671', 'agent_1'),
  errors.concurrentUpdate('The number'),
  errors.carrierAccountInUse(),
  errors.addressInUse('5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e', 1),
  errors.internal(),
];

describe('dialect registry', () => {
  it('has a client description for every dialect, and unique names and prefixes', () => {
    expect(DIALECTS.map((d) => d.name).sort()).toEqual(Object.keys(CLIENTS).sort());
    const prefixes = DIALECTS.flatMap((d) => d.prefixes);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it.each(DIALECTS.map((d) => [d.name, d] as const))('%s: every route declares its scopes', async (_name, dialect: Dialect) => {
    const app = Fastify();
    const routes: Array<{ url: string; scopes: unknown }> = [];
    app.addHook('onRoute', (route) => {
      if (route.method !== 'HEAD') routes.push({ url: route.url, scopes: route.config?.scopes });
    });
    await mountDialect(app, dialect, {} as DialectServices, dialect.prefixes[0]!);
    await app.ready();
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route.scopes, route.url).toBeDefined();
    await app.close();
  });

  it.each(DIALECTS.map((d) => [d.name, d] as const))('%s: renders every kind of catalogue error', (_name, dialect: Dialect) => {
    for (const error of SAMPLE_ERRORS) {
      const rendered = dialect.renderError(error, {} as never);
      expect(rendered.status).toBeGreaterThanOrEqual(400);
      expect(Math.floor(rendered.status / 100)).toBe(Math.floor(httpStatusOf(error.code) / 100));
      expect(JSON.parse(JSON.stringify(rendered.body))).toEqual(rendered.body);
      expect(JSON.stringify(rendered.body)).not.toMatch(/stack|at .*\.ts:/);
    }
  });
});

describeEachDriver('every dialect over HTTP', (driver) => {
  let app: TestApp;
  let org: Org;
  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  for (const dialect of DIALECTS) {
    describe(dialect.name, () => {
      const client = CLIENTS[dialect.name]!;

      it('lists with valid credentials', async () => {
        const res = await app.request('GET', client.list(org), { headers: client.auth(org, org.key) });
        expect(res.status).toBe(200);
      });

      it('answers no credentials, a wrong key and a missing scope in its own shape', async () => {
        const unauthenticated = dialect.renderError(errors.unauthenticated(), {} as never);
        for (const headers of [{}, client.auth(org, 'dt_not_a_key')]) {
          const res = await app.request('GET', client.list(org), { headers });
          expect(res.status).toBe(unauthenticated.status);
          expect(Object.keys(res.body).sort()).toEqual(Object.keys(unauthenticated.body as object).sort());
        }
        const writer = await app.newOrg(['phone_numbers:write']);
        const refused = await app.request('GET', client.list(writer), { headers: client.auth(writer, writer.key) });
        expect(refused.status).toBe(403);
      });

      it('answers an unknown query parameter and an unknown path in its own shape', async () => {
        const bad = await app.request('GET', `${client.list(org)}?colour=red`, { headers: client.auth(org, org.key) });
        expect(bad.status).toBeGreaterThanOrEqual(400);
        expect(bad.status).toBeLessThan(500);
        expect(bad.headers.get('content-type')).toMatch(/application\/json/);
        const missing = await app.request('GET', `${dialect.prefixes[0]}/no-such-thing/${freshNumber()}`, { headers: client.auth(org, org.key) });
        const notFound = dialect.renderError(errors.notFound('route', 'x'), {} as never);
        expect(missing.status).toBe(notFound.status);
        expect(Object.keys(missing.body).sort()).toEqual(Object.keys(notFound.body as object).sort());
      });
    });
  }
});
