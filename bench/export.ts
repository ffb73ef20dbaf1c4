import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import pino from 'pino';
import { openDialtone } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { startServer } from './processes.js';

export interface ExportResult {
  rows: number;
  bytes: number;
  seconds: number;
  /** The server's resident memory before the request, the most it reached during it, in MiB. */
  rssBeforeMb: number;
  rssMaxMb: number;
  rssGrowthMb: number;
  status: number;
}

/** The process's resident memory from /proc, in MiB. */
function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

/**
 * Times GET /v1/phone-numbers/export?format=csv of one organization's numbers on a server of
 * its own (started for this, on the bench database), reading the body as fast as it comes, and
 * samples the server's RSS every 50 ms meanwhile: a flat line is the export in constant memory.
 */
export async function timeExport(url: string, organizationId: string, port: number, log: (line: string) => void): Promise<ExportResult> {
  const dialtone = await openDialtone(loadConfig({}, { databaseUrl: url, logLevel: 'warn', databasePoolSize: 1 }), { logger: pino({ level: 'warn' }) });
  const { key } = await dialtone.services.keys.create(organizationId, 'bench export', ['phone_numbers:read']);
  // The numbers were just imported: plan the export on their statistics, as autovacuum would
  // have them a minute after such an import (with none, the planner sorts the whole organization per batch).
  await sql`ANALYZE phone_numbers`.execute(dialtone.database.db);
  await dialtone.close();
  const server = await startServer({
    name: 'dialtone-export',
    args: ['dist/cli/main.js', 'serve'],
    env: { DATABASE_URL: url, DIALTONE_DEMO: 'false', LOG_LEVEL: 'warn' },
    port,
    readyPath: '/readyz',
  });
  try {
    const pid = server.child.pid!;
    const rssBeforeMb = rssMb(pid);
    let rssMaxMb = rssBeforeMb;
    const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(pid))), 50);
    log('exporting as CSV ...');
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/v1/phone-numbers/export?format=csv`, { headers: { authorization: `Bearer ${key}` } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    rssMaxMb = Math.max(rssMaxMb, rssMb(pid));
    return { rows: lines - 1, bytes, seconds, rssBeforeMb, rssMaxMb, rssGrowthMb: rssMaxMb - rssBeforeMb, status: response.status };
  } finally {
    await server.stop();
  }
}

/** Alone, on a bench database that holds the organization: npx tsx bench/export.ts ORG_ID (DATABASE_URL as npm run bench). */
if (process.argv[1] === import.meta.filename) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dialtone_bench';
  const result = await timeExport(url, process.argv[2]!, 3905, (line) => process.stdout.write(`[bench] ${line}\n`));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
