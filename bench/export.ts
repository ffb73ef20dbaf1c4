import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { openDialtone } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { cpuSeconds, DatabaseCpu, rssMb } from './cpu.js';
import { timeCliImport } from './import.js';
import { startServer } from './processes.js';
import { seedPostgres } from './seed.js';

export interface ExportResult {
  rows: number;
  bytes: number;
  seconds: number;
  /** The server's resident memory before the request, the most it reached during it, in MiB. */
  rssBeforeMb: number;
  rssMaxMb: number;
  rssGrowthMb: number;
  /**
   * How much the RSS rose over the second half of the export (its highest in the second half
   * against its highest in the first): near zero when the memory is flat, the export's rows held
   * nowhere; a leak or a growing buffer keeps rising with the rows.
   */
  rssSecondHalfGrowthMb: number;
  /** CPU seconds (user + system) the server process spent on the request, and the database's backends. */
  serverCpuSeconds: number;
  databaseCpuSeconds: number;
  status: number;
}

/**
 * Times GET /v1/phone-numbers/export?format=csv of one organization's numbers on a server of
 * its own (started for this, on the bench database), reading the body as fast as it comes, and
 * samples the server's RSS every 50 ms meanwhile: a flat line is the export in constant memory.
 * The CPU time of the server and of the database's backends (when the server runs on this
 * machine) is counted too: on a busy machine it says more than the wall time.
 */
export async function timeExport(
  url: string,
  organizationId: string,
  port: number,
  log: (line: string) => void,
  profileDir?: string,
): Promise<ExportResult> {
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
    ...(profileDir ? { profileDir } : {}),
  });
  try {
    const pid = server.child.pid!;
    const rssBeforeMb = rssMb(pid);
    const databaseCpu = DatabaseCpu.ofUrl(url);
    let rssMaxMb = rssBeforeMb;
    const samples: Array<{ at: number; rss: number }> = [];
    const sampler = setInterval(() => {
      const rss = rssMb(pid);
      samples.push({ at: performance.now(), rss });
      rssMaxMb = Math.max(rssMaxMb, rss);
      if (samples.length % 20 === 0) databaseCpu.sample();
    }, 50);
    log('exporting as CSV ...');
    const serverCpuBefore = cpuSeconds(pid);
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/v1/phone-numbers/export?format=csv`, { headers: { authorization: `Bearer ${key}` } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    const finished = performance.now();
    const seconds = (finished - started) / 1000;
    clearInterval(sampler);
    rssMaxMb = Math.max(rssMaxMb, rssMb(pid));
    const halfway = started + (finished - started) / 2;
    const highest = (from: number, to: number) =>
      samples.filter((s) => s.at >= from && s.at <= to).reduce((max, s) => Math.max(max, s.rss), rssBeforeMb);
    const serverCpuSeconds = cpuSeconds(pid) - serverCpuBefore;
    const databaseCpuSeconds = databaseCpu.seconds();
    return {
      rows: lines - 1,
      bytes,
      seconds,
      rssBeforeMb,
      rssMaxMb,
      rssGrowthMb: rssMaxMb - rssBeforeMb,
      rssSecondHalfGrowthMb: Math.max(0, highest(halfway, finished) - highest(started, halfway)),
      serverCpuSeconds,
      databaseCpuSeconds,
      status: response.status,
    };
  } finally {
    await server.stop();
  }
}

/**
 * Alone, on a bench database (DATABASE_URL, whose name must say bench):
 *   npx tsx bench/export.ts --seed N [--port P]   seeds N numbers over 100 organizations, imports N more into one with the CLI, exports that one
 *   npx tsx bench/export.ts --org ID [--port P]   exports an organization the database already holds
 * --profile DIR writes the server's V8 CPU profile there.
 */
if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, org: { type: 'string' }, port: { type: 'string', default: '3905' }, profile: { type: 'string' } } });
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dialtone_bench';
  const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
  let organizationId = values.org;
  if (values.seed) {
    const count = Number(values.seed);
    await seedPostgres(url, count, 100, log);
    const work = mkdtempSync(join(tmpdir(), 'dialtone-export-'));
    try {
      const imported = await timeCliImport(url, count, work, log);
      log(`imported ${imported.imported} numbers into ${imported.organizationId} in ${imported.seconds.toFixed(1)} s`);
      organizationId = imported.organizationId;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  if (!organizationId) throw new Error('give --org ID or --seed N');
  const result = await timeExport(url, organizationId, Number(values.port), log, values.profile);
  process.stdout.write(`${JSON.stringify({ ...result, loadAverage: loadavg()[0] })}\n`);
}
