import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, consoleTargets, launchChromium } from '../support/browser.js';
import { postgresAvailable } from '../support/postgres.js';
import { callJson, startServerProcess, type ServerProcess } from '../support/process.js';

/**
 * What a first start promises: `dialtone serve` on an empty database prints a demo organization's
 * key, and that key signs in to the console it serves. The server runs as a user starts it, with
 * DIALTONE_DEMO unset (other tests turn the demo off) and no operator token; the key is read
 * from what the process printed, as a user would copy it.
 */

const STEP_MS = 60_000;

const targets = consoleTargets('dialtone-console-demo-');

/** The organization and key the server printed, or fails with its output. */
function printedDemo(output: string): { organization: string; key: string } {
  const organization = /^\s+organization: (\S+)$/m.exec(output)?.[1];
  const key = /^\s+api key:\s+(\S+)$/m.exec(output)?.[1];
  expect(organization && key, `no demo key in the server's output:\n${output}`).toBeTruthy();
  return { organization: organization!, key: key! };
}

for (const target of targets) {
  describe.skipIf(chromiumMissing || (target.driver === 'postgres' && !postgresAvailable))(`the demo key printed at start [${target.driver}]`, () => {
    let server: ServerProcess;
    let cleanup: () => Promise<void>;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      const setup = await target.env();
      cleanup = setup.cleanup;
      // A fresh embedded database is created and migrated at start: slow on a loaded machine.
      server = await startServerProcess({ ...setup.env, DIALTONE_DEMO: undefined }, 240_000);
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await cleanup?.();
    });

    it('signs in to the console at / and opens the numbers view with every action of its scopes', async () => {
      const { organization, key } = printedDemo(server.output());
      expect(server.output()).toContain(`curl -H 'Authorization: Bearer ${key}' ${server.baseUrl}/v1/phone-numbers`);

      await page.goto(`${server.baseUrl}/`);
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Numbers' }).waitFor({ timeout: STEP_MS });
      await page.getByRole('heading', { name: 'No numbers yet' }).waitFor({ timeout: STEP_MS });
      expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents()).toEqual([
        'Numbers',
        'Buy',
        'Orders',
        'Import',
        'Webhooks',
        'Audit log',
      ]);
      expect(await page.locator('header').textContent()).toContain(key.slice(0, 11));

      // The key is the printed organization's.
      const current = await callJson(server.baseUrl, 'GET', '/v1/api-keys/current', key);
      expect([current.status, current.body.organization_id]).toEqual([200, organization]);
    }, 120_000);
  });
}
