import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { coverageOf, documentedOperations, PROVIDER_DOCUMENTS, readmePart, renderAll } from '../support/provider-coverage.js';

/**
 * The README says, for each provider's official document, which operations Dialtone serves and
 * why it does not serve the others; this keeps it true to the routes the server really has.
 */
describe('the README’s provider coverage', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite');
  });
  afterAll(() => app.close());

  it('matches the routes the server serves (npm run docs:coverage writes it)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readmePart(readme)).toBe(renderAll(app.http.routeTable));
  });

  it('finds the operations every surface has served from the start, and counts each documented one once', () => {
    const known: Record<string, string[]> = {
      telnyx: ['ListPhoneNumbers', 'RetrievePhoneNumber', 'UpdatePhoneNumber', 'DeletePhoneNumber', 'ListAvailablePhoneNumbers', 'CreateNumberOrder'],
      twilio: ['ListIncomingPhoneNumber', 'FetchIncomingPhoneNumber', 'UpdateIncomingPhoneNumber', 'ListAvailablePhoneNumberLocal'],
      'signalwire-laml': ['list_incoming_phone_numbers', 'update_incoming_phone_number', 'create_imported_phone_number'],
      'signalwire-relay': ['list_phone_numbers', 'update_phone_number', 'release_phone_number'],
    };
    for (const document of PROVIDER_DOCUMENTS) {
      const coverage = coverageOf(document, app.http.routeTable);
      expect(coverage.served.map((operation) => operation.operationId), document.title).toEqual(expect.arrayContaining(known[document.dialect]!));
      const notServed = coverage.notServed.flatMap(({ operations }) => operations);
      expect(coverage.served.length + notServed.length, document.title).toBe(documentedOperations(document).length);
      for (const { reason } of coverage.notServed) expect(reason.length, document.title).toBeGreaterThan(8);
    }
  });
});
