import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, consoleTargets, expectAccessible, launchChromium, takeScreenshot } from '../support/browser.js';
import { postgresAvailable } from '../support/postgres.js';
import { callJson as call, startServerProcess, type ServerProcess } from '../support/process.js';

/**
 * Buying numbers in the console, in a real browser against the real server process and its
 * sandbox carrier: search (country, type, area code, a vanity pattern shown as digits,
 * capabilities), an empty result that offers what to drop, a cart kept for the tab's session,
 * an order placed once however often it is clicked or retried, and its per-number result,
 * each read back through the API.
 */

const ADMIN = 'browser-admin-token-0000000000';
const STEP_MS = 60_000;

const targets = consoleTargets('dialtone-console-buy-');

/** The international formats the results table shows, in its order. */
const shownNumbers = (page: Page) =>
  page.locator('.buy-results tbody th').evaluateAll((cells) => cells.map((cell) => cell.firstChild!.textContent!.trim()));

/** Waits until the results table shows these numbers (international formats), in this order. */
async function expectResults(page: Page, numbers: { international_format: string }[]) {
  await expect.poll(() => shownNumbers(page), { timeout: STEP_MS }).toEqual(numbers.map((n) => n.international_format));
}

const cartCount = (page: Page) => page.locator('.cart-items li').count();

/** Every order request the page sends, with its Idempotency-Key. */
function recordOrders(page: Page): string[] {
  const keys: string[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/number-orders') keys.push(request.headers()['idempotency-key'] ?? '');
  });
  return keys;
}

for (const target of targets) {
  describe.skipIf(chromiumMissing || (target.driver === 'postgres' && !postgresAvailable))(`buying numbers in the console [${target.driver}]`, () => {
    let server: ServerProcess;
    let cleanup: () => Promise<void>;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let key: string;
    let searchOnlyKey: string;
    let rivalKey: string;
    const api = (method: string, path: string, body?: unknown, token = key) => call(server.baseUrl, method, path, token, body);

    beforeAll(async () => {
      const setup = await target.env();
      cleanup = setup.cleanup;
      server = await startServerProcess({ ...setup.env, DIALTONE_ADMIN_TOKEN: ADMIN }, 240_000);
      const newKey = async (orgId: string, name: string, scopes: string[]) =>
        (await call(server.baseUrl, 'POST', `/v1/organizations/${orgId}/api-keys`, ADMIN, { name, scopes })).body.key as string;
      const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Buyers' });
      key = await newKey(org.body.id, 'numbers desk', ['phone_numbers:read', 'phone_numbers:purchase']);
      searchOnlyKey = await newKey(org.body.id, 'support', ['phone_numbers:read']);
      const rival = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Rival' });
      rivalKey = await newKey(rival.body.id, 'rival desk', ['phone_numbers:read', 'phone_numbers:purchase']);
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      page = await context.newPage();
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await cleanup?.();
    });

    it('searches by country, type, pattern typed as letters and capabilities, with prices, and says what to drop when nothing matches', async () => {
      await page.goto(`${server.baseUrl}/buy`);
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Buy numbers' }).waitFor({ timeout: STEP_MS });
      expect(await page.getByRole('link', { name: 'Buy', exact: true }).getAttribute('aria-current')).toBe('page');
      // The countries offered are the ones the API says the organization can buy in.
      const countries = (await api('GET', '/v1/available-phone-numbers/countries')).body.data.map((c: any) => c.country);
      await expect.poll(() => page.locator('#buy-country option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))), { timeout: STEP_MS }).toEqual(countries);
      await expectAccessible(page, 'buy, before a search');

      // Types follow the country: Germany sells mobile numbers, the US does not.
      const typeNames = () => page.locator('#buy-type option').allTextContents();
      await page.getByLabel('Country').selectOption('DE');
      await expect.poll(typeNames, { timeout: STEP_MS }).toEqual(['Local', 'Mobile', 'Toll free']);
      // Every sandbox country is searched by region (its ISO 3166-2 subdivisions).
      expect(await page.getByLabel('Region').isDisabled()).toBe(false);
      await page.getByLabel('Country').selectOption('US');
      await expect.poll(typeNames, { timeout: STEP_MS }).toEqual(['Local', 'Toll free']);
      expect(await page.getByLabel('Region').isDisabled()).toBe(false);

      await page.getByLabel('Type').selectOption('toll_free');
      await page.getByLabel('Where the pattern matches').selectOption('ends_with');
      await page.getByLabel('Digits or letters').fill('FLOWERS');
      await expect.poll(() => page.locator('#buy-pattern-help').textContent(), { timeout: STEP_MS }).toBe('Searches the digits 3569377');
      const offered = (await api('GET', '/v1/available-phone-numbers?country=US&number_type=toll_free&ends_with=3569377&limit=50')).body.data;
      expect(offered.length).toBeGreaterThan(0);
      for (const n of offered) expect(n.number.endsWith('3569377')).toBe(true);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expectResults(page, offered);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ country: 'US', number_type: 'toll_free', ends_with: 'FLOWERS' });
      // The form is not rebuilt for the new URL: the button used keeps the focus.
      expect(await page.evaluate<string>('document.activeElement.textContent.trim()')).toBe('Search');
      expect(await page.locator('.buy-results tbody tr').first().textContent()).toContain('$2.15');

      // Reloaded, the same search: the letters typed are still there, shown as the digits searched.
      await page.reload();
      await expectResults(page, offered);
      expect(await page.getByLabel('Digits or letters').inputValue()).toBe('FLOWERS');
      expect(await page.locator('#buy-pattern-help').textContent()).toContain('3569377');

      // Great Britain's local numbers have no SMS: nothing matches, and the view offers to drop the capability.
      await page.getByLabel('Country').selectOption('GB');
      await page.getByLabel('Type').selectOption('local');
      await page.getByLabel('Digits or letters').fill('');
      await page.getByLabel('SMS').check();
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('heading', { name: 'No numbers match this search' }).waitFor({ timeout: STEP_MS });
      await expectAccessible(page, 'buy, no results');
      await page.getByRole('button', { name: 'Without SMS' }).click();
      await expect.poll(async () => (await shownNumbers(page)).length, { timeout: STEP_MS }).toBe(50);
      expect(new URL(page.url()).searchParams.get('capabilities')).toBeNull();
      for (const number of await shownNumbers(page)) expect(number.startsWith('+44')).toBe(true);

      // A search the API refuses says why, in its words.
      await page.getByLabel('Country').selectOption('US');
      await page.getByLabel('Area code').fill('15');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: STEP_MS }).toContain('area_code must be 3 digits');
    }, 240_000);

    it('keeps a cart for the tab, totals it, and buys it once on a double click; a number taken meanwhile fails and says why', async () => {
      const offered = (await api('GET', '/v1/available-phone-numbers?country=US&number_type=local&area_code=212&capabilities=fax&limit=50')).body.data;
      const [first, second, third] = offered as { number: string; international_format: string }[];
      await page.goto(`${server.baseUrl}/buy?country=US&number_type=local&area_code=212&capabilities=fax`);
      await expectResults(page, offered);
      for (const n of [first!, second!]) await page.getByRole('button', { name: `Add ${n.international_format} to the cart` }).click();
      await expect.poll(() => cartCount(page), { timeout: STEP_MS }).toBe(2);
      const totals = page.locator('.totals');
      expect(await totals.textContent()).toBe('Per month$2.30Upfront$2.30');

      // The cart lives in the tab's session: a reload keeps it, as does another search.
      await page.reload();
      await expectResults(page, offered);
      await expect.poll(() => cartCount(page), { timeout: STEP_MS }).toBe(2);
      await page.getByRole('button', { name: `Add ${third!.international_format} to the cart` }).click();
      await expect.poll(() => cartCount(page), { timeout: STEP_MS }).toBe(3);
      await page.getByRole('button', { name: `Remove ${second!.international_format} from the cart` }).first().click();
      await expect.poll(() => cartCount(page), { timeout: STEP_MS }).toBe(2);
      await page.getByRole('button', { name: `Add ${second!.international_format} to the cart` }).click();
      await expect.poll(() => cartCount(page), { timeout: STEP_MS }).toBe(3);
      expect(await totals.textContent()).toBe('Per month$3.45Upfront$3.45');
      await page.getByLabel('Your reference (optional)').fill('ticket-1414');
      await expectAccessible(page, 'buy, with a cart');
      if (target.driver === 'pglite') await takeScreenshot(page, 'console-buy.png');

      // Someone else buys the third number between the search and the order.
      const taken = await api('POST', '/v1/number-orders', { phone_numbers: [third!.number] }, rivalKey);
      expect(taken.body.status).toBe('complete');

      const keys = recordOrders(page);
      await page.getByRole('button', { name: 'Buy 3 numbers' }).dblclick();
      await page.getByRole('heading', { level: 1, name: 'Some numbers bought' }).waitFor({ timeout: STEP_MS });
      const orderId = new URL(page.url()).pathname.replace('/orders/', '');
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(1);

      const orders = (await api('GET', '/v1/number-orders')).body.data;
      expect(orders.map((o: any) => o.id)).toEqual([orderId]);
      expect(orders[0].customer_reference).toBe('ticket-1414');
      // The cart's order: its own numbers, in its order.
      expect(orders[0].phone_numbers.map((item: any) => [item.number, item.status])).toEqual([
        [first!.number, 'purchased'],
        [third!.number, 'failed'],
        [second!.number, 'purchased'],
      ]);
      const rows = page.locator('.order-results tbody tr');
      expect(await rows.count()).toBe(3);
      const failed = (await rows.filter({ hasText: third!.number }).textContent())!;
      expect(failed).toContain('Not bought');
      expect(failed).toContain('no longer available');
      expect(await page.locator('.subtitle').textContent()).toContain('2 of 3 bought');
      await expectAccessible(page, 'order result');

      // Each bought number is the organization's now, active, and its link opens it.
      for (const item of orders[0].phone_numbers.filter((i: any) => i.status === 'purchased')) {
        const number = await api('GET', `/v1/phone-numbers/${item.phone_number_id}`);
        expect(number.body).toMatchObject({ number: item.number, status: 'active', source: 'purchased', customer_reference: 'ticket-1414' });
        expect(await page.getByRole('link', { name: item.number }).getAttribute('href')).toBe(`/numbers/${item.phone_number_id}`);
      }
      await page.getByRole('link', { name: first!.number }).click();
      await page.getByRole('heading', { level: 1, name: first!.international_format }).waitFor({ timeout: STEP_MS });

      // The cart is empty after the order.
      await page.goto(`${server.baseUrl}/buy`);
      await page.getByRole('heading', { name: /^Cart/ }).waitFor({ timeout: STEP_MS });
      expect(await cartCount(page)).toBe(0);
    }, 240_000);

    it('answers a lost answer with a retry that sends the same order, which buys nothing twice', async () => {
      const offered = (await api('GET', '/v1/available-phone-numbers?country=CA&number_type=local&limit=50')).body.data;
      await page.goto(`${server.baseUrl}/buy?country=CA&number_type=local`);
      await expectResults(page, offered);
      const chosen = offered[0] as { number: string; international_format: string };
      await page.getByRole('button', { name: `Add ${chosen.international_format} to the cart` }).click();
      await expect.poll(() => cartCount(page), { timeout: STEP_MS }).toBe(1);
      const before = (await api('GET', '/v1/number-orders')).body.data.length;

      // The order reaches the server and is placed, but its answer never reaches the browser.
      const keys = recordOrders(page);
      await page.route('**/v1/number-orders', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.getByRole('button', { name: 'Buy 1 number' }).click();
      await expect.poll(() => page.locator('#cart-status').textContent(), { timeout: STEP_MS }).toContain('The order was not confirmed');
      const placed = (await api('GET', '/v1/number-orders')).body.data;
      expect(placed.length).toBe(before + 1);
      expect(placed[0].phone_numbers[0]).toMatchObject({ number: chosen.number, status: 'purchased' });
      expect(await cartCount(page)).toBe(1);

      await page.unroute('**/v1/number-orders');
      await page.getByRole('button', { name: 'Try the order again' }).click();
      await page.getByRole('heading', { level: 1, name: 'Numbers bought' }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).pathname).toBe(`/orders/${placed[0].id}`);
      // Both attempts carried the checkout's one key.
      expect(keys.length).toBeGreaterThanOrEqual(2);
      expect(new Set(keys).size).toBe(1);
      const after = (await api('GET', '/v1/number-orders')).body.data;
      expect(after.length).toBe(before + 1);
      const held = await api('GET', `/v1/phone-numbers?search=${encodeURIComponent(chosen.number)}`);
      expect(held.body.data.map((n: any) => n.number)).toEqual([chosen.number]);
    }, 180_000);

    it('lets a key without phone_numbers:purchase search, but shows it no cart and no order', async () => {
      const viewer = await browser.newContext();
      try {
        const tab = await viewer.newPage();
        await tab.goto(`${server.baseUrl}/buy?country=FR&number_type=mobile`);
        await tab.getByLabel('API key').fill(searchOnlyKey);
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.getByRole('heading', { level: 1, name: 'Buy numbers' }).waitFor({ timeout: STEP_MS });
        await tab.getByRole('heading', { name: 'Search only' }).waitFor({ timeout: STEP_MS });
        await expect.poll(async () => (await shownNumbers(tab)).length, { timeout: STEP_MS }).toBe(50);
        expect(await tab.getByRole('button', { name: /to the cart$/ }).count()).toBe(0);
        expect(await tab.getByRole('heading', { name: /^Cart/ }).count()).toBe(0);
        expect(await tab.getByRole('link', { name: 'Buy', exact: true }).count()).toBe(0);
        await expectAccessible(tab, 'buy, search only');
        // An order's former address leads to its one page, /orders/<id>.
        await tab.goto(`${server.baseUrl}/buy/orders/5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e`);
        await tab.getByRole('heading', { level: 1, name: 'Order not found' }).waitFor({ timeout: STEP_MS });
        expect(new URL(tab.url()).pathname).toBe('/orders/5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e');
      } finally {
        await viewer.close();
      }
    }, 120_000);
  });
}
