import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ReadRouterDriver, replicaLabel } from './read-replicas.js';

/** A driver that answers with its own name, or fails as it is told to. */
function fakeDriver(name: string) {
  const state = { fail: null as null | (() => Error), served: 0 };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async (): Promise<DatabaseConnection> => {
      if (state.fail) throw state.fail();
      return {
        executeQuery: async <R>(): Promise<QueryResult<R>> => {
          state.served++;
          return { rows: [{ served_by: name } as R] };
        },
        streamQuery: () => {
          throw new Error('no streams');
        },
      };
    },
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return { driver, state };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
const query = CompiledQuery.raw('select 1');

async function servedBy(router: ReadRouterDriver): Promise<string> {
  const connection = await router.acquireConnection();
  const { rows } = await connection.executeQuery<{ served_by: string }>(query);
  return rows[0]!.served_by;
}

function router(names: string[], now: () => number = Date.now) {
  const replicas = names.map((name) => ({ name, ...fakeDriver(name) }));
  const primary = fakeDriver('primary');
  const warnings: unknown[] = [];
  const driver = new ReadRouterDriver(
    replicas.map((r) => ({ label: r.name, driver: r.driver })),
    primary.driver,
    { warn: (obj: unknown) => void warnings.push(obj) },
    now,
  );
  return { driver, replicas, primary, warnings };
}

describe('ReadRouterDriver', () => {
  it('spreads reads over the replicas in turn, never the primary while they answer', async () => {
    const { driver } = router(['r1', 'r2']);
    const served = [];
    for (let i = 0; i < 4; i++) served.push(await servedBy(driver));
    expect(served).toEqual(['r1', 'r2', 'r1', 'r2']);
  });

  it('sends a read to the primary when no replica can be reached, sets the replica aside, and tries it again later', async () => {
    let now = 1_000_000;
    const { driver, replicas, warnings } = router(['r1'], () => now);
    replicas[0]!.state.fail = refused;
    expect(await servedBy(driver)).toBe('primary');
    expect(warnings).toEqual([expect.objectContaining({ replica: 'r1' })]);
    replicas[0]!.state.fail = null;
    // Set aside: not tried again at once, so a dead replica does not cost every read a failed connect.
    expect(await servedBy(driver)).toBe('primary');
    now += 5_001;
    expect(await servedBy(driver)).toBe('r1');
  });

  it('tries the next replica before the primary', async () => {
    const { driver, replicas } = router(['r1', 'r2']);
    replicas[0]!.state.fail = refused;
    expect(await servedBy(driver)).toBe('r2');
    expect(await servedBy(driver)).toBe('r2');
  });

  it('runs on the primary a read the replica cancelled for recovery, but passes on any other error', async () => {
    const { driver, replicas } = router(['r1']);
    replicas[0]!.state.fail = () => Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' });
    expect(await servedBy(driver)).toBe('primary');
    replicas[0]!.state.fail = () => Object.assign(new Error('syntax error'), { code: '42601' });
    await expect(servedBy(driver)).rejects.toThrow('syntax error');
  });

  it('takes no transactions', async () => {
    const { driver } = router(['r1']);
    await expect(driver.beginTransaction()).rejects.toThrow(/primary/);
  });

  it('reports an unreachable replica without lag, and labels replicas without their credentials', async () => {
    const { driver, replicas } = router(['r1']);
    replicas[0]!.state.fail = refused;
    expect(await driver.status()).toEqual([{ replica: 'r1', reachable: false, lagSeconds: null }]);
    expect(replicaLabel('postgres://dialtone:s3cret@replica-1.internal/dialtone')).toBe('replica-1.internal:5432/dialtone');
  });
});
