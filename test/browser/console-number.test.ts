import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, consoleTargets, expectAccessible, launchChromium } from '../support/browser.js';
import { validNumbers } from '../support/numbers-fixture.js';
import { postgresAvailable } from '../support/postgres.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';

/**
 * A number's page in a real browser against the real server process: its routing, assignment,
 * emergency calling and renewal edited (the API's errors shown by their field), its release
 * confirmed by typing the number, and the import of a CSV previewed row by row before anything
 * is written, each change read back through the API; axe-core's check of each view in the light
 * and dark themes.
 */

const ADMIN = 'browser-admin-token-0000000000';
const STEP_MS = 60_000;
const ALL_SCOPES = [
  'phone_numbers:read',
  'phone_numbers:write',
  'phone_numbers:release',
  'events:read',
  'audit:read',
  'addresses:read',
  'addresses:write',
];

const targets = consoleTargets('dialtone-console-number-');

async function signIn(page: Page, url: string, key: string) {
  await page.goto(url);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The text of a form's status line once it is not empty. */
async function statusOf(page: Page, form: string): Promise<string> {
  const status = page.locator(`form[aria-labelledby="${form}"] .save-status`);
  await expect.poll(async () => (await status.textContent()) ?? '', { timeout: STEP_MS }).not.toBe('');
  return (await status.textContent())!;
}

for (const target of targets) {
  describe.skipIf(chromiumMissing || (target.driver === 'postgres' && !postgresAvailable))(`a number's page and the import in Chromium [${target.driver}]`, () => {
    let server: ServerProcess;
    let cleanup: () => Promise<void>;
    let browser: Browser;
    let page: Page;
    let key: string;
    let writerKey: string;
    let readerKey: string;
    let address: { id: string };
    const numbers: { id: string; number: string; international_format: string; national_format: string }[] = [];
    const get = async (id: string) => (await call(server.baseUrl, 'GET', `/v1/phone-numbers/${id}`, key)).body;
    const lookup = (number: string) => call(server.baseUrl, 'GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(number)}`, key);

    beforeAll(async () => {
      const setup = await target.env();
      cleanup = setup.cleanup;
      server = await startServerProcess({ ...setup.env, DIALTONE_ADMIN_TOKEN: ADMIN }, 240_000);
      const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Console numbers' });
      const keys = `/v1/organizations/${org.body.id}/api-keys`;
      key = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'operations', scopes: ALL_SCOPES })).body.key;
      writerKey = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'editor', scopes: ['phone_numbers:read', 'phone_numbers:write'] })).body.key;
      readerKey = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'viewer', scopes: ['phone_numbers:read'] })).body.key;
      address = (
        await call(server.baseUrl, 'POST', '/v1/addresses', key, {
          customer_name: 'Acme Inc.',
          friendly_name: 'Head office',
          street: '1 Market St',
          city: 'San Francisco',
          region: 'CA',
          postal_code: '94105',
          iso_country: 'US',
          emergency_enabled: true,
        })
      ).body;
      for (const [i, number] of validNumbers(3, 2626).entries()) {
        const created = await call(server.baseUrl, 'POST', '/v1/phone-numbers', key, {
          number,
          friendly_name: `Desk ${i + 1}`,
          pricing: { monthly_cost: '2.0000', currency: 'USD' },
          next_billing_date: '2030-03-01T00:00:00Z',
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        numbers.push(created.body);
      }
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await cleanup?.();
    });

    it('edits routing, showing the API\'s error by its field, and the saved number and its timeline after', async () => {
      const number = numbers[0]!;
      await signIn(page, `${server.baseUrl}/numbers/${number.id}`, key);
      await page.getByRole('heading', { level: 1, name: number.international_format }).waitFor({ timeout: STEP_MS });

      await page.getByLabel('Calls: handled by').selectOption('webhook');
      await page.getByRole('button', { name: 'Save routing' }).click();
      expect(await statusOf(page, 'routing-title')).toContain('Not saved: voice.url is required');
      const url = page.getByLabel('Calls: webhook URL');
      expect(await url.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#voice-url-error').textContent()).toContain('voice.url is required');
      await expectAccessible(page, 'number, a refused save');

      await url.fill('https://example.com/calls');
      await page.getByLabel('Calls: method').selectOption('GET');
      await page.getByLabel('Messages: handled by').selectOption('messaging_profile');
      await page.getByLabel('Messages: messaging profile id').fill('mp-7');
      await page.getByRole('button', { name: 'Save routing' }).click();
      await expect.poll(() => statusOf(page, 'routing-title'), { timeout: STEP_MS }).toBe('Saved.');
      expect(await url.getAttribute('aria-invalid')).toBeNull();
      const stored = await get(number.id);
      expect(stored.voice).toMatchObject({ handler: 'webhook', url: 'https://example.com/calls', method: 'GET' });
      expect(stored.messaging).toMatchObject({ handler: 'messaging_profile', target: 'mp-7' });
      // The details show the number as the API answered the save.
      await expect.poll(() => page.locator('.details').textContent(), { timeout: STEP_MS }).toContain('Messaging profile');
      await page.locator('.entries .entry', { hasText: 'https://example.com/calls' }).waitFor({ timeout: STEP_MS });
    }, 180_000);

    it('assigns and frees the number, sets emergency calling with an address, and turns renewal off', async () => {
      const number = numbers[0]!;
      await page.getByLabel('Agent or application id').fill('agent_42');
      await page.getByRole('button', { name: 'Save assignment' }).click();
      await expect.poll(() => statusOf(page, 'assignment-title'), { timeout: STEP_MS }).toBe('Saved.');
      expect((await get(number.id)).assignment).toMatchObject({ status: 'assigned', agent_id: 'agent_42' });
      await page.locator('.entries .entry', { hasText: 'agent_42' }).first().waitFor({ timeout: STEP_MS });
      await page.getByRole('button', { name: 'Free the number' }).click();
      await expect.poll(async () => (await get(number.id)).assignment.agent_id, { timeout: STEP_MS }).toBeNull();

      // On without an address: the API refuses, and its message stands by the address.
      await page.getByLabel('Emergency calling on').check();
      await page.getByRole('button', { name: 'Save emergency settings' }).click();
      expect(await statusOf(page, 'emergency-title')).toContain('Not saved');
      expect(await page.locator('#emergency-address-error').textContent()).toContain('needs an emergency address');
      await page.getByLabel('Emergency address').selectOption({ label: 'Head office, 1 Market St, San Francisco, CA, US' });
      await page.getByRole('button', { name: 'Save emergency settings' }).click();
      await expect.poll(() => statusOf(page, 'emergency-title'), { timeout: STEP_MS }).toBe('Saved.');
      expect((await get(number.id)).emergency).toMatchObject({ enabled: true, address_id: address.id, status: 'active' });

      await page.getByLabel('Renew automatically').uncheck();
      await page.getByRole('button', { name: 'Save renewal' }).click();
      await expect.poll(() => statusOf(page, 'renewal-title'), { timeout: STEP_MS }).toBe('Saved.');
      expect((await get(number.id)).renewal.auto_renew).toBe(false);
      await expect.poll(() => page.locator('#renewal-help').textContent(), { timeout: STEP_MS }).toContain('Not renewed: released on');
      await expectAccessible(page, 'number, settings saved');
    }, 180_000);

    it('releases only once the number is typed, saying what it costs and when it is gone', async () => {
      const number = numbers[1]!;
      await page.goto(`${server.baseUrl}/numbers/${number.id}`);
      await page.getByRole('heading', { level: 1, name: number.international_format }).waitFor({ timeout: STEP_MS });
      const opener = page.getByRole('button', { name: 'Release this number…' });
      await opener.click();
      const dialog = page.getByRole('dialog', { name: `Release ${number.international_format}?` });
      await dialog.waitFor({ timeout: STEP_MS });
      const text = (await dialog.textContent())!;
      expect(text).toContain('Releasing costs nothing. Nothing more is billed for this number: it is not renewed on');
      expect(text).toContain('($2.00 a month)');
      expect(text).toContain('released in Dialtone at once');
      expect(await page.evaluate('document.activeElement?.id')).toBe('release-confirm');
      await expectAccessible(page, 'release dialog');

      // Escape closes it, nothing released, the focus back on the button that opened it.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
      await expect.poll(() => page.evaluate('document.activeElement?.textContent'), { timeout: STEP_MS }).toBe('Release this number…');
      expect((await get(number.id)).status).toBe('active');

      await opener.click();
      const confirm = dialog.getByLabel('Type the number to confirm');
      const release = dialog.getByRole('button', { name: 'Release number' });
      await confirm.fill(numbers[2]!.number);
      expect(await release.isDisabled()).toBe(true);
      await confirm.fill(number.national_format);
      expect(await release.isDisabled()).toBe(false);
      await release.click();
      await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
      await page.getByRole('status').filter({ hasText: 'Released on' }).waitFor({ timeout: STEP_MS });
      const released = await get(number.id);
      expect(released.status).toBe('released');
      expect(await page.locator('.subtitle').textContent()).toContain('Released');
      await page.locator('.entries .entry', { hasText: 'Released' }).first().waitFor({ timeout: STEP_MS });
      await page.getByRole('heading', { name: 'Released: nothing to change' }).waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'number, released');
    }, 180_000);

    it('previews every rejected row of a CSV by its line before writing, then imports with progress and a summary', async () => {
      const fresh = validNumbers(1100, 3737).filter((n) => !numbers.some((held) => held.number === n));
      const rows = fresh.slice(0, 1050).map((number, i) => `${number},Imported ${i + 1},csv-import,voice;sms`);
      // Line 1 is the header; the file's rows start on line 2. Rejected: 4, 7, 9, and 1,040 (the
      // number of line 2 again), which the import sends in its third part.
      rows[2] = 'not a number,Broken,csv-import,voice';
      rows[5] = `${numbers[0]!.number},Mine already,csv-import,voice`;
      rows[7] = `${fresh[1060]},"Faxes, mostly",csv-import,voice;telepathy`;
      rows[1038] = `${fresh[0]},Again,csv-import,voice`;
      const csv = ['number,friendly_name,tags,capabilities', ...rows].join('\n') + '\n';

      await page.getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import numbers' }).waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'import');
      await page.getByLabel('CSV file').setInputFiles({ name: 'numbers.csv', mimeType: 'text/csv', buffer: Buffer.from('number,colour\n+14155550100,red\n') });
      await page.getByRole('heading', { name: 'numbers.csv could not be checked' }).waitFor({ timeout: STEP_MS });
      expect(await page.getByRole('alert').textContent()).toContain('unknown column(s) colour');
      await page.getByRole('button', { name: 'choose it again' }).click();

      await page.getByLabel('CSV file').setInputFiles({ name: 'numbers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      const preview = page.locator('.import-preview');
      await preview.waitFor({ timeout: STEP_MS });
      expect(await preview.getByRole('status').textContent()).toContain('1,050 rows: 1,046 numbers would be imported, 4 rows rejected');
      const rejected = await preview.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(rejected.map(([line, number]) => [line, number])).toEqual([
        ['4', 'not a number'],
        ['7', numbers[0]!.number],
        ['9', fresh[1060]],
        ['1040', fresh[0]],
      ]);
      expect(rejected[2]![2]).toContain('unknown capability "telepathy"');
      await expectAccessible(page, 'import preview');
      // Nothing written yet.
      expect((await lookup(fresh[1]!)).status).toBe(404);

      await preview.getByRole('button', { name: 'Import 1,046 numbers' }).click();
      const summary = page.locator('.import-summary');
      await summary.waitFor({ timeout: STEP_MS });
      expect(await summary.getByRole('status').textContent()).toContain('1,046 numbers imported, 4 rows rejected (of 1,050 rows)');
      const lines = await summary.locator('table tbody tr td:first-child').allTextContents();
      expect(lines).toEqual(['4', '7', '9', '1040']);
      const imported = await lookup(fresh[1]!);
      expect(imported.body).toMatchObject({ friendly_name: 'Imported 2', tags: ['csv-import'], capabilities: ['voice', 'sms'] });
      const listed = await call(server.baseUrl, 'GET', '/v1/phone-numbers?tag=csv-import&include_total=true&limit=1', key);
      expect(listed.body.total_count).toBe(1046);
      expect((await lookup(numbers[0]!.number)).body.friendly_name).toBe('Desk 1');
      await expectAccessible(page, 'import summary');
    }, 240_000);

    it('shows each key only what its scopes allow', async () => {
      for (const [scopedKey, edits] of [
        [writerKey, true],
        [readerKey, false],
      ] as const) {
        const context = await browser.newContext();
        try {
          const tab = await context.newPage();
          await signIn(tab, `${server.baseUrl}/numbers/${numbers[2]!.id}`, scopedKey);
          await tab.getByRole('heading', { level: 1, name: numbers[2]!.international_format }).waitFor({ timeout: STEP_MS });
          await tab.getByRole('heading', { name: 'Details' }).waitFor({ timeout: STEP_MS });
          // Neither key may release; only the writer edits and imports, and it cannot read addresses.
          expect(await tab.getByRole('button', { name: 'Release this number…' }).count()).toBe(0);
          expect(await tab.getByRole('button', { name: 'Save routing' }).count()).toBe(edits ? 1 : 0);
          expect(await tab.getByRole('link', { name: 'Import' }).count()).toBe(edits ? 1 : 0);
          if (edits) expect(await tab.locator('#emergency-address-help').textContent()).toContain('lacks addresses:read');
          await tab.goto(`${server.baseUrl}/import`);
          await tab.getByRole('heading', { level: 1, name: 'Import numbers' }).waitFor({ timeout: STEP_MS });
          expect(await tab.getByLabel('CSV file').count()).toBe(edits ? 1 : 0);
        } finally {
          await context.close();
        }
      }
    }, 120_000);
  });
}
