import { readFileSync, writeFileSync } from 'node:fs';
import pino from 'pino';
import { buildHttp, openDialtone } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { readmePart, renderAll } from './provider-coverage.js';

/**
 * npm run docs:coverage: writes the README's tables of the provider operations Dialtone serves,
 * from the route table of a server built on an embedded database in memory.
 */
const README = new URL('../../README.md', import.meta.url);
const dialtone = await openDialtone(loadConfig({}, { dataDir: 'memory://', logLevel: 'silent', demo: false }), { logger: pino({ level: 'silent' }) });
const http = await buildHttp(dialtone);
try {
  await http.ready();
  const readme = readFileSync(README, 'utf8');
  const part = readmePart(readme);
  if (!part) throw new Error('README.md has no provider coverage markers (see test/support/provider-coverage.ts)');
  writeFileSync(README, readme.replace(part, renderAll(http.routeTable)));
} finally {
  await http.close();
  await dialtone.close();
}
