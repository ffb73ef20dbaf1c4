import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';
import { validNumbers } from '../support/numbers-fixture.js';

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

  it('keeps ON CONFLICT and holder look-ups working once Postgres switches to a generic plan', async () => {
    // Postgres plans the first five executions of a prepared statement for their values, then
    // may settle on a generic plan: run each statement well past that on the one connection.
    const { numbers } = t.dialtone.services;
    for (const number of validNumbers(10, 909)) {
      const first = await numbers.importBatch(orgId, [{ number }, { number }]);
      expect(first).toMatchObject({ imported: 1, rejected: [{ index: 1, code: 'number_already_held' }] });
      const again = await numbers.importBatch(orgId, [{ number }]);
      expect(again.imported).toBe(0);
      expect((await numbers.route(number)).organization_id).toBe(orgId);
    }
  });

  it('prepares statements again when another process changed a table under them', async () => {
    await list();
    const schema = (await (t.dialtone.database.db as any).executeQuery({ sql: 'select current_schema() as s', parameters: [], query: { kind: 'RawNode' } })).rows[0].s;
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    await other.query(`alter table ${schema}.phone_numbers add column added_later text`);
    await other.end();
    // The rows now carry the new column: the statement was planned again, not served stale.
    expect((await list()).data[0]).toHaveProperty('added_later', null);
    expect((await list()).data[0]).toHaveProperty('added_later', null);
  });
});
