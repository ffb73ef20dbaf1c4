import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, consoleTargets, expectAccessible, launchChromium, takeScreenshot } from '../support/browser.js';
import { postgresAvailable } from '../support/postgres.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';
import { startWebhookReceiver, verifies, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The console's webhooks and orders pages in a real browser (Debian's Chromium, headless)
 * against the real server process, with a real receiver on loopback that the server may call
 * (DIALTONE_EGRESS_ALLOW): add an endpoint from the published event types and see its secret
 * once, send a test event that arrives signed, edit, disable and enable, rotate the secret with
 * a grace period, read the delivery log with each attempt's response code, resend a delivery,
 * recover a disabled endpoint's failures, page the log, delete with confirmation; list and page
 * the orders and open one with its per-number results. Each change is read back through the
 * API, and axe-core checks each view in the light and dark themes. The run on the embedded
 * database takes the README's screenshot of an endpoint's page when asked to (DIALTONE_SCREENSHOTS=1).
 */

const ADMIN = 'browser-admin-token-0000000000';
const STEP_MS = 60_000;
/** Two attempts a second apart, then a delivery has failed: a failure shows in a few seconds. */
const RETRY_SCHEDULE = '0,1';
const ORDERS = 22;

const targets = consoleTargets('dialtone-console-webhooks-');

/** Whether the focused element is inside an open dialog. */
const focusInDialog = (page: Page) => page.evaluate('Boolean(document.activeElement && document.activeElement.closest("dialog[open]"))');
const focusedText = (page: Page) => page.evaluate('document.activeElement ? document.activeElement.textContent : null');

interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  previous_secret_expires_at: string | null;
}

for (const target of targets) {
  describe.skipIf(chromiumMissing || (target.driver === 'postgres' && !postgresAvailable))(`the console's webhooks and orders in Chromium [${target.driver}]`, () => {
    let server: ServerProcess;
    let receiver: WebhookReceiver;
    let cleanup: () => Promise<void>;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let key: string;
    let webhooksOnlyKey: string;
    let endpointId: string;
    let secret: string;

    const api = (method: string, path: string, body?: unknown) => call(server.baseUrl, method, path, key, body);
    const endpointNow = async (): Promise<Endpoint> => {
      const res = await api('GET', `/v1/webhook-endpoints/${endpointId}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const testEvents = () => receiver.requests.filter((request) => JSON.parse(request.body).type === 'webhook_endpoint.test');
    const dialog = () => page.getByRole('dialog');
    const status = () => page.locator('.endpoint-view > .form-status');
    const deliveryRows = () => page.locator('.deliveries-table tbody tr');
    /** Sends a test event with the console's button; answers its id, as the console reports it. */
    const sendTestEvent = async () => {
      const before = await status().textContent();
      await page.getByRole('button', { name: 'Send test event' }).click();
      const reported = async () => {
        const text = await status().textContent();
        return text !== before ? /^Test event (\S+) sent/.exec(text ?? '')?.[1] : undefined;
      };
      await expect.poll(reported, { timeout: STEP_MS }).toBeTruthy();
      return (await reported())!;
    };

    beforeAll(async () => {
      const setup = await target.env();
      cleanup = setup.cleanup;
      receiver = await startWebhookReceiver();
      server = await startServerProcess(
        {
          ...setup.env,
          DIALTONE_ADMIN_TOKEN: ADMIN,
          DIALTONE_EGRESS_ALLOW: `127.0.0.1:${receiver.port}`,
          DIALTONE_WEBHOOK_RETRY_SCHEDULE: RETRY_SCHEDULE,
          DIALTONE_WEBHOOK_TIMEOUT_MS: '5000',
        },
        240_000,
      );
      const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Console webhooks' });
      const keys = `/v1/organizations/${org.body.id}/api-keys`;
      const scopes = ['phone_numbers:read', 'phone_numbers:purchase', 'webhooks:read', 'webhooks:write'];
      key = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'integrations', scopes })).body.key;
      webhooksOnlyKey = (await call(server.baseUrl, 'POST', keys, ADMIN, { name: 'webhook viewer', scopes: ['webhooks:read'] })).body.key;
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      page = await context.newPage();
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await receiver?.close();
      await cleanup?.();
    });

    it('adds an endpoint with event types chosen from the published ones, and shows its signing secret once', async () => {
      await page.goto(`${server.baseUrl}/webhooks`);
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor({ timeout: STEP_MS });
      await page.getByRole('heading', { name: 'No webhook endpoints yet' }).waitFor({ timeout: STEP_MS });
      expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents()).toEqual(['Numbers', 'Buy', 'Orders', 'Webhooks']);
      await expectAccessible(page, 'webhooks, empty');

      // A dialog takes the focus, keeps it, and gives it back when Escape closes it.
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await dialog().waitFor({ timeout: STEP_MS });
      // A form opens on its first field.
      expect(await page.evaluate('document.activeElement.id')).toBe('endpoint-url');
      for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
      expect(await focusInDialog(page)).toBe(true);
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'detached', timeout: STEP_MS });
      expect(await focusedText(page)).toBe('Add endpoint');

      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByLabel('URL').fill(receiver.url('/hook'));
      await page.getByLabel('Description').fill('CRM sync');
      await dialog().getByRole('button', { name: 'Add endpoint' }).click();
      await dialog().getByRole('alert').filter({ hasText: 'Choose at least one event type.' }).waitFor({ timeout: STEP_MS });

      await page.getByRole('checkbox', { name: /Every phone number event/ }).check();
      // The wildcard covers each phone number type: shown ticked, not to be unticked alone.
      const updated = page.getByRole('checkbox', { name: /phone_number\.updated/ });
      expect([await updated.isChecked(), await updated.isDisabled()]).toEqual([true, true]);
      await page.getByRole('checkbox', { name: /number_order\.completed/ }).check();
      await expectAccessible(page, 'add endpoint dialog');
      await dialog().getByRole('button', { name: 'Add endpoint' }).click();

      await page.getByRole('heading', { name: 'Endpoint added' }).waitFor({ timeout: STEP_MS });
      secret = await page.getByLabel('Signing secret').inputValue();
      expect(secret).toMatch(/^whsec_/);
      const listed = await api('GET', '/v1/webhook-endpoints');
      expect(listed.body.data).toHaveLength(1);
      const created: Endpoint = listed.body.data[0];
      endpointId = created.id;
      expect(created).toMatchObject({ url: receiver.url('/hook'), description: 'CRM sync', enabled: true });
      expect([...created.event_types].sort()).toEqual(['number_order.completed', 'phone_number.*']);

      await page.getByRole('button', { name: 'I have stored the secret' }).click();
      await page.getByRole('heading', { level: 1, name: receiver.url('/hook') }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).pathname).toBe(`/webhooks/${endpointId}`);
      // Shown once: nowhere in the page or the tab's storage once the dialog is closed.
      expect(await page.content()).not.toContain(secret);
      expect(await page.evaluate('JSON.stringify(sessionStorage) + JSON.stringify(localStorage)')).not.toContain(secret);
      await page.getByRole('heading', { name: 'Nothing delivered yet' }).waitFor({ timeout: STEP_MS });

      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('link', { name: receiver.url('/hook') }).waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'webhooks, with an endpoint');
      await page.getByRole('link', { name: receiver.url('/hook') }).click();
      await page.getByRole('heading', { name: 'Nothing delivered yet' }).waitFor({ timeout: STEP_MS });
    }, 180_000);

    it('sends a test event that arrives at the receiver signed, and logs its delivery with the response code', async () => {
      const sent = await sendTestEvent();
      await expect.poll(() => testEvents().length, { timeout: STEP_MS }).toBe(1);
      const request = testEvents()[0]!;
      expect(verifies(secret, request)).toBe(true);
      expect(JSON.parse(request.body)).toMatchObject({ id: sent, type: 'webhook_endpoint.test', resource_id: endpointId });

      // The log reads itself again while a delivery is pending: no reload needed.
      await expect.poll(() => deliveryRows().count(), { timeout: STEP_MS }).toBe(1);
      await expect.poll(() => deliveryRows().first().textContent(), { timeout: STEP_MS }).toContain('#1 Delivered: HTTP 200');
      expect(await deliveryRows().first().textContent()).toContain(sent);
      await expectAccessible(page, 'webhook endpoint');
    }, 120_000);

    it('edits the endpoint, disables it only after confirmation, and enables it again', async () => {
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByLabel('Description').fill('CRM sync (EU)');
      await page.getByRole('checkbox', { name: /Every phone number event/ }).uncheck();
      await page.getByRole('checkbox', { name: /phone_number\.updated/ }).check();
      await expectAccessible(page, 'edit endpoint dialog');
      await dialog().getByRole('button', { name: 'Save changes' }).click();
      await dialog().waitFor({ state: 'detached', timeout: STEP_MS });
      await expect.poll(() => status().textContent(), { timeout: STEP_MS }).toBe('Saved.');
      const edited = await endpointNow();
      expect(edited.description).toBe('CRM sync (EU)');
      expect([...edited.event_types].sort()).toEqual(['number_order.completed', 'phone_number.updated']);
      expect(await page.locator('.endpoint-details').textContent()).toContain('Phone numbers: Updated');

      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      await page.getByRole('heading', { name: 'Disable the endpoint?' }).waitFor({ timeout: STEP_MS });
      // A confirmation opens on its safe answer.
      expect(await focusedText(page)).toBe('Cancel');
      await expectAccessible(page, 'disable dialog');
      await dialog().getByRole('button', { name: 'Cancel' }).click();
      await dialog().waitFor({ state: 'detached', timeout: STEP_MS });
      expect((await endpointNow()).enabled).toBe(true);

      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      await dialog().getByRole('button', { name: 'Disable endpoint' }).click();
      await page.getByRole('heading', { name: 'Disabled: nothing is sent to it' }).waitFor({ timeout: STEP_MS });
      expect(await endpointNow()).toMatchObject({ enabled: false, disabled_reason: 'Disabled through the API.' });
      expect(await page.getByRole('button', { name: 'Send test event' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Resend event/ }).count()).toBe(0);
      await expectAccessible(page, 'disabled endpoint');

      await page.getByRole('button', { name: 'Enable', exact: true }).click();
      await page.getByRole('button', { name: 'Send test event' }).waitFor({ timeout: STEP_MS });
      expect(await endpointNow()).toMatchObject({ enabled: true, disabled_reason: null });
    }, 120_000);

    it('rotates the secret with a grace period: the new one is shown once, and deliveries carry both signatures', async () => {
      await page.getByRole('button', { name: 'Rotate secret' }).click();
      await page.getByLabel('The former secret also signs for').selectOption({ label: '7 days' });
      await expectAccessible(page, 'rotate secret dialog');
      const asked = Date.now();
      await dialog().getByRole('button', { name: 'Rotate secret' }).click();
      await page.getByRole('heading', { name: 'Secret rotated' }).waitFor({ timeout: STEP_MS });
      const rotated = await page.getByLabel('New signing secret').inputValue();
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(secret);
      await expectAccessible(page, 'rotated secret shown once');
      const expires = Date.parse((await endpointNow()).previous_secret_expires_at!);
      expect(Math.abs(expires - (asked + 7 * 86_400_000))).toBeLessThan(120_000);
      await page.getByRole('button', { name: 'I have stored the secret' }).click();
      await dialog().waitFor({ state: 'detached', timeout: STEP_MS });
      expect(await page.locator('.endpoint-details').textContent()).toContain('Also signs until');

      const sent = await sendTestEvent();
      await expect.poll(() => testEvents().length, { timeout: STEP_MS }).toBe(2);
      const request = testEvents()[1]!;
      expect(JSON.parse(request.body).id).toBe(sent);
      expect([verifies(rotated, request), verifies(secret, request)]).toEqual([true, true]);
      secret = rotated;
    }, 120_000);

    it("shows each failed attempt's response code, resends a delivery, and recovers a disabled endpoint's failures", async () => {
      receiver.answer({ status: 503, body: 'down for maintenance' });
      const eventId = await sendTestEvent();
      // Two attempts a second apart: the log reads itself again until the delivery has failed.
      await expect.poll(() => deliveryRows().filter({ hasText: eventId }).textContent(), { timeout: STEP_MS }).toContain('#2 Failed: HTTP 503');
      await page.getByLabel('Status', { exact: true }).selectOption('failed');
      await expect.poll(() => new URL(page.url()).searchParams.get('status'), { timeout: STEP_MS }).toBe('failed');
      await expect.poll(() => deliveryRows().count(), { timeout: STEP_MS }).toBe(1);
      const failed = deliveryRows().first();
      const text = (await failed.textContent())!;
      expect(text).toContain('#1 Failed: HTTP 503');
      expect(text).toContain('#2 Failed: HTTP 503');
      expect(text).toContain('Server error at the endpoint');
      await failed.getByText('Answer').first().click();
      expect(await failed.locator('pre').first().textContent()).toBe('down for maintenance');
      await expectAccessible(page, 'delivery log, failed');

      receiver.answer({ status: 200, body: 'ok' });
      await failed.getByRole('button', { name: `Resend event ${eventId}` }).click();
      await expect.poll(() => status().textContent(), { timeout: STEP_MS }).toBe(`Event ${eventId} queued again for this endpoint.`);
      await page.getByLabel('Status', { exact: true }).selectOption('');
      const resent = deliveryRows().filter({ hasText: eventId });
      await expect.poll(() => resent.textContent(), { timeout: STEP_MS }).toContain('#3 Delivered: HTTP 200');
      const deliveries = await api('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`);
      const delivery = deliveries.body.data.find((d: { event_id: string }) => d.event_id === eventId);
      expect(delivery.status).toBe('succeeded');
      expect(delivery.attempts.map((a: { response_status: number }) => a.response_status)).toEqual([503, 503, 200]);

      // An outage: a delivery fails, the endpoint is disabled; enabling it resends what failed.
      receiver.answer({ status: 503, body: 'down again' });
      const lost = await sendTestEvent();
      await expect.poll(() => deliveryRows().filter({ hasText: lost }).textContent(), { timeout: STEP_MS }).toContain('#2 Failed: HTTP 503');
      expect(testEvents().filter((request) => JSON.parse(request.body).id === lost)).toHaveLength(2);
      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      await dialog().getByRole('button', { name: 'Disable endpoint' }).click();
      await page.getByRole('button', { name: 'Enable and resend failures' }).waitFor({ timeout: STEP_MS });
      receiver.answer({ status: 200, body: 'ok' });
      await page.getByRole('button', { name: 'Enable and resend failures' }).click();
      await page.getByRole('heading', { name: 'Enable and resend failed deliveries' }).waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'recover dialog');
      await dialog().getByRole('button', { name: 'Enable and resend' }).click();
      await expect.poll(() => status().textContent(), { timeout: STEP_MS }).toBe('Enabled; 1 failed delivery queued again.');
      expect((await endpointNow()).enabled).toBe(true);
      await expect
        .poll(() => testEvents().filter((request) => JSON.parse(request.body).id === lost).length, { timeout: STEP_MS })
        .toBe(3);
      await expect.poll(() => deliveryRows().filter({ hasText: lost }).textContent(), { timeout: STEP_MS }).toContain('#3 Delivered: HTTP 200');
      if (target.driver === 'pglite') await takeScreenshot(page, 'console-webhook.png', { fullPage: true });
    }, 180_000);

    it('pages the delivery log by cursor, kept in the URL', async () => {
      for (let i = 0; i < 20; i++) expect((await api('POST', `/v1/webhook-endpoints/${endpointId}/test`)).status).toBe(202);
      const total = (await api('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?limit=200`)).body.data.length as number;
      expect(total).toBeGreaterThan(20);
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => deliveryRows().count(), { timeout: STEP_MS }).toBe(20);
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => deliveryRows().count(), { timeout: STEP_MS }).toBe(total - 20);
      expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
      await page.reload();
      await expect.poll(() => deliveryRows().count(), { timeout: STEP_MS }).toBe(total - 20);
      await page.getByRole('button', { name: 'First page' }).click();
      await expect.poll(() => deliveryRows().count(), { timeout: STEP_MS }).toBe(20);
      expect(new URL(page.url()).searchParams.get('cursor')).toBeNull();
    }, 120_000);

    it('shows a key with webhooks:read alone the endpoints and their log, and no action', async () => {
      const viewer = await browser.newContext();
      try {
        const tab = await viewer.newPage();
        await tab.goto(`${server.baseUrl}/webhooks`);
        await tab.getByLabel('API key').fill(webhooksOnlyKey);
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.getByRole('link', { name: receiver.url('/hook') }).click();
        await tab.getByRole('heading', { level: 1, name: receiver.url('/hook') }).waitFor({ timeout: STEP_MS });
        await tab.getByText('This key can read this endpoint but not change it').waitFor({ timeout: STEP_MS });
        await expect.poll(() => tab.locator('.deliveries-table tbody tr').count(), { timeout: STEP_MS }).toBe(20);
        for (const name of ['Send test event', 'Edit', 'Delete', 'Rotate secret', 'Add endpoint']) expect(await tab.getByRole('button', { name }).count()).toBe(0);
        expect(await tab.getByRole('button', { name: /^Resend event/ }).count()).toBe(0);
        expect(await tab.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents()).toEqual(['Numbers', 'Webhooks']);
        await expectAccessible(tab, 'webhook endpoint, read only');
        await tab.goto(`${server.baseUrl}/orders`);
        await tab.getByRole('heading', { name: 'This key cannot read orders' }).waitFor({ timeout: STEP_MS });
      } finally {
        await viewer.close();
      }
    }, 120_000);

    it('deletes the endpoint only after confirmation', async () => {
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('heading', { name: 'Delete the endpoint?' }).waitFor({ timeout: STEP_MS });
      expect(await focusedText(page)).toBe('Cancel');
      await expectAccessible(page, 'delete dialog');
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'detached', timeout: STEP_MS });
      expect(await focusedText(page)).toBe('Delete');
      expect((await api('GET', `/v1/webhook-endpoints/${endpointId}`)).status).toBe(200);

      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await dialog().getByRole('button', { name: 'Delete endpoint' }).click();
      await page.getByRole('heading', { name: 'No webhook endpoints yet' }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).pathname).toBe('/webhooks');
      expect((await api('GET', `/v1/webhook-endpoints/${endpointId}`)).status).toBe(404);
    }, 120_000);

    it("lists the orders with status and dates, pages them, and opens one with each number's outcome", async () => {
      const offers = await api('GET', `/v1/available-phone-numbers?country=US&area_code=303&limit=${ORDERS}`);
      expect(offers.status).toBe(200);
      const numbers = (offers.body.data as { number: string }[]).map((offer) => offer.number);
      expect(numbers).toHaveLength(ORDERS);
      // The oldest order: one number bought, one the sandbox does not have.
      const partial = await api('POST', '/v1/number-orders', { phone_numbers: [numbers[0], '+1 900 555 0100'], customer_reference: 'ticket-7' });
      expect([partial.status, partial.body.status]).toEqual([201, 'partial']);
      for (const number of numbers.slice(1)) expect((await api('POST', '/v1/number-orders', { phone_numbers: [number] })).status).toBe(201);

      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Orders' }).click();
      await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor({ timeout: STEP_MS });
      const rows = page.locator('table.orders tbody tr');
      await expect.poll(() => rows.count(), { timeout: STEP_MS }).toBe(20);
      expect(await rows.first().textContent()).toContain('Complete');
      expect(await rows.first().textContent()).toContain('1 bought');
      await expectAccessible(page, 'orders');
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => rows.count(), { timeout: STEP_MS }).toBe(ORDERS - 20);
      expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
      const last = rows.last();
      expect(await last.textContent()).toMatch(/Partial.*1 of 2 bought.*Sandbox.*ticket-7/);

      await last.getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Some numbers bought' }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).pathname).toBe(`/orders/${partial.body.id}`);
      expect(await page.locator('.subtitle').textContent()).toMatch(/Partial · 1 of 2 bought · placed .* · reference ticket-7/);
      const results = page.locator('.order-results tbody tr');
      await expect.poll(() => results.count(), { timeout: STEP_MS }).toBe(2);
      expect(await results.nth(0).textContent()).toContain('Bought');
      const refused = (await results.nth(1).textContent())!;
      expect(refused).toContain('Not bought');
      expect(refused).toContain(partial.body.phone_numbers[1].error.detail);
      expect(refused).toContain('number_unavailable');
      expect(await results.nth(1).getByRole('link').count()).toBe(0);
      await expectAccessible(page, 'order');

      await results.nth(0).getByRole('link', { name: numbers[0] }).click();
      const bought = await api('GET', `/v1/phone-numbers/${partial.body.phone_numbers[0].phone_number_id}`);
      await page.getByRole('heading', { level: 1, name: bought.body.international_format }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).pathname).toBe(`/numbers/${bought.body.id}`);
    }, 240_000);
  });
}
