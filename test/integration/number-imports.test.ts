import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { validNumbers } from '../support/numbers-fixture.js';

/**
 * POST /v1/phone-numbers/imports: the CLI's CSV import over HTTP, with a dry run that shows
 * every rejected row before anything is written.
 */

const IMPORTS = '/v1/phone-numbers/imports';

describeEachDriver('importing a CSV of numbers through the API', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  let other: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    other = await app.newOrg();
  });
  afterAll(() => app.close());

  const count = async (key: string, tag: string) =>
    (await app.request('GET', `/v1/phone-numbers?tag=${tag}&include_total=true`, { key })).body.total_count as number;

  it('checks a CSV on a dry run, writing nothing, then imports it with the same answer', async () => {
    const [first, second, heldElsewhere, third] = validNumbers(4, 5101);
    await app.request('POST', '/v1/phone-numbers', { key: other.key, body: { number: heldElsewhere, friendly_name: 'Theirs' } });
    const csv = [
      'number,friendly_name,tags,capabilities,carrier',
      `${first},Front desk,csv-a;emea,voice;sms,byoc`,
      '',
      `${second},"Back office, annex",csv-a,voice,sip`,
      'not a number,Nobody,csv-a,,',
      `${heldElsewhere},Taken,csv-a,,`,
      `${third},Faxes,csv-a,voice;telepathy,`,
      `${first},Twice,csv-a,,`,
      `${third!.replace('+', "'+")},Guarded,csv-a,,telnyx`,
    ].join('\r\n');
    const expectedRejections = [
      { line: 5, number: 'not a number', code: 'invalid_phone_number' },
      { line: 6, number: heldElsewhere, code: 'number_already_held' },
      { line: 7, number: third, code: 'validation_failed' },
      { line: 8, number: first, code: 'number_already_held' },
    ];

    const dry = await app.request('POST', IMPORTS, { key: org.key, body: { csv, dry_run: true } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ object: 'phone_number_import', dry_run: true, row_count: 7, imported_count: 3 });
    expect(dry.body.rejected).toMatchObject(expectedRejections);
    expect(dry.body.rejected[2].detail).toContain('telepathy');
    expect(await count(org.key, 'csv-a')).toBe(0);
    const events = await app.request('GET', '/v1/events?type=phone_number.imported', { key: org.key });
    expect(events.body.data).toEqual([]);

    const done = await app.request('POST', IMPORTS, { key: org.key, body: { csv } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ dry_run: false, row_count: 7, imported_count: 3 });
    expect(done.body.rejected).toMatchObject(expectedRejections);
    expect(await count(org.key, 'csv-a')).toBe(3);

    const front = (await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(first!)}`, { key: org.key })).body;
    expect(front).toMatchObject({ friendly_name: 'Front desk', tags: ['csv-a', 'emea'], capabilities: ['voice', 'sms'], carrier: 'byoc', source: 'imported' });
    const back = (await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(second!)}`, { key: org.key })).body;
    expect(back).toMatchObject({ friendly_name: 'Back office, annex', carrier: 'sip' });
    // The export's spreadsheet guard (a leading ') comes off again, as in the CLI.
    const guarded = (await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(third!)}`, { key: org.key })).body;
    expect(guarded).toMatchObject({ friendly_name: 'Guarded', carrier: 'telnyx' });

    // Each imported number has its event and its audit record, made by the key through the API.
    const imported = await app.request('GET', `/v1/events?type=phone_number.imported&resource_id=${front.id}`, { key: org.key });
    expect(imported.body.data).toHaveLength(1);
    const audit = await app.request('GET', `/v1/audit-log?resource_id=${front.id}`, { key: org.key });
    expect(audit.body.data[0]).toMatchObject({ surface: 'native', actor: { type: 'api_key' } });

    // The other organization's number is as it was; a dry run again now finds every row taken.
    const theirs = await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(heldElsewhere!)}`, { key: other.key });
    expect(theirs.body.friendly_name).toBe('Theirs');
    const again = await app.request('POST', IMPORTS, { key: org.key, body: { csv, dry_run: true } });
    expect(again.body.imported_count).toBe(0);
    expect(again.body.rejected.map((r: { line: number }) => r.line)).toEqual([2, 4, 5, 6, 7, 8, 9]);
  });

  it('imports what the export writes', async () => {
    const numbers = validNumbers(3, 5202);
    for (const number of numbers) {
      await app.request('POST', '/v1/phone-numbers', { key: other.key, body: { number, tags: ['csv-b', 'moved'], friendly_name: `Line ${number.slice(-4)}` } });
    }
    const exported = await fetch(`${app.baseUrl}/v1/phone-numbers/export?tag=csv-b`, { headers: { authorization: `Bearer ${other.key}` } });
    const csv = await exported.text();
    for (const number of numbers) {
      await app.request('DELETE', `/v1/phone-numbers/${(await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(number)}`, { key: other.key })).body.id}`, { key: other.key });
    }
    const done = await app.request('POST', IMPORTS, { key: org.key, body: { csv } });
    expect(done.body).toMatchObject({ row_count: 3, imported_count: 3, rejected: [] });
    const listed = await app.request('GET', '/v1/phone-numbers?tag=csv-b&sort=number', { key: org.key });
    expect(listed.body.data.map((n: { number: string }) => n.number)).toEqual([...numbers].sort());
    expect(listed.body.data[0].tags).toEqual(['csv-b', 'moved']);
  });

  it('refuses a CSV it cannot take whole, on /csv, writing nothing', async () => {
    const [number] = validNumbers(1, 5303);
    const cases: Array<[unknown, string]> = [
      [{ csv: `number,colour\n${number},red` }, 'colour'],
      [{ csv: `number,friendly_name\n${number},"unclosed` }, 'cannot be read'],
      [{ csv: `number\n${validNumbers(2001, 5304).join('\n')}`, dry_run: true }, 'at most 2000 rows'],
    ];
    for (const [body, detail] of cases) {
      const res = await app.request('POST', IMPORTS, { key: org.key, body });
      expect([res.status, res.body.code, res.body.pointer], JSON.stringify(res.body)).toEqual([400, 'validation_failed', '/csv']);
      expect(res.body.detail).toContain(detail);
    }
    for (const [body, pointer] of [
      [{ csv: '' }, '/csv'],
      [{ csv: 'number', dry_run: 'yes' }, '/dry_run'],
      [{ csv: 'number', mode: 'fast' }, '/mode'],
    ] as const) {
      const res = await app.request('POST', IMPORTS, { key: org.key, body });
      expect([res.status, res.body.code], JSON.stringify(res.body)).toEqual([400, 'validation_failed']);
      expect(JSON.stringify(res.body)).toContain(pointer.slice(1));
    }
    const lookup = await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(number!)}`, { key: org.key });
    expect(lookup.status).toBe(404);
  });

  it('takes a header alone as no rows, and answers 401 without a key and 403 without phone_numbers:write', async () => {
    const empty = await app.request('POST', IMPORTS, { key: org.key, body: { csv: 'number,friendly_name\n', dry_run: true } });
    expect(empty.body).toMatchObject({ row_count: 0, imported_count: 0, rejected: [] });
    const csv = `number\n${validNumbers(1, 5404)[0]}`;
    const anonymous = await app.request('POST', IMPORTS, { body: { csv } });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthenticated']);
    const reader = await app.newOrg(['phone_numbers:read']);
    const refused = await app.request('POST', IMPORTS, { key: reader.key, body: { csv, dry_run: true } });
    expect([refused.status, refused.body.code]).toEqual([403, 'insufficient_scope']);
  });
});
