import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startServer } from './processes.js';

/**
 * npx tsx bench/flood.ts [--connections 300] [--seconds 15] [--probe /livez] [--cli dist/cli/main.js]
 * (npm run build first)
 *
 * A flood on the embedded database, which runs every query on the server's one thread: many
 * more connections than the database queue takes, for a while, while a liveness probe asks
 * /livez ten times a second. Prints what was served, what was shed (503 with Retry-After) and
 * how long the probe waited. A server that sheds early keeps the probe answered in
 * milliseconds and serves what it takes at a bounded latency; one that queues everything
 * answers late, probe included.
 */
const { values: flags } = parseArgs({
  options: { connections: { type: 'string' }, seconds: { type: 'string' }, probe: { type: 'string' }, cli: { type: 'string' } },
});
const CONNECTIONS = Number(flags.connections ?? 300);
const SECONDS = Number(flags.seconds ?? 15);
const ADMIN = 'bench-flood-admin-token-0123456789';
const PORT = 3903;
/** The liveness path, and the CLI to start: another build's can be measured the same way. */
const PROBE = flags.probe ?? '/livez';
const CLI = flags.cli ?? join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');

async function post(baseUrl: string, path: string, token: string, body: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}

/** Asks the probe path every 100 ms until stopped; the wait of each answer, in ms. */
function probe(url: string): { stop(): Promise<number[]> } {
  const waits: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).arrayBuffer();
      } catch {
        /* a probe that got no answer counts with the time it waited */
      }
      waits.push(performance.now() - started);
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return waits.sort((a, b) => a - b);
    },
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-flood-'));
const server = await startServer({
  name: 'dialtone',
  args: [CLI, 'serve'],
  env: { DIALTONE_DATA_DIR: dataDir, DIALTONE_ADMIN_TOKEN: ADMIN, DIALTONE_DEMO: 'false', LOG_LEVEL: 'warn' },
  port: PORT,
  readyPath: PROBE,
});
try {
  const org = await post(server.baseUrl, '/v1/organizations', ADMIN, { name: 'Flood' });
  const { key } = await post(server.baseUrl, `/v1/organizations/${org.id}/api-keys`, ADMIN, { scopes: ['phone_numbers:read', 'phone_numbers:write'] });
  for (let i = 0; i < 100; i++) await post(server.baseUrl, '/v1/phone-numbers', key, { number: `+1415555${2000 + i}` });

  const prober = probe(`${server.baseUrl}${PROBE}`);
  const result = await autocannon({
    url: `${server.baseUrl}/v1/phone-numbers?limit=100`,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 10,
    headers: { authorization: `Bearer ${key}` },
  });
  const waits = await prober.stop();
  const line = (label: string, value: string) => process.stdout.write(`[flood] ${label.padEnd(22)} ${value}\n`);
  line('connections, seconds', `${CONNECTIONS}, ${SECONDS}`);
  line('served (2xx)', `${result['2xx']} (${(result['2xx'] / SECONDS).toFixed(0)}/s)`);
  line('shed (5xx)', `${result['5xx']}`);
  line('timeouts (10 s)', `${result.timeouts}`);
  line('latency p50/p99/max', `${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} ms`);
  line(`${PROBE} p50/p99/max`, `${quantile(waits, 0.5).toFixed(1)} / ${quantile(waits, 0.99).toFixed(1)} / ${(waits.at(-1) ?? NaN).toFixed(1)} ms (${waits.length} probes)`);
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
