import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pinContext } from '../../src/numbers/numbers.service.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

/** The number's row as stored, every column, read past the repository. */
async function storedRow(t: TestApp, id: string): Promise<Record<string, unknown>> {
  const { rows } = await sql<Record<string, unknown>>`select * from phone_numbers where id = ${id}`.execute(t.dialtone.database.db);
  return rows[0]!;
}

describeEachDriver('port-out PINs at rest', (driver) => {
  const secretKey = randomBytes(32).toString('hex');
  let t: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    t = await startTestApp(driver, { secretKey });
    org = await t.newOrg();
  });
  afterAll(() => t.close());

  it('a PIN set through the native API is stored sealed: its text is nowhere in the row', async () => {
    const [number] = await seedNumbers(t, org.orgId, 1);
    const res = await t.request('PATCH', `/v1/phone-numbers/${number!.id}`, { key: org.key, body: { external_pin: 'Qz81PinW' } });
    expect(res.status).toBe(200);
    expect(res.body.external_pin_set).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('Qz81PinW');

    const row = await storedRow(t, number!.id);
    expect(JSON.stringify(row)).not.toContain('Qz81PinW');
    expect(row.external_pin).toBeNull();
    expect(row.external_pin_set).toBe(true);
    // Sealed, not lost: the server's key opens it, for this organization only.
    const box = new SecretBox(secretKey);
    expect(box.open(row.external_pin_sealed as string, pinContext(org.orgId))).toBe('Qz81PinW');
    expect(() => box.open(row.external_pin_sealed as string, pinContext(randomBytes(16).toString('hex')))).toThrow();
  });

  it('a PIN set through the Telnyx dialect is sealed the same way, and clearing it clears the row', async () => {
    const [number] = await seedNumbers(t, org.orgId, 1);
    const res = await t.request('PATCH', `/v2/phone_numbers/${number!.seq}`, { key: org.key, body: { external_pin: '7741Tx' } });
    expect(res.status).toBe(200);
    const row = await storedRow(t, number!.id);
    expect(JSON.stringify(row)).not.toContain('7741Tx');
    expect(row.external_pin_set).toBe(true);

    const cleared = await t.request('PATCH', `/v1/phone-numbers/${number!.id}`, { key: org.key, body: { external_pin: null } });
    expect(cleared.body.external_pin_set).toBe(false);
    expect(await storedRow(t, number!.id)).toMatchObject({ external_pin: null, external_pin_sealed: null, external_pin_set: false });
  });

  it('a PIN stored in plain text by an earlier version is sealed at start, and one changed since is left alone', async () => {
    const [legacy, changed] = await seedNumbers(t, org.orgId, 2);
    const db = t.dialtone.database.db;
    await sql`update phone_numbers set external_pin = 'Old1234' where id = ${legacy!.id}`.execute(db);
    const before = await t.request('GET', `/v1/phone-numbers/${legacy!.id}`, { key: org.key });
    expect(before.body.external_pin_set).toBe(true);

    expect(await t.dialtone.services.numbers.sealLegacyPins()).toEqual({ sealed: 1, unsealed: 0 });
    const row = await storedRow(t, legacy!.id);
    expect(JSON.stringify(row)).not.toContain('Old1234');
    expect(row.external_pin_set).toBe(true);
    expect(new SecretBox(secretKey).open(row.external_pin_sealed as string, pinContext(org.orgId))).toBe('Old1234');
    expect(await storedRow(t, changed!.id)).toMatchObject({ external_pin_sealed: null, external_pin_set: false });
    expect(await t.dialtone.services.numbers.sealLegacyPins()).toEqual({ sealed: 0, unsealed: 0 });
  });
});

describeEachDriver('port-out PINs without DIALTONE_SECRET_KEY', (driver) => {
  let t: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    t = await startTestApp(driver);
    org = await t.newOrg();
  });
  afterAll(() => t.close());

  it('setting a PIN is refused with secrets_disabled (503), saying why; nothing is stored', async () => {
    const [number] = await seedNumbers(t, org.orgId, 1);
    const res = await t.request('PATCH', `/v1/phone-numbers/${number!.id}`, { key: org.key, body: { external_pin: 'Nokey123' } });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'secrets_disabled' });
    expect(res.body.detail).toContain('DIALTONE_SECRET_KEY');
    expect(res.body.detail).toContain('port-out PIN');
    const telnyx = await t.request('PATCH', `/v2/phone_numbers/${number!.seq}`, { key: org.key, body: { external_pin: 'Nokey123' } });
    expect(telnyx.status).toBe(503);
    const row = await storedRow(t, number!.id);
    expect(JSON.stringify(row)).not.toContain('Nokey123');
    expect(row.external_pin_set).toBe(false);
  });

  it('plain PINs from an earlier version are kept, reported set and counted, until a key is given', async () => {
    const [legacy] = await seedNumbers(t, org.orgId, 1);
    await sql`update phone_numbers set external_pin = 'Keep9876' where id = ${legacy!.id}`.execute(t.dialtone.database.db);
    expect(await t.dialtone.services.numbers.sealLegacyPins()).toEqual({ sealed: 0, unsealed: 1 });
    const res = await t.request('GET', `/v1/phone-numbers/${legacy!.id}`, { key: org.key });
    expect(res.body.external_pin_set).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('Keep9876');
    // Clearing needs no key, and takes the plain PIN with it.
    const cleared = await t.request('PATCH', `/v1/phone-numbers/${legacy!.id}`, { key: org.key, body: { external_pin: null } });
    expect(cleared.body.external_pin_set).toBe(false);
    expect(JSON.stringify(await storedRow(t, legacy!.id))).not.toContain('Keep9876');
  });
});
