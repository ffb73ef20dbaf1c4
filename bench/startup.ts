import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './processes.js';
import { listPath } from './scenarios.js';
import { seedPglite } from './seed.js';

/**
 * npx tsx bench/startup.ts [--numbers N] [--runs R] [--dir DIR] [--entry FILE ...] [--profile DIR]
 * Seeds an embedded database once, then restarts `dialtone serve` on it R times and reports
 * each time from spawn to the first answered list request, and the median. With --dir the
 * seeded database is kept there and reused by the next run. Several --entry builds (default
 * dist/cli/main.js; another checkout's, say) take turns, so load on the machine weighs on
 * each alike.
 */
const { values: flags } = parseArgs({
  options: {
    numbers: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '7' },
    dir: { type: 'string' },
    entry: { type: 'string', multiple: true, default: ['dist/cli/main.js'] },
    profile: { type: 'string' },
  },
});

const PORT = 3903;
const log = (line: string) => process.stdout.write(`[startup] ${line}\n`);

/** The seeded directory and the big organization's key, seeding first if DIR holds none. */
async function seeded(dir: string, numbers: number): Promise<{ dataDir: string; key: string }> {
  const keyFile = join(dir, 'key');
  if (existsSync(keyFile)) return { dataDir: join(dir, 'pglite'), key: readFileSync(keyFile, 'utf8') };
  const { dataDir, big } = await seedPglite(dir, numbers, 1_000, log);
  writeFileSync(keyFile, big.key);
  return { dataDir, key: big.key };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const dir = flags.dir ?? mkdtempSync(join(tmpdir(), 'dialtone-startup-'));
  try {
    const { dataDir, key } = await seeded(dir, Number(flags.numbers));
    const entries = flags.entry;
    const times = new Map<string, number[]>(entries.map((entry) => [entry, []]));
    for (let run = 0; run < Number(flags.runs) * entries.length; run++) {
      const entry = entries[run % entries.length]!;
      const server = await startServer({
        name: 'dialtone',
        args: [entry, 'serve'],
        env: { DIALTONE_DATA_DIR: dataDir, DIALTONE_DEMO: 'false', LOG_LEVEL: 'warn' },
        port: PORT,
        readyPath: listPath({}),
        headers: { authorization: `Bearer ${key}` },
        ...(flags.profile ? { profileDir: flags.profile } : {}),
      });
      await server.stop();
      times.get(entry)!.push(server.readyMs);
      log(`${entry} restart ${times.get(entry)!.length}: ${server.readyMs.toFixed(0)} ms`);
    }
    for (const [entry, ms] of times) {
      const spread = `${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)}`;
      log(`${entry}: median ${median(ms).toFixed(0)} ms over ${ms.length} restarts (${spread} ms)`);
    }
  } finally {
    if (!flags.dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
