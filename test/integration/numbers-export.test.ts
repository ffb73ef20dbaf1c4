import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NUMBER_CSV_COLUMNS, importInputOf } from '../../src/numbers/numbers-csv.js';
import type { ImportNumberInput } from '../../src/numbers/numbers.service.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { validNumbers } from '../support/numbers-fixture.js';

/** Names a CSV writer must quote, and names a spreadsheet would run as formulas. */
const HOSTILE_NAMES = [
  'Sales, EMEA',
  'The "main" line',
  'two\nlines',
  'cr\r\nlf',
  '=HYPERLINK("http://x","y")',
  '+1 for support',
  '-minus',
  '@at',
  "'=already quoted",
  "'plain quote",
  '  spaced  ',
];

/** Every column the CSV carries, on numbers that differ in each. */
function inputsFor(numbers: string[]): ImportNumberInput[] {
  const carriers = ['sip', 'byoc', 'telnyx', 'signalwire', 'twilio'] as const;
  return numbers.map((number, i) => ({
    number,
    friendly_name: i < HOSTILE_NAMES.length ? HOSTILE_NAMES[i] : i % 3 === 0 ? undefined : `Line ${i}`,
    tags: i % 4 === 0 ? [] : [`t${i % 3}`, 'export', ...(i % 5 === 0 ? ['=x', 'a"b'] : [])],
    capabilities: i % 2 === 0 ? ['voice', 'sms'] : ['voice'],
    carrier: carriers[i % carriers.length],
    customer_reference: i % 3 === 1 ? `ref,${i}` : undefined,
    connection_id: i % 2 === 1 ? `conn-${i % 4}` : undefined,
    billing_group_id: i % 5 === 2 ? 'bg-1' : undefined,
  }));
}

describeEachDriver('numbers export', (driver) => {
  let t: TestApp;
  let a: Awaited<ReturnType<TestApp['newOrg']>>;
  const inputs = inputsFor(validNumbers(40, 1207));

  /** The answer as text, however many lines (the harness would parse a one-line body as JSON). */
  const exportOf = async (key: string, query = '') => {
    const response = await fetch(`${t.baseUrl}/v1/phone-numbers/export${query}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const csvRows = (text: string): Record<string, string>[] => parse(text, { columns: true });
  const ndjson = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line));

  beforeAll(async () => {
    t = await startTestApp(driver);
    a = await t.newOrg();
    const result = await t.dialtone.services.numbers.importBatch(a.orgId, inputs);
    expect(result.rejected).toEqual([]);
  });
  afterAll(() => t.close());

  it("writes CSV with the import's columns, quoting and guarding what needs it", async () => {
    const res = await exportOf(a.key, '?format=csv&sort=number');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="phone-numbers.csv"');
    expect(res.text.split('\r\n')[0]).toBe(NUMBER_CSV_COLUMNS.join(','));
    // Every number is written E.164 behind the guard: a spreadsheet shows it instead of adding it up.
    expect(res.text).toContain("\r\n'+");
    expect(res.text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(res.text).toContain(`"two\nlines"`);

    const rows = csvRows(res.text);
    const sorted = [...inputs].sort((x, y) => (x.number < y.number ? -1 : 1));
    expect(rows.map((row) => importInputOf(row))).toEqual(
      sorted.map((input) => ({
        number: input.number,
        country: expect.any(String),
        friendly_name: input.friendly_name,
        tags: input.tags?.length ? input.tags : undefined,
        capabilities: input.capabilities,
        carrier: input.carrier,
        customer_reference: input.customer_reference,
        connection_id: input.connection_id,
        billing_group_id: input.billing_group_id,
      })),
    );
  });

  it('imports elsewhere as it is: the organization it went into then exports the same file', async () => {
    // A number has one holder on a platform: the file goes to another Dialtone's organization.
    const elsewhere = await startTestApp(driver);
    try {
      const b = await elsewhere.newOrg();
      const exportOfB = () => fetch(`${elsewhere.baseUrl}/v1/phone-numbers/export?sort=number`, { headers: { authorization: `Bearer ${b.key}` } });
      expect(await (await exportOfB()).text()).toBe(`${NUMBER_CSV_COLUMNS.join(',')}\r\n`);
      const exported = (await exportOf(a.key, '?sort=number')).text;
      const result = await elsewhere.dialtone.services.numbers.importBatch(b.orgId, csvRows(exported).map((row) => importInputOf(row)));
      expect(result).toMatchObject({ imported: inputs.length, rejected: [] });
      expect(await (await exportOfB()).text()).toBe(exported);
    } finally {
      await elsewhere.close();
    }
  });

  it('writes NDJSON: each number as the list shows it, in the same order', async () => {
    for (const query of ['', 'sort=friendly_name&order=desc', 'sort=number&capability=sms&tag=export']) {
      const res = await exportOf(a.key, `?format=ndjson&${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const list = await t.request('GET', `/v1/phone-numbers?limit=1000&${query}`, { key: a.key });
      expect(list.body.data.length).toBeGreaterThan(0);
      expect(ndjson(res.text)).toEqual(list.body.data);
    }
  });

  it("takes the list's filters, comma lists included, and refuses what the list would", async () => {
    const queries = [
      'carrier=sip,twilio',
      'tag=t1,export',
      'without_tags=true',
      'capability=voice,sms&sort=number&order=desc',
      'connection_id=conn-1',
      'billing_group_id=none',
      'name_contains=line%201',
      `number_starts_with=${inputs[0]!.number.slice(1, 4)}`,
      'search=EMEA',
    ];
    for (const query of queries) {
      const exported = ndjson((await exportOf(a.key, `?format=ndjson&${query}`)).text).map((n) => n.id);
      const listed = (await t.request('GET', `/v1/phone-numbers?limit=1000&${query}`, { key: a.key })).body.data.map((n: { id: string }) => n.id);
      expect(exported, query).toEqual(listed);
      expect(exported.length, query).toBeGreaterThan(0);
    }
    for (const [query, parameter] of [
      ['format=xml', 'format'],
      ['limit=10', 'limit'],
      ['cursor=abc', 'cursor'],
      ['status=gone', 'status'],
      ['number_contains=12a', 'number_contains'],
    ]) {
      const res = await t.request('GET', `/v1/phone-numbers/export?${query}`, { key: a.key });
      expect(res.status, query).toBe(400);
      expect(res.body.parameter, query).toBe(parameter);
    }
  });

  it('leaves released numbers out unless asked for by status', async () => {
    const org = await t.newOrg();
    const [kept, gone] = validNumbers(2, 77);
    await t.dialtone.services.numbers.importBatch(org.orgId, [{ number: kept! }, { number: gone! }]);
    const released = (await t.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(gone!)}`, { key: org.key })).body;
    expect((await t.request('DELETE', `/v1/phone-numbers/${released.id}`, { key: org.key })).status).toBe(200);
    expect(csvRows((await exportOf(org.key)).text).map((r) => r.number)).toEqual([`'${kept}`]);
    expect(csvRows((await exportOf(org.key, '?status=released')).text).map((r) => r.number)).toEqual([`'${gone}`]);
  });

  it("answers an empty file for no match, and never another organization's numbers", async () => {
    const csv = await exportOf(a.key, '?tag=nobody-has-this');
    expect(csv.status).toBe(200);
    expect(csv.text).toBe(`${NUMBER_CSV_COLUMNS.join(',')}\r\n`);
    const json = await exportOf(a.key, '?format=ndjson&tag=nobody-has-this');
    expect(json.text).toBe('');

    const other = await t.newOrg();
    const [theirs] = validNumbers(1, 5150);
    await t.dialtone.services.numbers.importBatch(other.orgId, [{ number: theirs!, tags: ['export'] }]);
    const mine = ndjson((await exportOf(a.key, '?format=ndjson')).text);
    expect(mine).toHaveLength(inputs.length);
    expect(mine.every((n) => n.organization_id === a.orgId)).toBe(true);
    expect(ndjson((await exportOf(other.key, '?format=ndjson')).text).map((n) => n.number)).toEqual([theirs]);
  });

  it('needs phone_numbers:read', async () => {
    expect((await t.request('GET', '/v1/phone-numbers/export')).status).toBe(401);
    const writer = await t.newOrg(['phone_numbers:write']);
    const refused = await t.request('GET', '/v1/phone-numbers/export', { key: writer.key });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
  });

  it('reads every number of an inventory larger than a batch, each once, in order', async () => {
    const org = await t.newOrg();
    const many = validNumbers(10_001, 9001).map((number) => ({ number }));
    for (let i = 0; i < many.length; i += 2000) {
      expect((await t.dialtone.services.numbers.importBatch(org.orgId, many.slice(i, i + 2000))).rejected).toEqual([]);
    }
    const res = await exportOf(org.key, '?sort=number&order=desc');
    expect(res.status).toBe(200);
    const numbers = csvRows(res.text).map((row) => importInputOf(row).number);
    expect(numbers).toEqual(many.map((n) => n.number).sort().reverse());
    // The default order, newest first, breaks the ties of numbers imported together by id.
    const byDefault = ndjson((await exportOf(org.key, '?format=ndjson')).text);
    expect(new Set(byDefault.map((n) => n.id)).size).toBe(many.length);
  });
});
