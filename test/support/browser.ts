import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createSchema, TEST_DATABASE_URL } from './postgres.js';

/** Debian's Chromium, which .ci/run installs with apt when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing) console.warn(`[dialtone tests] ${CHROMIUM} is missing: the browser tests are skipped (apt-get install chromium)`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));

/**
 * Whether this run retakes the README's screenshots (`npm run docs:screenshots` sets
 * DIALTONE_SCREENSHOTS=1): an ordinary run leaves the tracked images in docs/images alone.
 */
export const screenshotsWanted = process.env.DIALTONE_SCREENSHOTS === '1';

/** Saves the page as docs/images/<name> when the run retakes the screenshots; otherwise does nothing. */
export async function takeScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!screenshotsWanted) return;
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, name), ...options });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's WCAG 2.1 A and AA rules over the page as it is, each violation as one line. The
 * script is evaluated by the browser's debugging protocol: the console's CSP refuses inline
 * scripts, as it should.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  // A string, run in the page: the test's own types know nothing of the browser's globals.
  const violations = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((result) => result.violations)",
  )) as AxeViolation[];
  return violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((node) => JSON.stringify(node.target)).join(' ')}`);
}

/** Where a console test's server keeps its data: the embedded database or a schema of the test Postgres. */
export interface ConsoleTarget {
  driver: 'pglite' | 'postgres';
  env(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
}

/** Both drivers, each with a fresh database for one test file's server (temporary folders named after `prefix`). */
export function consoleTargets(prefix: string): ConsoleTarget[] {
  return [
    {
      driver: 'pglite',
      env: async () => {
        const dir = mkdtempSync(join(tmpdir(), prefix));
        return { env: { DIALTONE_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    {
      driver: 'postgres',
      env: async () => {
        const target = await createSchema();
        const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${target.schema},public`)}`;
        return { env: { DATABASE_URL: url }, cleanup: target.drop };
      },
    },
  ];
}

/** axe-core finds nothing on the page as it is, in the light theme and in the dark one. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `${view}, ${colorScheme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
