import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { expectCreated } from './api.js';
import { cpuSeconds, DatabaseCpu } from './cpu.js';
import { startServer } from './processes.js';
import { recreateDatabase } from './seed.js';

/**
 * What a change of a number costs: PATCH requests that each really change the number (its
 * name alternates between two values, so no request finds the number already as asked), from
 * many connections spread over many numbers, on a real server over a fresh Postgres database.
 * Reported per request: the server's and the database backends' CPU time, the steadiest figure
 * on a shared machine, beside the rate and latencies.
 *
 * The server is started from a build's CLI entry (--server), and the database is seeded through
 * the public API only, so the same run can be made against an older build: the cost of a change
 * before and after a feature, on the same machine, minutes apart.
 */
export interface ChangesResult {
  build: string;
  kind: ChangeKind;
  numbers: number;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  serverCpuMsPerRequest: number;
  postgresCpuMsPerRequest: number;
  /** WAL the server wrote per request: the write's size, index entries included, steady on a busy machine (whole cluster: run it on a server of its own). */
  walBytesPerRequest: number;
  loadAverage: number;
}

async function walPosition(client: pg.Client): Promise<bigint> {
  const { rows } = await client.query<{ lsn: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS lsn`);
  return BigInt(rows[0]!.lsn);
}

/**
 * What a change changes: the name (an indexed column: every index gets an entry) or the voice
 * routing (no indexed column: a heap-only update when the row's page has room).
 */
export type ChangeKind = 'rename' | 'routing';

const BODIES: Record<ChangeKind, [string, string]> = {
  rename: [JSON.stringify({ friendly_name: 'Line A' }), JSON.stringify({ friendly_name: 'Line B' })],
  routing: [
    JSON.stringify({ voice: { handler: 'webhook', url: 'https://example.com/calls/a' } }),
    JSON.stringify({ voice: { handler: 'webhook', url: 'https://example.com/calls/b' } }),
  ],
};

/** PATCHes changing the numbers in turn, each value the other of two: every request changes its number. */
function changingRequests(ids: readonly string[], kind: ChangeKind): autocannon.Request {
  let next = 0;
  return {
    method: 'PATCH',
    setupRequest: (request) => {
      const turn = next++;
      const id = ids[turn % ids.length]!;
      const body = BODIES[kind][Math.floor(turn / ids.length) % 2]!;
      return { ...request, path: `/v1/phone-numbers/${id}`, body };
    },
  };
}

async function drive(baseUrl: string, key: string, ids: readonly string[], kind: ChangeKind, connections: number, seconds: number) {
  return autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    requests: [changingRequests(ids, kind)],
  });
}

export async function benchChanges(options: {
  url: string;
  kind: ChangeKind;
  server: string;
  numbers: number;
  connections: number;
  seconds: number;
  port: number;
  log: (line: string) => void;
}): Promise<ChangesResult> {
  const { url, log } = options;
  await recreateDatabase(url);
  const adminToken = randomBytes(24).toString('base64url');
  const server = await startServer({
    name: 'dialtone-changes',
    args: [options.server, 'serve'],
    env: { DATABASE_URL: url, LOG_LEVEL: 'warn', DIALTONE_DEMO: 'false', DIALTONE_ADMIN_TOKEN: adminToken },
    port: options.port,
    readyPath: '/readyz',
  });
  try {
    const org = await expectCreated(server.baseUrl, '/v1/organizations', adminToken, { name: 'Bench changes' });
    const { key } = await expectCreated(server.baseUrl, `/v1/organizations/${org.id}/api-keys`, adminToken, {
      name: 'bench',
      scopes: ['phone_numbers:read', 'phone_numbers:write'],
    });
    const ids: string[] = [];
    for (let i = 0; i < options.numbers; i++) {
      const number = `+1206555${String(1000 + i).padStart(4, '0')}`;
      const id = (await expectCreated(server.baseUrl, '/v1/phone-numbers', key, { number })).id as string;
      ids.push(id);
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('ANALYZE');
    log(`changes: ${options.numbers} numbers imported; warming up`);
    await drive(server.baseUrl, key, ids, options.kind, options.connections, 2);
    await client.query('CHECKPOINT');
    const walBefore = await walPosition(client);

    const databaseCpu = DatabaseCpu.ofUrl(url);
    const sampler = setInterval(() => databaseCpu.sample(), 1000);
    const serverCpuBefore = cpuSeconds(server.child.pid!);
    const result = await drive(server.baseUrl, key, ids, options.kind, options.connections, options.seconds);
    clearInterval(sampler);
    const serverCpu = cpuSeconds(server.child.pid!) - serverCpuBefore;
    const postgresCpu = databaseCpu.seconds();
    const walBytes = Number((await walPosition(client)) - walBefore);
    await client.end();
    const requests = result.requests.total;
    const changes: ChangesResult = {
      build: options.server,
      kind: options.kind,
      numbers: options.numbers,
      connections: options.connections,
      seconds: options.seconds,
      requests,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
      serverCpuMsPerRequest: (serverCpu * 1000) / requests,
      postgresCpuMsPerRequest: (postgresCpu * 1000) / requests,
      walBytesPerRequest: Math.round(walBytes / requests),
      loadAverage: loadavg()[0]!,
    };
    log(
      `changes (${options.kind}): ${changes.requestsPerSecond.toFixed(0)} req/s, p50 ${changes.p50} ms, p99 ${changes.p99} ms, ${changes.errors} errors; ` +
        `CPU per change: server ${changes.serverCpuMsPerRequest.toFixed(2)} ms, postgres ${changes.postgresCpuMsPerRequest.toFixed(2)} ms; WAL ${changes.walBytesPerRequest} bytes; load ${changes.loadAverage.toFixed(2)}`,
    );
    return changes;
  } finally {
    await server.stop();
  }
}

/**
 * npx tsx bench/changes.ts [--change rename|routing] [--server dist/cli/main.js] [--numbers 1000] [--connections 20] [--seconds 10]
 * on a bench database (DATABASE_URL, whose name must say bench; npm run build first).
 */
if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      change: { type: 'string', default: 'rename' },
      server: { type: 'string', default: 'dist/cli/main.js' },
      numbers: { type: 'string', default: '1000' },
      connections: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '10' },
      port: { type: 'string', default: '3911' },
    },
  });
  benchChanges({
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dialtone_bench_changes',
    kind: values.change === 'routing' ? 'routing' : 'rename',
    server: resolve(values.server),
    numbers: Number(values.numbers),
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    port: Number(values.port),
    log: (line) => process.stderr.write(`${line}\n`),
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
