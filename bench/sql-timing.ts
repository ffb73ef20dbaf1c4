import type { Statement } from './capture.js';

/** Runs SQL on the bench database, whichever driver holds it. */
export type RunSql = (sql: string, parameters: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface SqlTiming {
  /** Median over the scenario's statements, each timed warm (its last of three runs). */
  planningMs: number;
  executionMs: number;
  statements: number;
}

const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * What Postgres itself spends on each scenario's statement, from EXPLAIN ANALYZE: a figure
 * that does not move with the load on the machine, to set beside the HTTP figures.
 */
export async function timeStatements(run: RunSql, byScenario: Record<string, Statement[]>): Promise<Record<string, SqlTiming>> {
  const timings: Record<string, SqlTiming> = {};
  for (const [scenario, statements] of Object.entries(byScenario)) {
    const planning: number[] = [];
    const execution: number[] = [];
    for (const statement of statements) {
      let last: Record<string, number> = {};
      for (let i = 0; i < RUNS; i++) {
        const [row] = await run(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`, statement.parameters);
        const plan = row?.['QUERY PLAN'];
        last = ((typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<Record<string, number>>)[0]!;
      }
      planning.push(last['Planning Time'] ?? 0);
      execution.push(last['Execution Time'] ?? 0);
    }
    timings[scenario] = { planningMs: median(planning), executionMs: median(execution), statements: statements.length };
  }
  return timings;
}
