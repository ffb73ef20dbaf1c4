/**
 * Regenerates web/src/api/openapi.d.ts, the console's API types, from the OpenAPI document the
 * server serves at /openapi.json: run `npm run console:api` after changing a route's schema. A
 * test generates them the same way and fails when the committed file differs.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import pino from 'pino';
import { buildHttp, openDialtone } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';

export const GENERATED = fileURLToPath(new URL('../src/api/openapi.d.ts', import.meta.url));

const HEADER = '/**\n * Generated from Dialtone\'s OpenAPI document by `npm run console:api`: do not edit.\n */\n\n';

/** The OpenAPI document of a server on an empty in-memory database, as /openapi.json serves it. */
async function openApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({}, { dataDir: 'memory://', logLevel: 'silent', demo: false });
  const dialtone = await openDialtone(config, { logger: pino({ level: 'silent' }) });
  const app = await buildHttp(dialtone);
  try {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    return response.json();
  } finally {
    await app.close();
    await dialtone.close();
  }
}

/** The console's API types for a document. */
async function apiTypes(document: Record<string, unknown>): Promise<string> {
  return HEADER + astToString(await openapiTS(document as never));
}

/** The console's API types for the server's current document: what GENERATED must hold. */
export async function currentApiTypes(): Promise<string> {
  return apiTypes(await openApiDocument());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(GENERATED, await currentApiTypes());
  process.stdout.write(`wrote ${GENERATED}\n`);
}
