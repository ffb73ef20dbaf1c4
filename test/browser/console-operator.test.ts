import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, consoleTargets, expectAccessible, launchChromium } from '../support/browser.js';
import { validNumbers } from '../support/numbers-fixture.js';
import { postgresAvailable } from '../support/postgres.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';

/**
 * The console's operator view and audit log in a real browser (Debian's Chromium, headless)
 * against the real server process: the operator token opens organizations and their keys (a
 * key created with chosen scopes, shown once and copied, revoked after a confirmation), a key
 * of an organization sees none of it; the audit log filters with its state in the URL, pages by
 * cursor, reads each record, and exports the current filter through fetch with the key in its
 * header. Every outcome is read back through the API; axe-core checks each view in both themes.
 */

const ADMIN = 'browser-operator-token-000000000';
const STEP_MS = 60_000;
const NUMBERS = 12;
const REFUSED = 3;

const targets = consoleTargets('dialtone-console-operator-');

async function signIn(page: Page, credential: string, heading: string) {
  await page.getByLabel('API key or operator token').fill(credential);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: STEP_MS });
}

/** Waits until the audit log has loaded and shows count records. */
async function waitForRecords(page: Page, count: number) {
  await page.locator('.table-wrap[aria-busy="false"]').waitFor({ timeout: STEP_MS });
  await expect.poll(() => page.locator('table.audit-records tbody tr').count(), { timeout: STEP_MS }).toBe(count);
}

/** A file the page downloads when click is done, as text. */
async function download(page: Page, click: () => Promise<void>): Promise<{ url: string; name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: STEP_MS }), click()]);
  return { url: file.url(), name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

for (const target of targets) {
  describe.skipIf(chromiumMissing || (target.driver === 'postgres' && !postgresAvailable))(`the console's operator view and audit log [${target.driver}]`, () => {
    let server: ServerProcess;
    let cleanup: () => Promise<void>;
    let browser: Browser;
    let operatorContext: BrowserContext;
    let operatorPage: Page;
    let tenantContext: BrowserContext;
    let tenantPage: Page;
    let orgId: string;
    let key: string;
    let keyPrefix: string;
    let viewerPrefix: string;
    let renameRequestId: string;
    const numbers: { id: string; number: string }[] = [];

    beforeAll(async () => {
      const setup = await target.env();
      cleanup = setup.cleanup;
      server = await startServerProcess({ ...setup.env, DIALTONE_ADMIN_TOKEN: ADMIN }, 240_000);
      const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Audited' });
      orgId = org.body.id;
      const keys = `/v1/organizations/${orgId}/api-keys`;
      const created = await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'support desk', scopes: ['phone_numbers:read', 'phone_numbers:write', 'audit:read'] });
      key = created.body.key;
      keyPrefix = created.body.prefix;
      const viewer = await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'viewer', scopes: ['phone_numbers:read'] });
      viewerPrefix = viewer.body.prefix;

      // Each number: created, then renamed twice (three succeeded records); the viewer is refused a few changes.
      for (const number of validNumbers(NUMBERS, 2727)) {
        const made = await call(server.baseUrl, 'POST', '/v1/phone-numbers', key, { number, carrier: 'byoc', friendly_name: 'Front desk' });
        expect(made.status, JSON.stringify(made.body)).toBe(201);
        numbers.push(made.body);
        for (const name of ['Night line', 'Day line']) {
          const renamed = await fetch(`${server.baseUrl}/v1/phone-numbers/${made.body.id}`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ friendly_name: name }),
          });
          expect(renamed.status).toBe(200);
          if (numbers.length === 1 && name === 'Day line') renameRequestId = renamed.headers.get('x-request-id')!;
        }
      }
      for (const number of numbers.slice(0, REFUSED)) {
        const refused = await call(server.baseUrl, 'PATCH', `/v1/phone-numbers/${number.id}`, viewer.body.key, { friendly_name: 'Not allowed' });
        expect(refused.status).toBe(403);
      }

      browser = await launchChromium();
      operatorContext = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      await operatorContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
      operatorPage = await operatorContext.newPage();
      tenantContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      tenantPage = await tenantContext.newPage();
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await cleanup?.();
    });

    it('signs the operator in by asking the API, and shows the operator views only', async () => {
      const page = operatorPage;
      await page.goto(`${server.baseUrl}/`);
      await page.getByLabel('API key or operator token').waitFor({ timeout: STEP_MS });
      await page.getByLabel('API key or operator token').fill('not-the-operator-token-000000000');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: STEP_MS }).toContain('not the operator token');

      await signIn(page, ADMIN, 'Organizations');
      expect(await page.locator('header').textContent()).toContain('Signed in with the operator token');
      const nav = page.getByRole('navigation', { name: 'Operator console' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Organizations', 'Audit log']);
      expect(await page.getByRole('link', { name: 'Numbers' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Audited' }).waitFor({ timeout: STEP_MS });
      expect(await page.evaluate('Object.values(sessionStorage)')).toContain(ADMIN);
      expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain(ADMIN);
      await expectAccessible(page, 'organizations');

      // An organization's page is not the operator's: the operator is told where it is.
      await page.goto(`${server.baseUrl}/numbers`);
      await page.getByRole('heading', { level: 1, name: 'Not an operator page' }).waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'not an operator page');
    }, 120_000);

    it('creates an organization and a key with the chosen scopes, shown once with a copy button', async () => {
      const page = operatorPage;
      await page.goto(`${server.baseUrl}/organizations`);
      await page.getByLabel('Name', { exact: true }).fill(`Acme Voice ${target.driver}`);
      await page.getByRole('button', { name: 'Create organization' }).click();
      await page.getByRole('heading', { level: 1, name: `Acme Voice ${target.driver}` }).waitFor({ timeout: STEP_MS });
      const acmeId = new URL(page.url()).pathname.replace('/organizations/', '');
      const acme = await call(server.baseUrl, 'GET', `/v1/organizations/${acmeId}`, ADMIN);
      expect(acme.body.name).toBe(`Acme Voice ${target.driver}`);
      await page.getByRole('heading', { name: 'No keys yet' }).waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'organization without keys');

      await page.getByRole('button', { name: 'Create key' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: STEP_MS }).toContain('Choose at least one scope');
      await page.getByLabel('Name', { exact: true }).fill('billing export');
      await page.getByRole('checkbox', { name: /^phone_numbers:read/ }).check();
      await page.getByRole('checkbox', { name: /^audit:read/ }).check();
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.getByRole('heading', { name: 'Key billing export created' }).waitFor({ timeout: STEP_MS });
      expect(await page.evaluate('document.activeElement.id')).toBe('new-key-title');
      expect(await page.locator('.new-key').textContent()).toContain('you will not see it again');
      const secret = await page.getByLabel('The key').inputValue();
      await page.getByRole('button', { name: 'Copy' }).click();
      await expect.poll(() => page.locator('.new-key [role="status"]').textContent(), { timeout: STEP_MS }).toBe('Copied to the clipboard.');
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
      await expectAccessible(page, 'new key shown once');

      // The key works, for the organization, with exactly the scopes chosen.
      const current = await call(server.baseUrl, 'GET', '/v1/api-keys/current', secret);
      expect(current.status).toBe(200);
      expect(current.body.organization_id).toBe(acmeId);
      expect(current.body.scopes).toEqual(['phone_numbers:read', 'audit:read']);

      // Once put away, the secret is gone from the page; the list shows the key by its prefix.
      await page.getByRole('button', { name: 'I have stored it' }).click();
      expect(await page.getByLabel('The key').count()).toBe(0);
      expect(await page.locator('body').textContent()).not.toContain(secret);
      const row = page.locator('table.api-keys tbody tr', { hasText: 'billing export' });
      await row.waitFor({ timeout: STEP_MS });
      expect(await row.textContent()).toContain(current.body.prefix);
      expect(await row.textContent()).toContain('Active');
    }, 180_000);

    it('revokes a key only after a confirmation that traps the focus and closes on Escape', async () => {
      const page = operatorPage;
      await page.goto(`${server.baseUrl}/organizations`);
      await page.getByRole('link', { name: 'Audited' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audited' }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).pathname).toBe(`/organizations/${orgId}`);
      // The heading that replaced the placeholder shown while the organization loaded has the focus.
      await expect.poll(() => page.evaluate('document.activeElement?.id'), { timeout: STEP_MS }).toBe('organization-title');
      const revoke = page.getByRole('button', { name: `Revoke viewer (${viewerPrefix}…)` });
      await revoke.click();
      const dialog = page.getByRole('dialog', { name: 'Revoke the key viewer?' });
      await dialog.waitFor({ timeout: STEP_MS });
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Cancel');
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate("Boolean(document.activeElement.closest('dialog'))")).toBe(true);
      }
      await expectAccessible(page, 'revoke dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Revoke');
      const listed = async () =>
        (await call(server.baseUrl, 'GET', `/v1/organizations/${orgId}/api-keys`, ADMIN)).body.data.find((k: { name: string }) => k.name === 'viewer');
      expect((await listed()).revoked_at).toBeNull();

      await revoke.click();
      await dialog.getByRole('button', { name: 'Revoke key' }).click();
      await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
      await expect.poll(() => page.locator('.keys [role="status"]').first().textContent(), { timeout: STEP_MS }).toContain(`Key ${viewerPrefix}… (viewer) is revoked`);
      await page.locator('table.api-keys tbody tr', { hasText: 'viewer' }).getByText(/^Revoked/).waitFor({ timeout: STEP_MS });
      expect((await listed()).revoked_at).not.toBeNull();
      // The other key of the organization still works; the revoked one authenticates nothing.
      expect((await call(server.baseUrl, 'GET', '/v1/api-keys/current', key)).status).toBe(200);
      await expectAccessible(page, 'organization with keys');
    }, 120_000);

    it('shows a key of an organization no operator view', async () => {
      const page = tenantPage;
      await page.goto(`${server.baseUrl}/organizations`);
      await signIn(page, key, 'Page not found');
      await expectAccessible(page, 'page not found');
      const nav = page.getByRole('navigation', { name: 'Console' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Numbers', 'Orders', 'Import', 'Audit log']);
      expect(await page.getByRole('link', { name: 'Organizations' }).count()).toBe(0);
      const header = (await page.locator('header').textContent())!;
      expect(header).toContain(keyPrefix);
      expect(header).not.toContain('Operator');
    }, 120_000);

    it('filters the audit log with its state in the URL, pages by cursor and reads each record', async () => {
      const page = tenantPage;
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor({ timeout: STEP_MS });
      await page.locator('.table-wrap[aria-busy="false"]').waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'audit log');

      // Every change of the numbers: each created, each renamed twice.
      const params = () => new URL(page.url()).searchParams;
      await page.getByLabel('Action').fill('phone_number.*');
      await page.getByLabel('Action').press('Enter');
      await expect.poll(() => params().get('action'), { timeout: STEP_MS }).toBe('phone_number.*');
      await page.locator('.table-wrap[aria-busy="false"]').waitFor({ timeout: STEP_MS });
      await page.getByLabel('Per page').selectOption('25');
      await waitForRecords(page, 25);
      expect(params().get('action')).toBe('phone_number.*');
      expect(params().get('limit')).toBe('25');
      await page.getByRole('button', { name: 'Next page' }).click();
      await waitForRecords(page, NUMBERS * 3 - 25);
      expect(params().get('cursor')).toBeTruthy();
      await page.getByRole('button', { name: 'Previous page' }).click();
      await waitForRecords(page, 25);
      expect(params().get('cursor')).toBeNull();

      // One number's renames: who, through what, from what to what, which request.
      const first = numbers[0]!;
      await page.getByLabel('Action').fill('phone_number.updated');
      await page.getByLabel('Phone number').fill(first.number);
      await page.getByRole('button', { name: 'Apply' }).click();
      await waitForRecords(page, 2);
      // The form is not rebuilt for the new URL: the button used keeps the focus.
      expect(await page.evaluate<string>('document.activeElement.textContent.trim()')).toBe('Apply');
      const newest = (await page.locator('table.audit-records tbody tr').first().textContent())!;
      expect(newest).toContain(`API key ${keyPrefix}`);
      expect(newest).toContain('The Dialtone API');
      expect(newest).toContain(first.number);
      expect(newest).toMatch(/Friendly name: Night line\s*→?\s*changed to\s*Day line/);
      expect(newest).toContain(renameRequestId);

      // Narrowed to the request by its link; then only refusals, kept across a reload.
      await page.getByRole('link', { name: renameRequestId }).click();
      await waitForRecords(page, 1);
      expect(params().get('request_id')).toBe(renameRequestId);
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await expect.poll(() => params().get('request_id'), { timeout: STEP_MS }).toBeNull();
      await page.getByLabel('Outcome').selectOption('refused');
      await waitForRecords(page, REFUSED);
      await page.reload();
      await waitForRecords(page, REFUSED);
      expect(await page.getByLabel('Outcome').inputValue()).toBe('refused');
      for (const text of await page.locator('table.audit-records tbody tr').allTextContents()) {
        expect(text).toContain(`API key ${viewerPrefix}`);
        expect(text).toContain('Refused: insufficient_scope');
        expect(text).toContain('numbers.update');
      }
      const refusedView = page.url();

      // A date range before anything happened: nothing matches, and the view says what to do.
      // Whole seconds, and not :00, which a datetime-local field would leave out of its value.
      const day = new Date(Date.now() - 24 * 3600_000);
      day.setUTCSeconds(30, 0);
      const before = day.toISOString();
      const local = (await page.evaluate(`(() => { const d = new Date(${JSON.stringify(before)}); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19); })()`)) as string;
      await page.getByLabel('Before').fill(local);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('heading', { name: 'No records match these filters' }).waitFor({ timeout: STEP_MS });
      expect(params().get('created_before')).toBe(before);
      await expectAccessible(page, 'audit log, empty');
      await page.goto(refusedView);
      await waitForRecords(page, REFUSED);
    }, 240_000);

    it('exports the current filter through fetch with the key in its header, never in a URL', async () => {
      const page = tenantPage;
      const exports: Request[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/audit-log/export')) exports.push(request);
      });
      const csv = await download(page, () => page.getByRole('button', { name: 'Export these records' }).click());
      expect(csv.url).toMatch(/^blob:/);
      expect(csv.name).toMatch(/\.csv$/);
      const lines = csv.text.trim().split(/\r?\n/);
      expect(lines).toHaveLength(1 + REFUSED);
      for (const line of lines.slice(1)) {
        expect(line).toContain('refused');
        expect(line).toContain('insufficient_scope');
      }
      await expect.poll(() => page.locator('.audit-export [role="status"]').textContent(), { timeout: STEP_MS }).toContain('Downloaded');

      await page.getByLabel('Export as').selectOption('ndjson');
      const ndjson = await download(page, () => page.getByRole('button', { name: 'Export these records' }).click());
      const records = ndjson.text.trim().split('\n').map((line) => JSON.parse(line) as { outcome: string; actor: { key_prefix: string } });
      expect(records).toHaveLength(REFUSED);
      expect(records.every((r) => r.outcome === 'refused' && r.actor.key_prefix === viewerPrefix)).toBe(true);

      expect(exports).toHaveLength(2);
      for (const request of exports) {
        const url = new URL(request.url());
        expect(url.pathname).toBe('/v1/audit-log/export');
        expect(url.searchParams.get('outcome')).toBe('refused');
        expect(request.url()).not.toContain(key);
        expect(await request.headerValue('authorization')).toBe(`Bearer ${key}`);
      }
      expect(exports.map((r) => new URL(r.url()).searchParams.get('format'))).toEqual(['csv', 'ndjson']);
      // The exports are recorded in the organization's log, as the API records them.
      const logged = await call(server.baseUrl, 'GET', '/v1/audit-log?action=audit_log.export', key);
      expect(logged.body.data.length).toBeGreaterThanOrEqual(1);
    }, 120_000);

    it("gives the operator every organization's log, narrowed to one from its page, and its export", async () => {
      const page = operatorPage;
      await page.goto(`${server.baseUrl}/organizations/${orgId}`);
      await page.getByRole('link', { name: 'Its audit log' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).searchParams.get('organization_id')).toBe(orgId);
      expect(await page.getByLabel('Organization id').inputValue()).toBe(orgId);
      await page.getByLabel('Outcome').selectOption('refused');
      await waitForRecords(page, REFUSED);
      const row = page.locator('table.audit-records tbody tr').first();
      expect(await row.getByRole('link', { name: `${orgId.slice(0, 8)}…` }).getAttribute('href')).toBe(`/organizations/${orgId}`);
      await expectAccessible(page, 'operator audit log');

      const csv = await download(page, () => page.getByRole('button', { name: 'Export these records' }).click());
      expect(csv.text.trim().split(/\r?\n/)).toHaveLength(1 + REFUSED);

      // The operator's own reads, under no organization.
      await page.goto(`${server.baseUrl}/audit-log?actor_type=operator`);
      await page.locator('.table-wrap[aria-busy="false"]').waitFor({ timeout: STEP_MS });
      const own = await page.locator('table.audit-records tbody tr').allTextContents();
      expect(own.length).toBeGreaterThan(0);
      for (const text of own) expect(text).toContain('The operator');
    }, 120_000);
  });
}
