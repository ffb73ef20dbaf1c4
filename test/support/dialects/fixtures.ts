import { createRequire } from 'node:module';
import type { ImportNumberInput } from '../../../src/numbers/numbers.service.js';
import type { PhoneNumberRecord } from '../../../src/numbers/phone-number.js';
import type { TestApp } from '../harness.js';

let next = 2_000_000 + Math.floor(Math.random() * 5_000_000);

/** A fresh valid New York number, distinct within the test process. */
export function freshNumber(): string {
  next += 1 + Math.floor(Math.random() * 50);
  return `+1646${next}`;
}

/** Numbers held by an organization, imported through the shared service. */
export async function seedNumbers(
  app: TestApp,
  orgId: string,
  count: number,
  input: Partial<ImportNumberInput> = {},
): Promise<PhoneNumberRecord[]> {
  const records: PhoneNumberRecord[] = [];
  for (let i = 0; i < count; i++) {
    records.push(await app.dialtone.services.numbers.importNumber(orgId, { number: freshNumber(), ...input }));
  }
  return records;
}

export { basicAuth } from '../../support/surfaces.js';


const require = createRequire(import.meta.url);
const { RestClient } = require('@signalwire/compatibility-api') as {
  RestClient: (project: string, token: string, options: { signalwireSpaceUrl: string }) => any;
};

/**
 * The official SignalWire compatibility SDK for a project, talking to the test server. As shipped,
 * it sends Twilio's paths (/2010-04-01/…) by project id; with prefix '/api/laml' its requests go
 * under SignalWire's own base instead (only the first request is moved: the page links Dialtone
 * gives keep the prefix they were asked under).
 */
export function signalwireSdk(app: Pick<TestApp, 'baseUrl'>, project: { orgId: string; key: string }, prefix: '' | '/api/laml' = '') {
  const client = RestClient(project.orgId, project.key, { signalwireSpaceUrl: 'example.signalwire.com' });
  client.api.baseUrl = app.baseUrl;
  if (prefix) {
    const http = client.httpClient;
    const request = http.request.bind(http);
    http.request = (opts: { uri: string }) => request({ ...opts, uri: opts.uri.replace(`${app.baseUrl}/2010-04-01/`, `${app.baseUrl}${prefix}/2010-04-01/`) });
  }
  return client;
}

/** The body of the last answer an SDK client read, as the server sent it, to validate against a document. */
export const lastAnswer = (client: any): any => client.httpClient.lastResponse.body;
