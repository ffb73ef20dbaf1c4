import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, consoleTargets, expectAccessible, launchChromium, screenshotsWanted, takeScreenshot } from '../support/browser.js';
import { validNumbers } from '../support/numbers-fixture.js';
import { postgresAvailable } from '../support/postgres.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';

/**
 * The console in a real browser (Debian's Chromium, headless) against the real server process:
 * sign in with a key, filter, sort and page the numbers, open one, rename it and see the change
 * in its timeline, with axe-core's accessibility check of each view in the light and dark
 * themes. The run on the embedded database takes the README's screenshots when asked to
 * (DIALTONE_SCREENSHOTS=1, as `npm run docs:screenshots` does).
 */

const ADMIN = 'browser-admin-token-0000000000';
const TOTAL = 30;
const TAGGED = 4;
/** Events and audit records the timeline reads at a time (web/src/views/Timeline.tsx). */
const HISTORY_PAGE = 100;
const STEP_MS = 60_000;

const targets = consoleTargets('dialtone-console-');

/** The ids of the numbers the table shows, in its order. */
async function rowIds(page: Page): Promise<string[]> {
  const hrefs = await page.locator('table.numbers tbody th a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  return hrefs.map((href) => href.replace('/numbers/', ''));
}

/** The id of the focused element, or its text when it has none ('' for the page's body). */
const focused = (page: Page) =>
  page.evaluate<string>("document.activeElement === document.body ? '' : document.activeElement.id || document.activeElement.textContent.trim()");

/** Waits until the table has loaded and shows count rows. */
async function waitForRows(page: Page, count: number) {
  await page.locator('.table-wrap[aria-busy="false"]').waitFor({ timeout: STEP_MS });
  await expect.poll(() => page.locator('table.numbers tbody tr').count(), { timeout: STEP_MS }).toBe(count);
}

for (const target of targets) {
  describe.skipIf(chromiumMissing || (target.driver === 'postgres' && !postgresAvailable))(`the console in Chromium [${target.driver}]`, () => {
    let server: ServerProcess;
    let cleanup: () => Promise<void>;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let key: string;
    let readOnlyKey: string;
    const numbers: { id: string; number: string; country: string; national_format: string; international_format: string; friendly_name: string | null }[] = [];

    beforeAll(async () => {
      const setup = await target.env();
      cleanup = setup.cleanup;
      // A fresh embedded database is created and migrated at start: slow on a loaded machine.
      server = await startServerProcess({ ...setup.env, DIALTONE_ADMIN_TOKEN: ADMIN }, 240_000);
      const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Console' });
      const keys = `/v1/organizations/${org.body.id}/api-keys`;
      const scopes = ['phone_numbers:read', 'phone_numbers:write', 'events:read', 'audit:read'];
      key = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'support desk', scopes })).body.key;
      readOnlyKey = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'viewer', scopes: ['phone_numbers:read'] })).body.key;
      for (const [i, number] of validNumbers(TOTAL, 1414).entries()) {
        const tagged = i < TAGGED;
        const created = await call(server.baseUrl, 'POST', '/v1/phone-numbers', key, {
          number,
          carrier: i % 3 === 0 ? 'telnyx' : 'byoc',
          friendly_name: tagged ? `Support line ${i + 1}` : `Line ${i + 1}`,
          tags: tagged ? ['support', 'emea'] : ['sales'],
          pricing: { monthly_cost: '1.1500', upfront_cost: '0.5000', currency: 'USD' },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        numbers.push(created.body);
      }
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      page = await context.newPage();
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await cleanup?.();
    });

    it('asks for a key on any URL, refuses a wrong one, and signs in to the view asked for', async () => {
      await page.goto(`${server.baseUrl}/numbers?limit=25`);
      await page.getByLabel('API key').waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'sign-in');

      await page.getByLabel('API key').fill('dt_not-a-key');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: STEP_MS }).toContain('does not know this key');

      await page.getByLabel('API key').fill(key);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Numbers' }).waitFor({ timeout: STEP_MS });
      await waitForRows(page, 25);
      // The key lives in this tab's sessionStorage only: not in the URL, not in localStorage.
      expect(page.url()).not.toContain(key);
      expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain(key);
      expect(await page.evaluate('Object.values(sessionStorage)')).toContain(key);
    }, 120_000);

    it('pages by cursor, sorts, filters and searches with the state in the URL, and counts on demand', async () => {
      await page.getByRole('button', { name: 'Next page' }).click();
      await waitForRows(page, TOTAL - 25);
      expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
      await page.getByRole('button', { name: 'Previous page' }).click();
      await waitForRows(page, 25);
      expect(new URL(page.url()).searchParams.get('cursor')).toBeNull();

      await page.getByRole('button', { name: /^Number/ }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort'), { timeout: STEP_MS }).toBe('number');
      await page.locator('th[aria-sort="ascending"]', { hasText: 'Number' }).waitFor({ timeout: STEP_MS });
      await waitForRows(page, 25);
      const byNumber = [...numbers].sort((a, b) => (a.number < b.number ? -1 : 1)).slice(0, 25).map((n) => n.id);
      expect(await rowIds(page)).toEqual(byNumber);

      // Each way of filtering keeps the focus on the control used: the form is not rebuilt.
      const tags = page.getByLabel('Tags', { exact: true });
      await tags.fill('support');
      await tags.press('Enter');
      await waitForRows(page, TAGGED);
      expect(new URL(page.url()).searchParams.get('tag')).toBe('support');
      expect(await focused(page)).toBe('filter-tag');
      // Reloaded, the same view: the filters come from the URL, the key from the tab's session.
      await page.reload();
      await waitForRows(page, TAGGED);
      expect(await tags.inputValue()).toBe('support');

      // Several tags: numbers with all of them.
      await tags.fill('support, sales');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('heading', { name: 'No numbers match these filters' }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).searchParams.get('tag')).toBe('support,sales');
      expect(await focused(page)).toBe('Apply');
      await tags.fill('support,emea');
      await tags.press('Enter');
      await waitForRows(page, TAGGED);

      const search = page.getByLabel('Search', { exact: true });
      await search.fill('Support line 2');
      await search.press('Enter');
      await waitForRows(page, 1);
      expect(await rowIds(page)).toEqual([numbers[1]!.id]);
      expect(await focused(page)).toBe('filter-search');

      // Clear takes the button away: the focus goes to the search, whose text goes with the filters.
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await waitForRows(page, 25);
      expect(await focused(page)).toBe('filter-search');
      expect(await search.inputValue()).toBe('');
      expect(await tags.inputValue()).toBe('');

      // A number in its national form (trunk 0 and all) is found in the country filtered by.
      const british = numbers.find((n) => n.country === 'GB' && n.national_format.startsWith('0'))!;
      await page.getByLabel('Countries').fill('gb');
      await search.fill(british.national_format);
      await search.press('Enter');
      await waitForRows(page, 1);
      expect(await rowIds(page)).toEqual([british.id]);
      expect(new URL(page.url()).searchParams.get('country')).toBe('GB');
      expect(await page.getByLabel('Countries').inputValue()).toBe('GB');
      expect(await focused(page)).toBe('filter-search');
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await waitForRows(page, 25);

      const carrier = page.getByLabel('Carrier');
      await carrier.focus();
      await carrier.selectOption('telnyx');
      await waitForRows(page, TOTAL / 3);
      expect(await focused(page)).toBe('filter-carrier');
      await page.getByRole('button', { name: 'Count matches' }).click();
      await expect.poll(() => page.locator('.match-count [role="status"]').textContent(), { timeout: STEP_MS }).toBe(`${TOTAL / 3} numbers match`);
      await page.getByLabel('Status').selectOption('released');
      await page.getByRole('heading', { name: 'No numbers match these filters' }).waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'numbers, empty');

      // The list API's other filters, from a shared link: kept in the form, sent to the API, cleared with the rest.
      await page.goto(`${server.baseUrl}/numbers?limit=25&without_tags=false&assigned_agent_id=agent-nobody&renewal_after=2030-01-01&status=active,suspended`);
      await page.getByRole('heading', { name: 'No numbers match these filters' }).waitFor({ timeout: STEP_MS });
      expect(await page.getByLabel('Agent id').inputValue()).toBe('agent-nobody');
      expect(await page.getByLabel('Renews from').inputValue()).toBe('2030-01-01');
      expect(await page.getByLabel('Tagging').inputValue()).toBe('false');
      expect(await page.getByLabel('Status').inputValue()).toBe('active,suspended');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await waitForRows(page, 25);
      expect(await focused(page)).toBe('filter-search');
      expect(await page.getByLabel('Agent id').inputValue()).toBe('');
      expect(await page.getByLabel('Renews from').inputValue()).toBe('');
      expect(new URL(page.url()).search).toBe('?limit=25');

      await page.goto(`${server.baseUrl}/numbers?limit=25&tag=support&sort=number`);
      await waitForRows(page, TAGGED);
      await expectAccessible(page, 'numbers');
      if (target.driver === 'pglite' && screenshotsWanted) {
        await page.goto(`${server.baseUrl}/numbers?limit=25`);
        await waitForRows(page, 25);
        await takeScreenshot(page, 'console-numbers.png');
      }
    }, 240_000);

    it("opens a number, renames it, and shows the change with who made it in the number's timeline", async () => {
      const number = numbers[0]!;
      await page.goto(`${server.baseUrl}/numbers?tag=support&sort=number`);
      await page.getByRole('link', { name: number.international_format }).click();
      await page.getByRole('heading', { level: 1, name: number.international_format }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).pathname).toBe(`/numbers/${number.id}`);
      // The heading that replaced the placeholder shown while the number loaded has the focus.
      await expect.poll(() => page.evaluate('document.activeElement?.id'), { timeout: STEP_MS }).toBe('number-title');
      const details = page.locator('.details');
      await expect.poll(() => details.textContent(), { timeout: STEP_MS }).toContain('$1.15');
      expect(await details.textContent()).toContain(number.number);
      // A Berlin number (+49 30): the lookup API places it, region and city.
      expect(number.number.startsWith('+4930')).toBe(true);
      const row = (term: string) => details.locator('.row', { has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd');
      await expect.poll(() => row('City').textContent(), { timeout: STEP_MS }).toBe('Berlin');
      expect(await row('Region').textContent()).toBe('BE');
      expect(await row('Country').textContent()).toBe('Germany (DE)');

      await page.getByLabel('Name').fill('Night line');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => page.locator('.form-status').textContent(), { timeout: STEP_MS }).toBe('Saved.');
      const stored = await call(server.baseUrl, 'GET', `/v1/phone-numbers/${number.id}`, key);
      expect(stored.body.friendly_name).toBe('Night line');

      const change = page.locator('.entries .entry', { hasText: 'Night line' });
      await change.waitFor({ timeout: STEP_MS });
      const text = (await change.textContent())!;
      expect(text).toContain('Updated');
      expect(text).toContain(`by API key ${key.slice(0, 11)} through the Dialtone API`);
      expect(text).toMatch(/Friendly name: Support line 1\s*→?\s*changed to\s*Night line/);
      await expectAccessible(page, 'number');
      if (target.driver === 'pglite') await takeScreenshot(page, 'console-number.png', { fullPage: true });
    }, 180_000);

    it('reads a long timeline a page at a time, saying that older changes are left', async () => {
      const number = numbers[2]!;
      const renames = HISTORY_PAGE + 5;
      for (let i = 1; i <= renames; i++) {
        const renamed = await call(server.baseUrl, 'PATCH', `/v1/phone-numbers/${number.id}`, key, { friendly_name: `Line 3, take ${i}` });
        expect(renamed.status).toBe(200);
      }
      await page.goto(`${server.baseUrl}/numbers/${number.id}`);
      const entries = page.locator('.entries > .entry');
      await page.getByRole('button', { name: 'Show older' }).waitFor({ timeout: STEP_MS });
      // A page of each list: the oldest change of the page is held back when its event is older than
      // its audit record (older records, not read yet, might come between them).
      const first = await entries.count();
      expect(first).toBeGreaterThanOrEqual(HISTORY_PAGE - 1);
      expect(first).toBeLessThanOrEqual(HISTORY_PAGE);
      expect(await entries.first().textContent()).toContain(`Line 3, take ${renames}`);
      expect(await page.locator('.timeline-more').textContent()).toContain(`The ${first} latest changes are shown`);
      expect(await page.getByRole('link', { name: 'the audit log of this number' }).getAttribute('href')).toBe(`/audit-log?resource_id=${number.id}`);
      await expectAccessible(page, 'number with older changes');

      // The renames and the number's import, each once, the oldest last; the focus on the first entry read.
      await page.getByRole('button', { name: 'Show older' }).click();
      await expect.poll(() => entries.count(), { timeout: STEP_MS }).toBe(renames + 1);
      expect(await page.locator('.entries > .entry', { hasText: /^Updated/ }).count()).toBe(renames);
      expect(await entries.last().textContent()).toContain('Imported');
      expect(await page.getByRole('button', { name: 'Show older' }).count()).toBe(0);
      expect(await page.evaluate('Array.from(document.querySelectorAll(".entries > .entry")).indexOf(document.activeElement)')).toBe(first);
    }, 180_000);

    it('shows a key only the actions its scopes allow', async () => {
      const viewer = await browser.newContext();
      try {
        const tab = await viewer.newPage();
        // The lookup that places the number fails here: the page shows the rest, and the country.
        let lookups = 0;
        await tab.route('**/v1/lookups/**', (route) => {
          lookups++;
          return route.abort();
        });
        await tab.goto(`${server.baseUrl}/numbers/${numbers[1]!.id}`);
        await tab.getByLabel('API key').fill(readOnlyKey);
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.getByRole('heading', { level: 1, name: numbers[1]!.international_format }).waitFor({ timeout: STEP_MS });
        await tab.getByRole('heading', { name: 'Read only' }).waitFor({ timeout: STEP_MS });
        await tab.getByRole('heading', { name: 'History hidden' }).waitFor({ timeout: STEP_MS });
        await expect.poll(() => lookups, { timeout: STEP_MS }).toBe(1);
        expect(await tab.locator('.details').textContent()).toContain('CountryGermany (DE)');
        expect(await tab.locator('.details dt', { hasText: /^(Region|City)$/ }).count()).toBe(0);
        expect(await tab.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
        await tab.goto(`${server.baseUrl}/numbers/5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e`);
        await tab.getByRole('heading', { level: 1, name: 'Number not found' }).waitFor({ timeout: STEP_MS });
        await expectAccessible(tab, 'number not found');
        await tab.getByRole('button', { name: 'Sign out' }).click();
        await tab.getByLabel('API key').waitFor({ timeout: STEP_MS });
        expect(await tab.evaluate('sessionStorage.length')).toBe(0);
      } finally {
        await viewer.close();
      }
    }, 120_000);
  });
}
