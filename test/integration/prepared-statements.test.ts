import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';

/** On a Postgres server, statements are prepared once per connection and reused. */
describe.skipIf(!postgresAvailable)('prepared statements on the Postgres driver', () => {
  let t: TestApp;
  let orgId: string;
  beforeAll(async () => {
    t = await startTestApp('postgres', { databasePoolSize: 1 });
    ({ orgId } = await t.newOrg());
  });
  afterAll(() => t.close());

  const list = () => t.dialtone.services.numbers.list(orgId, { filters: {}, limit: 5 });

  it('prepares each parameterized statement once on a connection', async () => {
    await list();
    await list();
    const { rows } = await (t.dialtone.database.db as any).executeQuery({
      sql: "select count(*)::int as n from pg_prepared_statements where name like 'dt%' and statement like '%from \"phone_numbers\"%'",
      parameters: [],
      query: { kind: 'RawNode' },
    });
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('prepares statements again when another process changed a table under them', async () => {
    await list();
    const schema = (await (t.dialtone.database.db as any).executeQuery({ sql: 'select current_schema() as s', parameters: [], query: { kind: 'RawNode' } })).rows[0].s;
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    await other.query(`alter table ${schema}.phone_numbers add column added_later text`);
    await other.end();
    const page = await list();
    expect(page.data).toEqual([]);
    await list(); // and again, under the new name
  });
});
