import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from '../src/db/pglite-dialect.js';
import type { Database } from '../src/db/schema.js';
import { benchParsers } from './parsers.js';
import { captureBaselineSpec, type BaselineSpec, type Statement } from './capture.js';
import { timeExport } from './export.js';
import { timeCliImport } from './import.js';
import { pgbouncerBinary, startPgBouncer, type PgBouncer } from '../test/support/pgbouncer.js';
import { benchBulk } from './bulk.js';
import { benchConsole } from './console.js';
import { driveAll, type LoadResult } from './load.js';
import { startServer, type ServerProcess } from './processes.js';
import { evaluateTargets, loadAverage, machine, printTable, writeReport, type RunReport, type ScenarioResult } from './report.js';
import { buildScenarios, listOptions, listPath, PATCH_BODY, walkPages, type Scenario } from './scenarios.js';
import { seedPglite, seedPostgres, type Seeded } from './seed.js';
import { timeStatements, type RunSql } from './sql-timing.js';
import { benchWebhooks } from './webhooks.js';

/**
 * npm run bench [-- --pglite] [--numbers N] [--seconds S] [--connections C] [--processes P] [--pgbouncer] [--no-import] [--no-webhooks] [--profile DIR]
 * Seeds a database, starts the real server and a bare node:http baseline on loopback, drives
 * each with autocannon, times webhook delivery of a burst of changes, and writes
 * bench/results/<driver>-<N>.{json,md}.
 */
const { values: flags } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    numbers: { type: 'string' },
    organizations: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    'import-rows': { type: 'string' },
    'no-import': { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    'no-webhooks': { type: 'boolean', default: false },
    'no-bulk': { type: 'boolean', default: false },
    'bulk-numbers': { type: 'string' },
    'no-console': { type: 'boolean', default: false },
    'console-numbers': { type: 'string' },
    'webhook-changes': { type: 'string' },
    profile: { type: 'string' },
    processes: { type: 'string' },
    pgbouncer: { type: 'boolean', default: false },
  },
});

function count(flag: string | undefined, env: string | undefined, fallback: number): number {
  const raw = flag ?? env;
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`expected a positive whole number, got "${raw}"`);
  return value;
}

const env = process.env;
const driver = flags.pglite ? 'pglite' : 'postgres';
const options = {
  numbers: count(flags.numbers, env.N, driver === 'pglite' ? 100_000 : 1_000_000),
  organizations: count(flags.organizations, env.BENCH_ORGS, 1_000),
  seconds: count(flags.seconds, env.BENCH_SECONDS, 10),
  warmup: count(flags.warmup, env.BENCH_WARMUP, 2),
  connections: count(flags.connections, env.BENCH_CONNECTIONS, 20),
  processes: count(flags.processes, env.BENCH_PROCESSES, 1),
  pgbouncer: flags.pgbouncer,
};
if (driver === 'pglite' && (options.processes > 1 || options.pgbouncer)) {
  throw new Error('--processes and --pgbouncer are for Postgres: the embedded database is one process’s');
}
/** PgBouncer's server connections for the bench database: as many as one process's pool. */
const PGBOUNCER_SERVER_CONNECTIONS = 20;
const importRows = count(flags['import-rows'], env.BENCH_IMPORT_ROWS, options.numbers);
const databaseUrl = env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/dialtone_bench';
const RESULTS_DIR = join(import.meta.dirname, 'results');
/** Dialtone's processes listen on 3901, 3911, 3921, … */
const PORTS = { dialtone: 3901, baseline: 3902, webhookReceiver: 3904, export: 3905 };
const webhookChanges = count(flags['webhook-changes'], env.BENCH_WEBHOOK_CHANGES, 10_000);
/** The webhook figures need an operator token (to create their organization) and loopback egress to the receiver. */
const webhookEnv: Record<string, string> = flags['no-webhooks']
  ? {}
  : { DIALTONE_ADMIN_TOKEN: randomBytes(24).toString('base64url'), DIALTONE_EGRESS_ALLOW: `127.0.0.1:${PORTS.webhookReceiver}` };

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

/** One timed run of a scenario on one server, after a short warm-up. */
async function measureOne(server: Servers, key: string, scenario: Scenario): Promise<LoadResult> {
  const load = { key, requests: scenario.requests, connections: scenario.connections ?? options.connections };
  await driveAll(server.baseUrls, { ...load, seconds: options.warmup });
  const result = await driveAll(server.baseUrls, { ...load, seconds: options.seconds });
  log(`${server.name} ${scenario.name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors (load ${loadAverage()[0]})`);
  return result;
}

/**
 * Each scenario on Dialtone, then at once on the baseline: other work on the machine then
 * weighs on both figures of a ratio alike.
 */
async function measure(key: string, scenarios: Scenario[], dialtone: Servers, baseline: ServerProcess | null): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const measured = await measureOne(dialtone, key, scenario);
    const base = baseline ? await measureOne({ ...baseline, baseUrls: [baseline.baseUrl] }, key, scenario) : null;
    results.push({ name: scenario.name, title: scenario.title, dialtone: measured, baseline: base });
  }
  // Let requests the load generator gave up on at its deadline finish before the servers stop.
  await sleep(1_000);
  return results;
}

/** The server processes a scenario's load is spread over: Dialtone's (one or --processes), or the baseline. */
interface Servers {
  name: string;
  /** The first process's. */
  baseUrl: string;
  baseUrls: string[];
  readyMs: number;
  stop(): Promise<void>;
}

/** Dialtone's processes, started together as several instances behind a load balancer would be. */
async function startDialtone(target: Record<string, string>, key: string): Promise<Servers> {
  const processes = await Promise.all(
    Array.from({ length: options.processes }, (_, i) =>
      startServer({
        name: options.processes > 1 ? `dialtone#${i + 1}` : 'dialtone',
        args: ['dist/cli/main.js', 'serve'],
        env: { ...target, ...webhookEnv, DIALTONE_DEMO: 'false', LOG_LEVEL: 'warn' },
        port: PORTS.dialtone + 10 * i,
        readyPath: listPath({}),
        headers: { authorization: `Bearer ${key}` },
        ...(flags.profile ? { profileDir: join(flags.profile, `dialtone-${i + 1}`) } : {}),
      }),
    ),
  );
  return {
    name: 'dialtone',
    baseUrl: processes[0]!.baseUrl,
    baseUrls: processes.map((p) => p.baseUrl),
    readyMs: Math.max(...processes.map((p) => p.readyMs)),
    stop: async () => void (await Promise.all(processes.map((p) => p.stop()))),
  };
}

function startBaseline(target: Record<string, string>, specFile: string): Promise<ServerProcess> {
  return startServer({
    name: 'baseline',
    args: ['--import', 'tsx', join(import.meta.dirname, 'baseline-server.ts')],
    env: { ...target, BENCH_SPEC: specFile },
    port: PORTS.baseline,
    readyPath: '/healthz',
    ...(flags.profile ? { profileDir: join(flags.profile, 'baseline') } : {}),
  });
}

async function seed(work: string): Promise<Seeded & { target: Record<string, string> }> {
  log(`${driver}: ${options.numbers.toLocaleString('en')} numbers, ${options.organizations} organizations, ${options.connections} connections, ${options.seconds} s per scenario`);
  const seeded: Seeded & { dataDir?: string } =
    driver === 'postgres'
      ? await seedPostgres(databaseUrl, options.numbers, options.organizations, log)
      : await seedPglite(work, options.numbers, options.organizations, log);
  log(`seeded in ${(seeded.loadMs / 1000).toFixed(1)} s (+ ${(seeded.analyzeMs / 1000).toFixed(1)} s VACUUM ANALYZE)`);
  return { ...seeded, target: seeded.dataDir ? { DIALTONE_DATA_DIR: seeded.dataDir } : { DATABASE_URL: databaseUrl } };
}

/**
 * Starts Dialtone, walks to the deep page for its cursor and sample numbers, and captures the
 * baseline's SQL. The embedded database is one process's at a time: Dialtone stops while the
 * SQL is captured, starts again (the restart figure), and the baseline gets a copy.
 */
async function prepare(seeded: Seeded & { target: Record<string, string> }, work: string, dialtoneTarget: Record<string, string>) {
  const { key } = seeded.big;
  let dialtone = await startDialtone(dialtoneTarget, key);
  const startupMs = [dialtone.readyMs];
  const walk = await walkPages(dialtone.baseUrl, key);
  log(`walked to page ${walk.page} by cursor in ${(walk.walkMs / 1000).toFixed(1)} s; ${walk.samples.length} sample numbers`);
  const { scenarios, lists } = buildScenarios(walk.cursor, walk.page, walk.samples);

  const dataDir = seeded.target.DIALTONE_DATA_DIR;
  if (dataDir) await dialtone.stop();
  const pglite = dataDir ? await PGlite.create(dataDir, { extensions: { pg_trgm, btree_gin } }) : undefined;
  const dialect = (): Dialect =>
    pglite ? new PGliteDialect(pglite, { maxWaitMs: 60_000, maxWaiting: 10_000 }) : new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) });
  const spec = await captureBaselineSpec(dialect(), {
    key,
    organizationId: seeded.big.org.id,
    sample: walk.samples[0]!,
    patch: JSON.parse(PATCH_BODY) as { friendly_name: string },
    lists: lists.map((l) => ({ path: l.path, options: listOptions(l.query) })),
  });
  const bigCount = await countNumbers(dialect(), seeded.big.org.id);
  const sql = await withSqlRunner(pglite, (run) => timeStatements(run, statementsByScenario(scenarios, spec)));
  const specFile = join(work, 'baseline-spec.json');
  writeFileSync(specFile, JSON.stringify(spec));

  let baselineTarget = seeded.target;
  if (pglite && dataDir) {
    await pglite.close();
    if (!flags['no-baseline']) baselineTarget = { DIALTONE_DATA_DIR: copyDataDir(dataDir) };
    dialtone = await startDialtone(dialtoneTarget, key);
    startupMs.push(dialtone.readyMs);
  }
  const baseline = flags['no-baseline'] ? null : await startBaseline(baselineTarget, specFile);
  return { dialtone, baseline, startupMs, walk, scenarios, bigCount, sql };
}

/** One connection for all the timings, as a server's pool keeps: a new one would plan with cold caches. */
async function withSqlRunner<T>(pglite: PGlite | undefined, use: (run: RunSql) => Promise<T>): Promise<T> {
  if (pglite) return use(async (text, parameters) => (await pglite.query<Record<string, unknown>>(text, parameters)).rows);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(async (text, parameters) => (await client.query(text, parameters)).rows);
  } finally {
    await client.end();
  }
}

/** The statements each read scenario makes the database run, besides the key check. */
function statementsByScenario(scenarios: Scenario[], spec: BaselineSpec): Record<string, Statement[]> {
  const byScenario: Record<string, Statement[]> = { 'key check': [spec.auth], lookup: [spec.lookup], retrieve: [spec.retrieve] };
  for (const scenario of scenarios) {
    const lists = scenario.requests.flatMap((r) => spec.lists[r.path] ?? []);
    if (lists.length) byScenario[scenario.name] = lists;
  }
  return byScenario;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'dialtone-bench-'));
  const startedAt = new Date().toISOString();
  const host = machine();
  benchParsers(RESULTS_DIR, log);
  let bouncer: PgBouncer | undefined;
  try {
    const seeded = await seed(work);
    bouncer = options.pgbouncer ? await startBouncer() : undefined;
    const dialtoneTarget = bouncer ? { DATABASE_URL: bouncer.url } : seeded.target;
    const { dialtone, baseline, startupMs, walk, scenarios, bigCount, sql } = await prepare(seeded, work, dialtoneTarget);
    const results = await measure(seeded.big.key, scenarios, dialtone, baseline);
    await baseline?.stop();
    const adminToken = webhookEnv.DIALTONE_ADMIN_TOKEN;
    const webhooks = adminToken ? await measureWebhooks(dialtone, adminToken) : undefined;
    await dialtone.stop();

    const report: RunReport = {
      driver,
      startedAt,
      machine: host,
      options: {
        numbers: options.numbers,
        organizations: options.organizations,
        connections: options.connections,
        seconds: options.seconds,
        processes: options.processes,
        pgbouncer: options.pgbouncer,
      },
      seeding: {
        numbers: seeded.numbers,
        loadSeconds: seeded.loadMs / 1000,
        copySeconds: seeded.copyMs / 1000,
        indexSeconds: seeded.indexMs / 1000,
        rowsPerSecond: seeded.numbers / (seeded.loadMs / 1000),
        analyzeSeconds: seeded.analyzeMs / 1000,
      },
      bigOrganizationNumbers: bigCount,
      deepPage: walk.page,
      startupMs,
      scenarios: results,
      sql,
      targets: [],
      ...(webhooks ? { webhooks } : {}),
    };
    if (driver === 'postgres' && !flags['no-import']) {
      report.import = await timeCliImport(databaseUrl, importRows, work, log);
      log(`import: ${report.import.seconds.toFixed(1)} s, exit ${report.import.exitCode}`);
      const exported = await timeExport(databaseUrl, report.import.organizationId, PORTS.export, log);
      report.export = exported;
      log(
        `export: ${exported.rows.toLocaleString('en')} rows, ${(exported.bytes / 2 ** 20).toFixed(0)} MiB in ${exported.seconds.toFixed(1)} s; ` +
          `server RSS ${exported.rssBeforeMb.toFixed(0)} → max ${exported.rssMaxMb.toFixed(0)} MiB`,
      );
    }
    if (driver === 'postgres' && !flags['no-bulk']) {
      // On a database of its own (the bench database's name with _bulk), so the seeded inventory stays as it was.
      const bulkUrl = new URL(databaseUrl);
      bulkUrl.pathname = `${bulkUrl.pathname}_bulk`;
      report.bulk = await benchBulk(bulkUrl.toString(), count(flags['bulk-numbers'], env.BENCH_BULK_NUMBERS, 100_000), PORTS.dialtone, log);
    }
    if (driver === 'postgres' && !flags['no-console']) {
      // One organization of a million numbers, on a database of its own (the bench database's name with _console).
      const consoleUrl = new URL(databaseUrl);
      consoleUrl.pathname = `${consoleUrl.pathname}_console`;
      report.console = await benchConsole(consoleUrl.toString(), count(flags['console-numbers'], env.BENCH_CONSOLE_NUMBERS, 1_000_000), PORTS.dialtone, log);
    }
    report.machine.loadAverageAtEnd = loadAverage();
    report.targets = evaluateTargets(report);
    process.stdout.write(`\n${printTable(report)}\n\n`);
    for (const file of writeReport(report, RESULTS_DIR)) log(`wrote ${file}`);
  } finally {
    await bouncer?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** PgBouncer in transaction pooling mode in front of the bench database, for --pgbouncer. */
async function startBouncer(): Promise<PgBouncer> {
  const binary = pgbouncerBinary();
  if (!binary) throw new Error('--pgbouncer needs pgbouncer (apt-get install -y pgbouncer)');
  const bouncer = await startPgBouncer(binary, databaseUrl, PGBOUNCER_SERVER_CONNECTIONS);
  log(`PgBouncer (transaction pooling, ${PGBOUNCER_SERVER_CONNECTIONS} server connections) at ${bouncer.url}`);
  return bouncer;
}

/** After the other scenarios, on the same server: a burst of changes and their webhook deliveries. */
async function measureWebhooks(dialtone: Servers, adminToken: string) {
  const result = await benchWebhooks({
    baseUrl: dialtone.baseUrl,
    adminToken,
    receiverPort: PORTS.webhookReceiver,
    changes: webhookChanges,
    numbers: Math.min(1_000, webhookChanges),
    concurrency: options.connections,
    deadlineMs: 10 * 60_000,
    log,
  });
  log(
    `webhooks: ${result.delivered} of ${result.changes} delivered in ${result.deliverySeconds.toFixed(1)} s (${result.deliveredPerSecond.toFixed(0)}/s), ` +
      `delay p50 ${result.delayMs.p50} ms, p99 ${result.delayMs.p99} ms, ${result.duplicates} duplicates, ${result.signatures.valid}/${result.signatures.checked} signatures valid`,
  );
  return result;
}

function copyDataDir(dataDir: string): string {
  const copy = `${dataDir}-baseline`;
  cpSync(dataDir, copy, { recursive: true, filter: (source) => !source.endsWith('dialtone.lock') && !source.endsWith('postmaster.pid') });
  return copy;
}

async function countNumbers(dialect: Dialect, organizationId: string): Promise<number> {
  const db = new Kysely<Database>({ dialect });
  try {
    const row = await db
      .selectFrom('phone_numbers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.destroy();
  }
}

await main();
