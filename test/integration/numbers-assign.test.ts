import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../../src/errors/catalogue.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { validNumbers } from '../support/numbers-fixture.js';

describeEachDriver('assigning a number to an agent', (driver) => {
  let t: TestApp;
  let orgId: string;
  beforeAll(async () => {
    t = await startTestApp(driver);
    ({ orgId } = await t.newOrg());
  });
  afterAll(() => t.close());

  it('gives a free number to exactly one of several agents racing for it', async () => {
    const { numbers } = t.dialtone.services;
    for (const number of validNumbers(5, 808)) {
      const record = await numbers.importNumber(orgId, { number });
      const results = await Promise.allSettled(['agent_a', 'agent_b', 'agent_c'].map((agent) => numbers.assign(orgId, record.id, agent)));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const lost of results.filter((r) => r.status === 'rejected')) {
        expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
        expect(((lost as PromiseRejectedResult).reason as AppError).code).toBe('assigned_elsewhere');
      }
      const winner = (won[0] as PromiseFulfilledResult<{ assigned_agent_id: string }>).value.assigned_agent_id;
      expect((await numbers.get(orgId, record.id)).assigned_agent_id).toBe(winner);
      // Assigning again to the same agent is a no-op, not a conflict.
      expect((await numbers.assign(orgId, record.id, winner)).assigned_agent_id).toBe(winner);
    }
  });
});
