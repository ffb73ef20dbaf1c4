import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialtone, type Dialtone } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { SORT_KEYS, type ListRequest, type SortKey } from '../../src/numbers/list-query.js';
import { NumbersRepo } from '../../src/numbers/numbers.repo.js';
import { toFilters, type ListQuery } from '../../src/numbers/numbers.schemas.js';
import { createSchema, postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';
import { BIG_ORG, capturingDatabase, explain, planNodes, seedSql } from '../support/plan-fixture.js';

/**
 * No list of GET /v1/phone-numbers may read the whole phone-number table: on a seeded
 * database, every filter and every sort (first page, page by cursor, with the count) must
 * plan without a Seq Scan on phone_numbers. The SQL is the one NumbersRepo.list generates.
 */
const ROWS = 200_000;
const SMALL_ORG = '00000000-0000-4000-8000-000000000007';

const FILTERS: Record<string, ListQuery> = {
  'no filter': {},
  status: { status: ['suspended'] },
  'status released': { status: ['released'] },
  'several statuses': { status: ['active', 'port_pending'] },
  number_type: { number_type: ['toll_free'] },
  country: { country: ['GB'] },
  capability: { capability: ['sms', 'mms'] },
  carrier: { carrier: ['twilio'] },
  source: { source: ['ported'] },
  tag: { tag: ['team-3'] },
  'without_tags true': { without_tags: true },
  'without_tags false': { without_tags: false },
  'assigned true': { assigned: true },
  'assigned false': { assigned: false },
  assigned_agent_id: { assigned_agent_id: 'agent-120' },
  connection_id: { connection_id: 'conn-10' },
  connection_name: { connection_name: 'Trunk 10 east' },
  connection_name_contains: { connection_name_contains: 'unk 12 ea' },
  connection_name_starts_with: { connection_name_starts_with: 'Trunk 12' },
  connection_name_ends_with: { connection_name_ends_with: '12 east' },
  emergency_address_id: { emergency_address_id: 'addr-77' },
  'emergency_address_id none': { emergency_address_id: 'none' },
  billing_group_id: { billing_group_id: 'bg-3' },
  'billing_group_id none': { billing_group_id: 'none' },
  customer_reference: { customer_reference: 'ref-1000' },
  number_contains: { number_contains: '23456' },
  number_starts_with: { number_starts_with: '1201012' },
  number_ends_with: { number_ends_with: '4321' },
  name_contains: { name_contains: 'ne 1234' },
  'search digits': { search: '2010123' },
  'search national number': { search: '020 1012 3456', country: ['GB'] },
  'search national number, no country': { search: '020 1012 3456' },
  'search international number': { search: '+1 201-234-5678' },
  'search name': { search: 'Line 7777' },
  'search id': { search: '3f1c2a9e-1111-4222-8333-444455556666' },
  created_after: { created_after: '2025-03-01T00:00:00Z' },
  created_before: { created_before: '2025-01-20T00:00:00Z' },
  renewal_after: { renewal_after: '2027-05-20T00:00:00Z' },
  renewal_before: { renewal_before: '2026-06-05T00:00:00Z' },
  'status + capability + tag + country': { status: ['active'], capability: ['sms'], tag: ['team-3'], country: ['US'] },
};

describe.skipIf(!postgresAvailable)('list query plans on a seeded Postgres database', () => {
  let dialtone: Dialtone;
  let drop: () => Promise<void>;
  let captured: ReturnType<typeof capturingDatabase>;
  let repo: NumbersRepo;

  beforeAll(async () => {
    const target = await createSchema();
    drop = target.drop;
    const config = loadConfig({}, { databaseUrl: TEST_DATABASE_URL, dataDir: 'memory://', logLevel: 'silent', databasePoolSize: 2 });
    dialtone = await openDialtone(config, { schema: target.schema, logger: pino({ level: 'silent' }) });
    captured = capturingDatabase(TEST_DATABASE_URL, target.schema);
    await captured.pool.query(seedSql(ROWS));
    repo = new NumbersRepo(captured.db);
  });

  afterAll(async () => {
    await captured?.db.destroy();
    await dialtone?.close();
    await drop?.();
  });

  /** Runs the list through the repository and returns the plan of every query it ran. */
  async function plansOf(organizationId: string, request: ListRequest) {
    captured.queries.length = 0;
    const result = await repo.list(organizationId, request);
    const queries = captured.queries.splice(0);
    expect(queries.length).toBeGreaterThan(0);
    return { result, plans: await Promise.all(queries.map((query) => explain(captured.pool, query))) };
  }

  function expectNoFullScan(plans: Awaited<ReturnType<typeof explain>>[]) {
    for (const plan of plans) {
      const fullScans = planNodes(plan.root).filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'phone_numbers');
      expect(fullScans, `a Seq Scan on phone_numbers:\n${plan.text}`).toEqual([]);
    }
  }

  it('sees a Seq Scan on phone_numbers when a query does read the whole table', async () => {
    captured.queries.length = 0;
    await captured.db.selectFrom('phone_numbers').select((eb) => eb.fn.countAll().as('n')).where('national_format', '<>', '').execute();
    const plans = await Promise.all(captured.queries.splice(0).map((query) => explain(captured.pool, query)));
    expect(() => expectNoFullScan(plans)).toThrow(/Seq Scan on phone_numbers/);
  });

  const orgs = { 'the organization with a tenth of the numbers': BIG_ORG, 'a small organization': SMALL_ORG };
  for (const [orgName, organizationId] of Object.entries(orgs)) {
    describe(orgName, () => {
      it.each(Object.entries(FILTERS))('filter %s, with its count', async (_name, query) => {
        const request: ListRequest = { filters: toFilters(query), sort: { key: 'created_at', order: 'desc' }, limit: 51, includeTotal: true };
        expectNoFullScan((await plansOf(organizationId, request)).plans);
      });

      // acquired_at: the order of Telnyx's sort=purchased_at, not a native key.
      const sorts = [...SORT_KEYS, 'acquired_at' as const].flatMap((key) => (['asc', 'desc'] as const).map((order) => [key, order] as [SortKey, 'asc' | 'desc']));
      it.each(sorts)('sort %s %s, first page and the page after by cursor', async (key, order) => {
        const first: ListRequest = { filters: {}, sort: { key, order }, limit: 51 };
        const { result, plans } = await plansOf(organizationId, first);
        expectNoFullScan(plans);
        const last = result.rows.at(-1);
        expect(last).toBeDefined();
        const next = await plansOf(organizationId, { ...first, after: { value: last!.sort_value, id: last!.id } });
        expectNoFullScan(next.plans);
      });
    });
  }
});
