import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { validNumbers } from '../support/numbers-fixture.js';

describeEachDriver('importing numbers in batches', (driver) => {
  let t: TestApp;
  let orgId: string;
  let otherOrgId: string;
  beforeAll(async () => {
    t = await startTestApp(driver);
    ({ orgId } = await t.newOrg());
    ({ orgId: otherOrgId } = await t.newOrg());
  });
  afterAll(() => t.close());

  it('stores every field a row sets and the defaults of those it leaves out, whatever the mix of rows', async () => {
    const { numbers } = t.dialtone.services;
    const [plain, tagged, routed, priced] = validNumbers(4, 9101);
    const result = await numbers.importBatch(orgId, [
      { number: plain! },
      { number: tagged!, tags: ['a', 'b "quoted", with comma'], capabilities: ['voice', 'sms'], friendly_name: 'Tagged' },
      {
        number: routed!,
        voice_routing: { handler: 'webhook', url: 'https://example.test/voice', method: 'POST' },
        supports_outbound: false,
        call_recording_enabled: true,
      },
      { number: priced!, source: 'ported', monthly_cost: '1.2500', currency: 'EUR', next_billing_date: new Date('2027-01-15T00:00:00Z') },
    ]);
    expect(result).toEqual({ imported: 4, rejected: [] });

    const byNumber = async (number: string) => numbers.lookup(orgId, number);
    const a = await byNumber(plain!);
    expect(a).toMatchObject({ status: 'active', source: 'imported', carrier: 'byoc', tags: [], capabilities: ['voice'] });
    expect(a).toMatchObject({ supports_inbound: true, supports_outbound: true, voice_routing: { handler: 'none' }, currency: 'USD' });
    expect(a.friendly_name).toBeNull();

    const b = await byNumber(tagged!);
    expect(b).toMatchObject({ tags: ['a', 'b "quoted", with comma'], capabilities: ['voice', 'sms'], friendly_name: 'Tagged' });

    const c = await byNumber(routed!);
    expect(c.voice_routing).toEqual({ handler: 'webhook', url: 'https://example.test/voice', method: 'POST' });
    expect(c).toMatchObject({ supports_outbound: false, call_recording_enabled: true, messaging_routing: { handler: 'none' } });

    const d = await byNumber(priced!);
    expect(d).toMatchObject({ status: 'port_pending', source: 'ported', currency: 'EUR' });
    expect(Number(d.monthly_cost)).toBe(1.25);
    expect(new Date(d.next_billing_date!).toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });

  it('rejects, by position, numbers held by anyone and numbers given twice, and imports the rest', async () => {
    const { numbers } = t.dialtone.services;
    const [heldElsewhere, fresh1, fresh2, longName] = validNumbers(4, 9202);
    await numbers.importNumber(otherOrgId, { number: heldElsewhere! });
    const result = await numbers.importBatch(orgId, [
      { number: fresh1! },
      { number: heldElsewhere!, tags: ['x'] },
      { number: 'not a number' },
      { number: fresh2! },
      { number: fresh1! },
      { number: longName!, friendly_name: 'x'.repeat(201) },
    ]);
    expect(result.imported).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'number_already_held'],
      [2, 'invalid_phone_number'],
      [4, 'number_already_held'],
      [5, 'validation_failed'],
    ]);
    expect((await numbers.lookup(otherOrgId, heldElsewhere!)).organization_id).toBe(otherOrgId);
    expect((await numbers.lookup(orgId, fresh2!)).number).toBe(fresh2);
  });

  it('lands a batch whole or not at all', async () => {
    const { numbers } = t.dialtone.services;
    const [first, second] = validNumbers(2, 9303);
    // The second row breaks a column type only the database checks: neither row stays.
    await expect(numbers.importBatch(orgId, [{ number: first!, tags: ['ok'] }, { number: second!, currency: 'EURO' }])).rejects.toThrow();
    for (const number of [first!, second!]) await expect(numbers.lookup(orgId, number)).rejects.toMatchObject({ code: 'not_found' });
  });
});
