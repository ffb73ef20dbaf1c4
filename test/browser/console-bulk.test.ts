import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, consoleTargets, expectAccessible, launchChromium } from '../support/browser.js';
import { validNumbers } from '../support/numbers-fixture.js';
import { postgresAvailable } from '../support/postgres.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';

/**
 * The numbers table's bulk actions and CSV export in a real browser (Debian's Chromium,
 * headless) against the real server process, on both databases: rows ticked by keyboard or
 * "all matching", the API's dry run shown before anything runs, the job followed to its end
 * (failures, retry, cancel), the count guard refusing a run after the filter's matches moved,
 * and the export downloaded as a file; each change read back through the API, and axe-core's
 * check of each step in the light and dark themes.
 */

const ADMIN = 'browser-admin-token-0000000000';
const CAMPAIGN = 4;
const SALES = 30;
const BACKLOG = 800;
const STEP_MS = 60_000;
/** A name with a comma and a line break: a quoted CSV cell, one row all the same. */
const AWKWARD_NAME = 'Sales, north\nsecond floor';

const targets = consoleTargets('dialtone-console-bulk-');

interface Made {
  id: string;
  number: string;
  international_format: string;
}


async function waitForRows(page: Page, count: number) {
  await page.locator('.table-wrap[aria-busy="false"]').first().waitFor({ timeout: STEP_MS });
  await expect.poll(() => page.locator('table.numbers:not(.preview):not(.failures-table) tbody tr').count(), { timeout: STEP_MS }).toBe(count);
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent()) ?? '';

for (const target of targets) {
  describe.skipIf(chromiumMissing || (target.driver === 'postgres' && !postgresAvailable))(`the console's bulk actions and export [${target.driver}]`, () => {
    let server: ServerProcess;
    let cleanup: () => Promise<void>;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let key: string;
    let readOnlyKey: string;
    const campaign: Made[] = [];
    const sales: Made[] = [];
    const spare = validNumbers(BACKLOG + CAMPAIGN + SALES + 10, 2727).slice(CAMPAIGN + SALES);

    const api = (method: string, path: string, body?: unknown) => call(server.baseUrl, method, path, key, body);
    const make = async (number: string, tags: string[], friendly_name: string) => {
      const created = await api('POST', '/v1/phone-numbers', { number, carrier: 'byoc', friendly_name, tags });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body as Made;
    };
    /** Every number of a filter, read through the list API. */
    const listed = async (query: string) => {
      const all: any[] = [];
      let cursor = '';
      for (;;) {
        const page = await api('GET', `/v1/phone-numbers?limit=1000&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        all.push(...page.body.data);
        if (!page.body.next_cursor) return all;
        cursor = page.body.next_cursor;
      }
    };

    beforeAll(async () => {
      const setup = await target.env();
      cleanup = setup.cleanup;
      server = await startServerProcess({ ...setup.env, DIALTONE_ADMIN_TOKEN: ADMIN }, 240_000);
      const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Console bulk' });
      const keys = `/v1/organizations/${org.body.id}/api-keys`;
      const scopes = ['phone_numbers:read', 'phone_numbers:write', 'phone_numbers:release'];
      key = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'operations', scopes })).body.key;
      readOnlyKey = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'finance', scopes: ['phone_numbers:read'] })).body.key;
      const numbers = validNumbers(CAMPAIGN + SALES, 2727);
      for (const [i, number] of numbers.entries()) {
        if (i < CAMPAIGN) campaign.push(await make(number, ['campaign'], `Campaign line ${i + 1}`));
        else sales.push(await make(number, ['sales'], i === CAMPAIGN ? AWKWARD_NAME : `Sales line ${i - CAMPAIGN + 1}`));
      }
      campaign.sort((a, b) => (a.number < b.number ? -1 : 1));
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
      page = await context.newPage();
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await cleanup?.();
    });

    it('ticks rows by keyboard, previews a tag change number by number, runs it, and the numbers change', async () => {
      await page.goto(`${server.baseUrl}/numbers?tag=campaign&sort=number`);
      await page.getByLabel('API key').fill(key);
      await page.keyboard.press('Enter');
      await waitForRows(page, CAMPAIGN);

      for (const number of campaign.slice(0, 2)) {
        await page.getByRole('checkbox', { name: `Select ${number.international_format}` }).focus();
        await page.keyboard.press('Space');
      }
      await expect.poll(() => text(page, '.selection-bar [role="status"]'), { timeout: STEP_MS }).toBe('2 numbers selected.');
      await page.getByRole('button', { name: 'Change selected…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change 2 selected numbers' });
      await dialog.waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'bulk panel');

      await dialog.getByLabel('Tags to add').fill('vip');
      await dialog.getByRole('button', { name: 'Preview the change' }).click();
      await expect.poll(() => text(page, '.preview-count'), { timeout: STEP_MS }).toContain('2 numbers in the job');
      const rows = dialog.locator('table.preview tbody tr');
      expect(await rows.count()).toBe(2);
      for (const [i, number] of campaign.slice(0, 2).entries()) {
        const row = (await rows.nth(i).textContent())!;
        expect(row).toContain(number.number);
        expect(row).toContain('Would change');
        expect(row).toMatch(/Tags: campaign → campaign, vip/);
      }
      // A preview writes nothing.
      expect((await api('GET', `/v1/phone-numbers/${campaign[0]!.id}`)).body.tags).toEqual(['campaign']);
      await expectAccessible(page, 'bulk preview');

      await dialog.getByRole('button', { name: 'Run on 2 numbers' }).click();
      await expect.poll(() => text(page, '.job-summary'), { timeout: STEP_MS }).toBe('Done: 2 numbers succeeded.');
      expect(await text(page, '.job-count.succeeded dd')).toBe('2');
      await expectAccessible(page, 'bulk job');

      for (const [i, number] of campaign.entries()) {
        const stored = await api('GET', `/v1/phone-numbers/${number.id}`);
        expect(stored.body.tags).toEqual(i < 2 ? ['campaign', 'vip'] : ['campaign']);
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
      // The table reloaded with the change, and the selection was let go.
      await expect.poll(() => page.locator('table.numbers tbody tr', { hasText: 'vip' }).count(), { timeout: STEP_MS }).toBe(2);
      expect(await page.locator('.selection-bar').count()).toBe(0);
    }, 240_000);

    it('selects all matching numbers, refuses the run when the matches moved, and runs after a new preview', async () => {
      const before = await listed('tag=sales');
      expect(before.every((n) => n.renewal.auto_renew === true)).toBe(true);
      await page.goto(`${server.baseUrl}/numbers?tag=sales&limit=25`);
      await waitForRows(page, 25);
      await page.getByRole('checkbox', { name: 'Select every number on this page' }).check();
      await expect.poll(() => text(page, '.selection-bar [role="status"]'), { timeout: STEP_MS }).toBe('25 numbers selected (this whole page).');
      await page.getByRole('button', { name: 'Select all matching numbers' }).click();
      await expect.poll(() => text(page, '.selection-bar [role="status"]'), { timeout: STEP_MS }).toBe(`All ${SALES} matching numbers selected.`);

      await page.getByRole('button', { name: 'Change selected…' }).click();
      const dialog = page.getByRole('dialog', { name: `Change all ${SALES} matching numbers` });
      await dialog.waitFor({ timeout: STEP_MS });
      await dialog.getByRole('radio', { name: /^Auto-renew/ }).check();
      await dialog.getByRole('radio', { name: 'Off' }).check();
      await dialog.getByRole('button', { name: 'Preview the change' }).click();
      await expect.poll(() => text(page, '.preview-count'), { timeout: STEP_MS }).toContain(`${SALES} numbers in the job`);
      expect(await dialog.locator('table.preview tbody tr').count()).toBe(25);
      expect(await dialog.locator('table.preview tbody tr').first().textContent()).toMatch(/Renewal auto renew: true → false/);
      await dialog.getByRole('button', { name: 'Next preview page' }).click();
      await expect.poll(() => dialog.locator('table.preview tbody tr').count(), { timeout: STEP_MS }).toBe(SALES - 25);

      // Someone adds a number the filter matches between the preview and the run.
      const late = await make(spare[0]!, ['sales'], 'Late sales line');
      await dialog.getByRole('button', { name: `Run on ${SALES} numbers` }).click();
      const refusal = dialog.getByRole('alert');
      await expect.poll(() => refusal.textContent(), { timeout: STEP_MS }).toContain('The numbers changed since the preview: nothing was run');
      expect(await refusal.textContent()).toContain(`matches ${SALES + 1} numbers now, not the ${SALES} expected`);
      expect((await listed('tag=sales')).every((n) => n.renewal.auto_renew === true)).toBe(true);
      await expectAccessible(page, 'bulk count refused');

      await dialog.getByRole('button', { name: 'Preview again' }).click();
      await expect.poll(() => text(page, '.preview-count'), { timeout: STEP_MS }).toContain(`${SALES + 1} numbers in the job`);
      await dialog.getByRole('button', { name: `Run on ${SALES + 1} numbers` }).click();
      await expect.poll(() => text(page, '.job-summary'), { timeout: STEP_MS }).toBe(`Done: ${SALES + 1} numbers succeeded.`);
      const after = await listed('tag=sales');
      expect(after.map((n) => n.id)).toContain(late.id);
      expect(after).toHaveLength(SALES + 1);
      expect(after.every((n) => n.renewal.auto_renew === false)).toBe(true);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
    }, 240_000);

    it('routes and assigns a selection as PATCH would', async () => {
      const chosen = campaign.slice(0, 2);
      const open = async () => {
        await page.goto(`${server.baseUrl}/numbers?tag=campaign&sort=number`);
        await waitForRows(page, CAMPAIGN);
        for (const number of chosen) await page.getByRole('checkbox', { name: `Select ${number.international_format}` }).check();
        await page.getByRole('button', { name: 'Change selected…' }).click();
        return page.getByRole('dialog', { name: 'Change 2 selected numbers' });
      };
      let dialog = await open();
      await dialog.getByRole('radio', { name: /^Routing/ }).check();
      await dialog.getByLabel('Voice handler').selectOption('webhook');
      await dialog.getByLabel('Voice webhook URL').fill('https://example.com/voice/inbound');
      await dialog.getByLabel('Messaging handler').selectOption('messaging_profile');
      await dialog.getByLabel('Messaging target').fill('mp-north');
      await expectAccessible(page, 'bulk routing form');
      await dialog.getByRole('button', { name: 'Preview the change' }).click();
      await expect.poll(() => text(page, '.preview-count'), { timeout: STEP_MS }).toContain('2 numbers in the job');
      expect(await dialog.locator('table.preview tbody tr').first().textContent()).toContain('https://example.com/voice/inbound');
      await dialog.getByRole('button', { name: 'Run on 2 numbers' }).click();
      await expect.poll(() => text(page, '.job-summary'), { timeout: STEP_MS }).toBe('Done: 2 numbers succeeded.');
      for (const number of chosen) {
        const stored = (await api('GET', `/v1/phone-numbers/${number.id}`)).body;
        expect(stored.voice).toMatchObject({ handler: 'webhook', url: 'https://example.com/voice/inbound' });
        expect(stored.messaging).toMatchObject({ handler: 'messaging_profile', target: 'mp-north' });
      }
      expect((await api('GET', `/v1/phone-numbers/${campaign[2]!.id}`)).body.voice.handler).not.toBe('webhook');
      await dialog.getByRole('button', { name: 'Done' }).click();

      dialog = await open();
      await dialog.getByRole('radio', { name: /^Assignment/ }).check();
      await dialog.getByLabel('Agent or application id').fill('agent_north');
      await dialog.getByRole('button', { name: 'Preview the change' }).click();
      await dialog.getByRole('button', { name: 'Run on 2 numbers' }).click();
      await expect.poll(() => text(page, '.job-summary'), { timeout: STEP_MS }).toBe('Done: 2 numbers succeeded.');
      for (const number of chosen) expect((await api('GET', `/v1/phone-numbers/${number.id}`)).body.assignment.agent_id).toBe('agent_north');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
    }, 240_000);

    it('releases after the count is typed, shows each failure with its code, and retries the failed ones', async () => {
      const [free, locked] = campaign.slice(2, 4) as [Made, Made];
      expect((await api('PATCH', `/v1/phone-numbers/${locked.id}`, { deletion_lock_enabled: true })).status).toBe(200);
      await page.goto(`${server.baseUrl}/numbers?tag=campaign&sort=number`);
      await waitForRows(page, CAMPAIGN);
      for (const number of [free, locked]) await page.getByRole('checkbox', { name: `Select ${number.international_format}` }).check();
      await page.getByRole('button', { name: 'Change selected…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change 2 selected numbers' });
      await dialog.getByRole('radio', { name: /^Release/ }).check();
      await dialog.getByRole('button', { name: 'Preview the change' }).click();
      await expect.poll(() => text(page, '.preview-count'), { timeout: STEP_MS }).toContain('2 numbers in the job');
      const lockedRow = dialog.locator('table.preview tbody tr', { hasText: locked.number });
      expect(await lockedRow.textContent()).toContain('Would fail');
      expect(await lockedRow.textContent()).toContain('deletion_locked');

      const release = dialog.getByRole('button', { name: 'Release 2 numbers' });
      expect(await release.isDisabled()).toBe(true);
      await dialog.getByLabel('To release these 2 numbers, type release 2').fill('release 2');
      await expectAccessible(page, 'bulk release confirmation');
      await release.click();
      await expect.poll(() => text(page, '.job-summary'), { timeout: STEP_MS }).toBe('Done: 1 number succeeded, 1 number failed.');
      const failure = dialog.locator('table.failures-table tbody tr');
      await expect.poll(() => failure.count(), { timeout: STEP_MS }).toBe(1);
      const failed = (await failure.textContent())!;
      expect(failed).toContain(locked.number);
      expect(failed).toContain('deletion_locked');
      expect(failed).toContain('lock');
      await expectAccessible(page, 'bulk job failures');
      expect((await api('GET', `/v1/phone-numbers/${free.id}`)).body.status).toBe('released');
      expect((await api('GET', `/v1/phone-numbers/${locked.id}`)).body.status).toBe('active');

      expect((await api('PATCH', `/v1/phone-numbers/${locked.id}`, { deletion_lock_enabled: false })).status).toBe(200);
      await dialog.getByRole('button', { name: 'Retry the 1 number that failed' }).click();
      await dialog.getByRole('heading', { name: /Retry of the failed numbers/ }).waitFor({ timeout: STEP_MS });
      await expect.poll(() => text(page, '.job-summary'), { timeout: STEP_MS }).toBe('Done: 1 number succeeded.');
      expect((await api('GET', `/v1/phone-numbers/${locked.id}`)).body.status).toBe('released');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
    }, 240_000);

    it('cancels a running job: the numbers worked stay changed, the rest are left as they were', async () => {
      const backlog = spare.slice(1, 1 + BACKLOG);
      for (let i = 0; i < backlog.length; i += 8) {
        await Promise.all(backlog.slice(i, i + 8).map((number, j) => make(number, ['backlog'], `Backlog ${i + j + 1}`)));
      }
      await page.goto(`${server.baseUrl}/numbers?tag=backlog&limit=100`);
      await waitForRows(page, 100);
      await page.getByRole('checkbox', { name: 'Select every number on this page' }).check();
      await page.getByRole('button', { name: 'Select all matching numbers' }).click();
      await expect.poll(() => text(page, '.selection-bar [role="status"]'), { timeout: STEP_MS }).toBe(`All ${BACKLOG} matching numbers selected.`);
      await page.getByRole('button', { name: 'Change selected…' }).click();
      const dialog = page.getByRole('dialog', { name: `Change all ${BACKLOG} matching numbers` });
      await dialog.getByLabel('Tags to add').fill('moved');
      await dialog.getByRole('button', { name: 'Preview the change' }).click();
      await dialog.getByRole('button', { name: `Run on ${BACKLOG} numbers` }).click();
      await dialog.getByRole('button', { name: 'Cancel the job' }).click();
      await expect.poll(() => text(page, '.job-summary'), { timeout: STEP_MS }).toMatch(/^Canceled: /);
      const counts = Object.fromEntries(
        await dialog.locator('.job-count').evaluateAll((nodes) => nodes.map((node) => [node.querySelector('dt')!.textContent, Number(node.querySelector('dd')!.textContent!.replace(/\D/g, ''))])),
      ) as Record<string, number>;
      expect(counts.Total).toBe(BACKLOG);
      expect(counts.Canceled).toBeGreaterThan(0);
      expect(counts.Succeeded! + counts.Canceled!).toBe(BACKLOG);
      expect(await dialog.getByRole('button', { name: 'Cancel the job' }).count()).toBe(0);
      // Through the API: exactly the numbers the job says it changed carry the tag.
      expect(await listed('tag=moved')).toHaveLength(counts.Succeeded!);
      await page.keyboard.press('Escape');
    }, 300_000);

    it("exports the view's filter as CSV through fetch and a Blob, and a read-only key gets no bulk actions", async () => {
      const finance = await browser.newContext({ acceptDownloads: true });
      try {
        const tab = await finance.newPage();
        await tab.goto(`${server.baseUrl}/numbers?tag=sales&without_tags=false&sort=number`);
        await tab.getByLabel('API key').fill(readOnlyKey);
        await tab.keyboard.press('Enter');
        const expected = await listed('tag=sales&sort=number');
        await waitForRows(tab, expected.length);
        expect(await tab.getByRole('checkbox').count()).toBe(0);
        expect(await tab.getByRole('button', { name: 'Change selected…' }).count()).toBe(0);

        const requests: string[] = [];
        tab.on('request', (request) => requests.push(request.url()));
        const [download] = await Promise.all([tab.waitForEvent('download', { timeout: STEP_MS }), tab.getByRole('button', { name: 'Export CSV' }).click()]);
        expect(download.suggestedFilename()).toBe('phone-numbers.csv');
        expect(download.url()).toMatch(/^blob:/);
        const rows = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
        // A cell a spreadsheet would run as a formula (+…) carries the export's ' guard, which the import takes off.
        expect(rows.map((row) => row.number)).toEqual(expected.map((n) => `'${n.number}`));
        expect(rows.find((row) => row.friendly_name === AWKWARD_NAME)).toBeTruthy();
        expect(rows.every((row) => row.tags === 'sales')).toBe(true);
        await expect.poll(() => text(tab, '.export-status'), { timeout: STEP_MS }).toContain(`Exported ${expected.length} numbers.`);
        // The key went in a header, never in a URL.
        // Every filter of the view goes to the export as the list had it.
        const exported = new URL(requests.find((url) => url.includes('/v1/phone-numbers/export?'))!);
        expect([exported.searchParams.getAll('tag'), exported.searchParams.get('without_tags'), exported.searchParams.get('sort')]).toEqual([['sales'], 'false', 'number']);
        expect(requests.every((url) => !url.includes(readOnlyKey))).toBe(true);
        await expectAccessible(tab, 'numbers after export');
      } finally {
        await finance.close();
      }
    }, 180_000);
  });
}
