import { loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { openDialtone } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { call } from './api.js';
import { cpuSeconds, DatabaseCpu } from './cpu.js';
import { startServer } from './processes.js';
import { recreateDatabase } from './seed.js';

/** What a bulk update of every number of an organization, by filter, costs on a real server. */
export interface BulkResult {
  numbers: number;
  /** From the job's creation to its completed_at, as the database recorded them. */
  seconds: number;
  numbersPerSecond: number;
  status: string;
  /** Events of the job's changes: one per number when each was changed once. */
  events: number;
  /** CPU time per number, in milliseconds, of the server process and of the Postgres backends serving its database. */
  serverCpuMsPerNumber: number;
  postgresCpuMsPerNumber: number;
  /** The machine's 1-minute load average when the job ended: wall time is shared with whatever else runs. */
  loadAverage: number;
}

const DEADLINE_MS = 30 * 60_000;
const CHUNK = 5_000;

/** Distinct valid US numbers of the areas the CLI import's dataset uses, tagged for the filter. */
function numbersOf(count: number): string[] {
  const areas = ['206', '214', '469', '650', '713'];
  return Array.from({ length: count }, (_, i) => {
    const n = Math.floor(i / areas.length);
    return `+1${areas[i % areas.length]}${200 + (Math.floor(n / 10_000) % 800)}${String(n % 10_000).padStart(4, '0')}`;
  });
}

/**
 * Seeds one organization with `count` numbers (through the import service), starts the real
 * server, asks it for an update of every number tagged `bulk` (filter and expected_count), and
 * waits for the job to complete: the server's own worker does the work, in batches.
 */
export async function benchBulk(url: string, count: number, port: number, log: (line: string) => void): Promise<BulkResult> {
  await recreateDatabase(url);
  const dialtone = await openDialtone(loadConfig({}, { databaseUrl: url, logLevel: 'warn' }), { logger: pino({ level: 'warn' }) });
  const org = await dialtone.services.orgs.create('Bench bulk');
  const { key } = await dialtone.services.keys.create(org.id, 'bench', ['phone_numbers:read', 'phone_numbers:write']);
  const numbers = numbersOf(count);
  for (let start = 0; start < numbers.length; start += CHUNK) {
    await dialtone.services.numbers.importBatch(org.id, numbers.slice(start, start + CHUNK).map((number) => ({ number, tags: ['bulk'] })));
  }
  // Plan the job on the numbers' statistics, as autovacuum would have them a minute after such
  // an import (this machine's server runs without autovacuum).
  await sql`ANALYZE phone_numbers`.execute(dialtone.database.db);
  await dialtone.close();
  log(`bulk: ${count.toLocaleString('en')} numbers seeded; starting the server`);
  const server = await startServer({
    name: 'dialtone',
    args: ['dist/cli/main.js', 'serve'],
    env: { DATABASE_URL: url, LOG_LEVEL: 'warn', DIALTONE_DEMO: 'false' },
    port,
    readyPath: '/readyz',
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backends = DatabaseCpu.ofUrl(url);
    const serverCpuBefore = cpuSeconds(server.child.pid!);
    const created = await call(server.baseUrl, 'POST', '/v1/phone-numbers/jobs', key, {
      action: 'update',
      filter: { tag: ['bulk'] },
      expected_count: count,
      set: { friendly_name: 'Bulk renamed', features: { call_recording: true } },
      add_tags: ['moved'],
    });
    if (created.status !== 202) throw new Error(`bulk job refused: ${created.status} ${JSON.stringify(created.body)}`);
    const deadline = Date.now() + DEADLINE_MS;
    let job = created.body;
    while (job.status === 'queued' || job.status === 'running') {
      if (Date.now() > deadline) throw new Error('bulk job did not complete in time');
      // Once a second, as the console polls: each poll counts the job's items by outcome.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      backends.sample();
      job = (await call(server.baseUrl, 'GET', `/v1/phone-numbers/jobs/${created.body.id}`, key)).body;
    }
    const serverCpu = cpuSeconds(server.child.pid!) - serverCpuBefore;
    const postgresCpu = backends.seconds();
    const seconds = (Date.parse(job.completed_at) - Date.parse(job.created_at)) / 1000;
    const events = await client.query<{ count: string }>(`SELECT count(*) FROM events WHERE actor->>'job_id' = $1 AND type = 'phone_number.updated'`, [job.id]);
    const result: BulkResult = {
      numbers: count,
      seconds,
      numbersPerSecond: count / seconds,
      status: job.status,
      events: Number(events.rows[0]!.count),
      serverCpuMsPerNumber: (serverCpu * 1000) / count,
      postgresCpuMsPerNumber: (postgresCpu * 1000) / count,
      loadAverage: loadavg()[0]!,
    };
    log(
      `bulk: ${count.toLocaleString('en')} numbers updated by filter in ${seconds.toFixed(1)} s (${result.numbersPerSecond.toFixed(0)}/s), ${result.events} events, ${job.status}; ` +
        `CPU per number: server ${result.serverCpuMsPerNumber.toFixed(2)} ms, postgres ${result.postgresCpuMsPerNumber.toFixed(2)} ms; load ${result.loadAverage.toFixed(2)}`,
    );
    return result;
  } finally {
    await client.end();
    await server.stop();
  }
}

// npx tsx bench/bulk.ts [N]: the bulk scenario alone (npm run build first).
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dialtone_bench_bulk';
  const count = Number(process.argv[2] ?? process.env.N ?? 100_000);
  benchBulk(url, count, 3107, (line) => process.stderr.write(`${line}\n`)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
