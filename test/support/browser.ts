import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs with apt when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing) console.warn(`[dialtone tests] ${CHROMIUM} is missing: the browser tests are skipped (apt-get install chromium)`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
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
