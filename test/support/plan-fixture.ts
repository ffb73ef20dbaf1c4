import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/db/schema.js';

/**
 * A seeded inventory for reading query plans: organizations, one of them holding a tenth of
 * the numbers, and numbers spread over the values every list filter and sort looks at.
 * One INSERT ... SELECT from generate_series, so seeding takes seconds, not minutes.
 */
export const PLAN_ORGS = 100;
export const BIG_ORG = '00000000-0000-4000-8000-000000000000';

/** The organization of row g: every tenth row belongs to BIG_ORG, the rest spread evenly. */
const ORG_OF_ROW = `CASE WHEN g % 10 = 0 THEN '${BIG_ORG}'::uuid
  ELSE ('00000000-0000-4000-8000-' || lpad((1 + g % ${PLAN_ORGS - 1})::text, 12, '0'))::uuid END`;

export function seedSql(rows: number): string {
  return `
INSERT INTO organizations (id, name)
SELECT ('00000000-0000-4000-8000-' || lpad(o::text, 12, '0'))::uuid, 'Plan org ' || o
FROM generate_series(0, ${PLAN_ORGS - 1}) AS o;

INSERT INTO phone_numbers (
  organization_id, number, country, number_type, national_format, international_format, friendly_name,
  capabilities, status, carrier, source, tags, customer_reference, connection_id, connection_name, billing_group_id,
  emergency_address_id, assigned_agent_id, assigned_at, created_at, purchased_at, next_billing_date, released_at)
SELECT ${ORG_OF_ROW},
  '+1' || (2010000000 + g)::text,
  (ARRAY['US', 'US', 'US', 'CA', 'GB', 'DE', 'FR', 'AU'])[1 + g % 8],
  (ARRAY['local', 'local', 'mobile', 'toll_free', 'voip'])[1 + g % 5],
  '(201) ' || g, '+1 201 ' || g,
  CASE WHEN g % 3 = 0 THEN NULL ELSE 'Line ' || g END,
  CASE g % 5 WHEN 0 THEN ARRAY['voice'] WHEN 1 THEN ARRAY['voice', 'sms'] WHEN 2 THEN ARRAY['voice', 'sms', 'mms']
    WHEN 3 THEN ARRAY['sms'] ELSE ARRAY['voice', 'fax'] END,
  (ARRAY['active', 'active', 'active', 'active', 'active', 'active', 'suspended', 'port_pending', 'released', 'purchase_pending'])[1 + g % 10],
  (ARRAY['telnyx', 'signalwire', 'twilio', 'sip', 'byoc', 'sandbox'])[1 + g % 6],
  (ARRAY['purchased', 'ported', 'imported'])[1 + g % 3],
  CASE WHEN g % 4 = 0 THEN '{}'::text[] ELSE ARRAY['team-' || (g % 20), 'region-' || (g % 7)] END,
  CASE WHEN g % 5 = 0 THEN 'ref-' || g END,
  CASE WHEN g % 2 = 0 THEN 'conn-' || (g % 50) END,
  CASE WHEN g % 2 = 0 THEN 'Trunk ' || (g % 50) || ' east' END,
  CASE WHEN g % 3 = 0 THEN 'bg-' || (g % 30) END,
  CASE WHEN g % 7 = 0 THEN 'addr-' || (g % 1000) END,
  CASE WHEN g % 6 = 0 THEN 'agent-' || (g % 500) END,
  CASE WHEN g % 6 = 0 THEN timestamptz '2026-01-01' + g * interval '1 second' END,
  timestamptz '2025-01-01' + g * interval '1 minute',
  CASE WHEN g % 3 = 0 THEN timestamptz '2025-01-01' + g * interval '1 minute' END,
  CASE WHEN g % 10 = 8 THEN NULL ELSE timestamptz '2026-06-01' + (g % 365) * interval '1 day' END,
  CASE WHEN g % 10 = 8 THEN timestamptz '2026-03-01' END
FROM generate_series(1, ${rows}) AS g;

ANALYZE organizations;
ANALYZE phone_numbers;`;
}

/** Kysely over the schema that keeps every query it runs, with its parameters. */
export function capturingDatabase(url: string, schema: string): { db: Kysely<Database>; queries: CompiledQuery[]; pool: pg.Pool } {
  const queries: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema},public` });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  return { db, queries, pool };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** The plan Postgres picks for a query, with the same parameter values. */
export async function explain(pool: pg.Pool, query: CompiledQuery): Promise<{ root: PlanNode; text: string }> {
  const json = await pool.query(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.parameters as unknown[]);
  const text = await pool.query(`EXPLAIN ${query.sql}`, query.parameters as unknown[]);
  const root = (json.rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan;
  return { root, text: text.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n') };
}
