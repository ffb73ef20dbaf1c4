/**
 * Regenerates web/src/api/openapi.d.ts, the console's API types, from the OpenAPI document the
 * server serves at /openapi.json: run `npm run console:api` after changing a route's schema.
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
export async function openApiDocument(): Promise<Record<string, unknown>> {
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
export async function apiTypes(document: Record<string, unknown>): Promise<string> {
  return HEADER + astToString(await openapiTS(document as never));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(GENERATED, await apiTypes(await openApiDocument()));
  process.stdout.write(`wrote ${GENERATED}\n`);
}
