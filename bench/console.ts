import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { sql } from 'kysely';
import pino from 'pino';
import { openDialtone } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { startServer } from './processes.js';
import { seedPostgres } from './seed.js';

/** Debian's Chromium, as the browser tests use it. */
const CHROMIUM = '/usr/bin/chromium';
const PAGE_CHANGES = 20;
const VIEWS = 5;
const SEARCHES = ['4155', '2125', '3035', '6175', '7205'];

export interface Timings {
  median: number;
  p90: number;
  max: number;
  samples: number;
}

export interface ConsoleResult {
  /** Numbers of the one organization the console shows. */
  numbers: number;
  /** A new browser profile: from opening the console to its sign-in form, then from signing in to the first page of numbers. */
  coldLoadMs: number;
  signInMs: number;
  /** Signed in: from opening the numbers view to its first page shown. */
  firstViewMs: Timings;
  /** From a click on "Next page" to the next page shown, page after page. */
  pageChangeMs: Timings;
  /** From submitting a search by digits of the number to its results shown. */
  searchMs: Timings;
  loadAverage: number;
}

function timings(values: number[]): Timings {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p90: at(0.9), max: sorted.at(-1)!, samples: sorted.length };
}

/** The page the table shows now, by the number its first row links to. */
const firstRow = (page: Page) => page.locator('table.numbers tbody th a').first().getAttribute('href');

/** The little of the DOM the function below reads in the page (this file is compiled for Node, without the DOM's types). */
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };

/** Waits, frame by frame, until the table has loaded a page whose first row is not `before`. */
async function shownAfter(page: Page, before: string | null): Promise<void> {
  await page.waitForFunction(
    (previous) => {
      const wrap = document.querySelector('.table-wrap');
      const first = document.querySelector('table.numbers tbody th a');
      return wrap !== null && wrap.getAttribute('aria-busy') === 'false' && first !== null && first.getAttribute('href') !== previous;
    },
    before,
    { polling: 'raf', timeout: 30_000 },
  );
}

async function seedOne(url: string, count: number, log: (line: string) => void): Promise<{ key: string; numbers: number }> {
  const seeded = await seedPostgres(url, count, 1, log);
  log(`console: ${count.toLocaleString('en')} numbers in one organization in ${(seeded.loadMs / 1000).toFixed(1)} s; starting the server`);
  return { key: seeded.big.key, numbers: count };
}

/** The organization an earlier run seeded (--reuse), with a new key: seeding a million numbers again takes minutes. */
async function seededBefore(url: string): Promise<{ key: string; numbers: number }> {
  const dialtone = await openDialtone(loadConfig({}, { databaseUrl: url, logLevel: 'warn' }), { logger: pino({ level: 'warn' }) });
  try {
    const { rows } = await sql<{ organization_id: string; numbers: string }>`
      SELECT organization_id, count(*) AS numbers FROM phone_numbers GROUP BY organization_id ORDER BY count(*) DESC LIMIT 1`.execute(dialtone.database.db);
    const biggest = rows[0];
    if (!biggest) throw new Error('--reuse: the console bench database holds no numbers; run once without it');
    const { key } = await dialtone.services.keys.create(biggest.organization_id, 'bench console', ['phone_numbers:read']);
    return { key, numbers: Number(biggest.numbers) };
  } finally {
    await dialtone.close();
  }
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * The console's speed on a big inventory, in Debian's Chromium driven by playwright-core: one
 * organization of `count` numbers seeded by COPY into a database of its own, the real server,
 * and a real browser profile signing in, opening the numbers view, paging by cursor and
 * searching by digits. Each figure is wall time in the browser, request and rendering together.
 */
export async function benchConsole(
  url: string,
  count: number,
  port: number,
  log: (line: string) => void,
  options: { reuse?: boolean } = {},
): Promise<ConsoleResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  const tenant = options.reuse ? await seededBefore(url) : await seedOne(url, count, log);
  const server = await startServer({
    name: 'dialtone',
    args: ['dist/cli/main.js', 'serve'],
    env: { DATABASE_URL: url, LOG_LEVEL: 'warn', DIALTONE_DEMO: 'false' },
    port,
    readyPath: '/readyz',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const coldLoadMs = await timed(async () => {
      await page.goto(`${server.baseUrl}/`);
      await page.locator('#api-key').waitFor();
    });
    await page.locator('#api-key').fill(tenant.key);
    const signInMs = await timed(async () => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await shownAfter(page, null);
    });

    const views: number[] = [];
    for (let i = 0; i < VIEWS; i++) {
      views.push(
        await timed(async () => {
          await page.goto(`${server.baseUrl}/numbers`);
          await shownAfter(page, null);
        }),
      );
    }

    const changes: number[] = [];
    for (let i = 0; i < PAGE_CHANGES; i++) {
      const before = await firstRow(page);
      changes.push(
        await timed(async () => {
          await page.getByRole('button', { name: 'Next page' }).click();
          await shownAfter(page, before);
        }),
      );
    }

    const searches: number[] = [];
    for (const digits of SEARCHES) {
      await page.goto(`${server.baseUrl}/numbers`);
      await shownAfter(page, null);
      const before = await firstRow(page);
      await page.locator('#filter-search').fill(digits);
      searches.push(
        await timed(async () => {
          await page.locator('#filter-search').press('Enter');
          await shownAfter(page, before);
        }),
      );
    }

    const result: ConsoleResult = {
      numbers: tenant.numbers,
      coldLoadMs,
      signInMs,
      firstViewMs: timings(views),
      pageChangeMs: timings(changes),
      searchMs: timings(searches),
      loadAverage: loadavg()[0]!,
    };
    log(
      `console: sign-in form ${coldLoadMs.toFixed(0)} ms after opening, first page ${signInMs.toFixed(0)} ms after signing in; ` +
        `numbers view ${result.firstViewMs.median.toFixed(0)} ms (max ${result.firstViewMs.max.toFixed(0)}), ` +
        `page change ${result.pageChangeMs.median.toFixed(0)} ms (p90 ${result.pageChangeMs.p90.toFixed(0)}, max ${result.pageChangeMs.max.toFixed(0)}), ` +
        `search ${result.searchMs.median.toFixed(0)} ms (max ${result.searchMs.max.toFixed(0)}); load ${result.loadAverage.toFixed(2)}`,
    );
    return result;
  } finally {
    await browser.close();
    await server.stop();
  }
}

// npx tsx bench/console.ts [N] [--reuse]: the console figures alone (npm run build first); --reuse keeps the numbers seeded by the last run.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dialtone_bench_console';
  const args = process.argv.slice(2);
  const count = Number(args.find((a) => /^\d+$/.test(a)) ?? process.env.N ?? 1_000_000);
  benchConsole(url, count, 3108, (line) => process.stderr.write(`${line}\n`), { reuse: args.includes('--reuse') }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
