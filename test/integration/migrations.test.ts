import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

describeEachDriver('migrations', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver, {}, { migrateFromEmpty: true });
  });
  afterAll(() => t.close());

  it('are numbered, applied once on start, and a second run changes nothing', async () => {
    const all = readMigrations();
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
    const db = t.dialtone.database.db;
    const recorded = await db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
    expect(recorded.map((r) => r.version)).toEqual(all.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
  });

  it('enforce one holder per number in the database itself', async () => {
    const db = t.dialtone.database.db;
    const a = await t.newOrg();
    const b = await t.newOrg();
    // Only the columns without defaults: the database fills in the rest.
    const row = (organization_id: string): never => ({
      organization_id, number: '+14155552671', country: 'US', number_type: 'local', national_format: '(415) 555-2671',
      international_format: '+1 415 555 2671', status: 'active', carrier: 'sip', source: 'imported',
    }) as never;
    await db.insertInto('phone_numbers').values(row(a.orgId)).execute();
    await expect(db.insertInto('phone_numbers').values(row(b.orgId)).execute()).rejects.toMatchObject({ code: '23505' });
    await sql`update phone_numbers set status = 'released', released_at = now() where organization_id = ${a.orgId}`.execute(db);
    await db.insertInto('phone_numbers').values(row(b.orgId)).execute();
    await expect(db.insertInto('phone_numbers').values({ ...(row(a.orgId) as object), number: '+1415' } as never).execute()).rejects.toMatchObject({ code: '23514' });
  });
});
