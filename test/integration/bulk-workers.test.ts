import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkRepo } from '../../src/bulk/bulk.repo.js';
import { CompanionRefused, withCompanion } from '../../src/db/unit-of-work.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { validNumbers } from '../support/numbers-fixture.js';

/**
 * How bulk jobs are worked: claims of a batch at most, several workers on one job, each item
 * changed once by its number's own change statement, and a change rolled back when its item
 * was settled meanwhile.
 */
describeEachDriver('bulk job workers', (driver) => {
  let app: TestApp;
  let seed = 700;

  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app?.close());

  const db = () => app.dialtone.database.db;

  /** A new organization holding `count` numbers tagged `batch`, and their ids. */
  async function orgWith(count: number) {
    const org = await app.newOrg();
    const result = await app.dialtone.services.numbers.importBatch(
      org.orgId,
      validNumbers(count, seed++).map((number) => ({ number, tags: ['batch'] })),
    );
    expect(result.rejected).toEqual([]);
    const rows = await db().selectFrom('phone_numbers').select('id').where('organization_id', '=', org.orgId).orderBy('number').execute();
    return { ...org, ids: rows.map((row) => row.id) };
  }

  async function updateAll(org: { key: string }, count: number, set: Record<string, unknown>) {
    const created = await app.request('POST', '/v1/phone-numbers/jobs', {
      key: org.key,
      body: { action: 'update', filter: { tag: ['batch'] }, expected_count: count, set, add_tags: ['moved'] },
    });
    expect(created.status).toBe(202);
    return created.body.id as string;
  }

  /** Works pending items until none is left, as one serving process's background job does. */
  async function worker() {
    for (let run = await app.dialtone.services.bulk.work(); run.more; run = await app.dialtone.services.bulk.work());
  }

  /** The events of the job's changes of numbers (not its bulk_job.completed), per number, in sequence order. */
  async function jobEvents(jobId: string) {
    const rows = await db()
      .selectFrom('events')
      .select(['resource_id', 'resource_version', 'sequence', 'type'])
      .where(sql<boolean>`actor->>'job_id' = ${jobId}`)
      .where('resource_type', '=', 'phone_number')
      .orderBy('sequence')
      .execute();
    const byNumber = new Map<string, typeof rows>();
    for (const row of rows) byNumber.set(row.resource_id, [...(byNumber.get(row.resource_id) ?? []), row]);
    return byNumber;
  }

  it('claims a batch at most, and two claims at once take different items', async () => {
    const org = await orgWith(30);
    const jobId = await updateAll(org, 30, { friendly_name: 'claimed' });
    const repo = new BulkRepo(db());
    const first = await repo.claimItems(org.orgId, jobId, 10, 60);
    expect(first.map((item) => item.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [a, b] = await Promise.all([repo.claimItems(org.orgId, jobId, 7, 60), repo.claimItems(org.orgId, jobId, 7, 60)]);
    expect(a).toHaveLength(7);
    expect(b).toHaveLength(7);
    const taken = [...a, ...b].map((item) => item.position);
    expect(new Set(taken).size).toBe(14);
    expect(Math.min(...taken)).toBe(10);
    // Another organization's claim of the job takes nothing.
    const other = await app.newOrg();
    expect(await repo.claimItems(other.orgId, jobId, 100, 60)).toEqual([]);
    expect((await app.request('POST', `/v1/phone-numbers/jobs/${jobId}/cancel`, { key: org.key })).status).toBe(200);
  });

  it('several workers on one job change each number once, in order with the changes made meanwhile', async () => {
    // More numbers than a claim's batch (200), so the workers share the job's items.
    const count = 260;
    const org = await orgWith(count);
    const jobId = await updateAll(org, count, { friendly_name: 'Shared' });
    // Clients change every fourth number while the workers run: the job's change of such a
    // number finds it moved on, reads it again and applies on top.
    const patches = Promise.all(
      org.ids
        .filter((_, index) => index % 4 === 0)
        .map((id) => app.request('PATCH', `/v1/phone-numbers/${id}`, { key: org.key, body: { customer_reference: 'meanwhile' } })),
    );
    await Promise.all([worker(), worker(), worker(), patches]);
    for (const patched of await patches) expect(patched.status).toBe(200);

    const job = await app.request('GET', `/v1/phone-numbers/jobs/${jobId}`, { key: org.key });
    expect(job.body).toMatchObject({ status: 'completed', counts: { total: count, succeeded: count, failed: 0, pending: 0 } });
    const items = await db().selectFrom('bulk_job_items').select(['changed']).where('job_id', '=', jobId).execute();
    expect(items.every((item) => item.changed === true)).toBe(true);

    const events = await jobEvents(jobId);
    expect(events.size).toBe(count);
    for (const id of org.ids) expect(events.get(id)?.map((event) => event.type)).toEqual(['phone_number.updated']);
    // Every event of a number, the job's and the clients', in sequence order tells its versions in order.
    const all = await db()
      .selectFrom('events')
      .select(['resource_id', 'resource_version'])
      .where('organization_id', '=', org.orgId)
      .where('resource_type', '=', 'phone_number')
      .orderBy('sequence')
      .execute();
    const versions = new Map<string, number[]>();
    for (const event of all) versions.set(event.resource_id, [...(versions.get(event.resource_id) ?? []), Number(event.resource_version)]);
    for (const [index, id] of org.ids.entries()) {
      const seen = versions.get(id)!;
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      expect(seen).toHaveLength(index % 4 === 0 ? 3 : 2); // imported, the job's change, and the client's
      const number = await app.dialtone.services.numbers.getCurrent(org.orgId, id);
      expect(number.friendly_name).toBe('Shared');
      expect(number.tags.sort()).toEqual(['batch', 'moved']);
      if (index % 4 === 0) expect(number.customer_reference).toBe('meanwhile');
    }
  });

  it("rolls an item's change back when the item was settled meanwhile: no write, no event", async () => {
    const org = await orgWith(2);
    const jobId = await updateAll(org, 2, { friendly_name: 'Too late' });
    const canceled = await app.request('POST', `/v1/phone-numbers/jobs/${jobId}/cancel`, { key: org.key });
    expect(canceled.body.counts).toMatchObject({ canceled: 2 });
    const repo = new BulkRepo(db());
    const [id] = org.ids;
    const before = await app.dialtone.services.numbers.getCurrent(org.orgId, id!);
    const item = await db().selectFrom('bulk_job_items').select('position').where('job_id', '=', jobId).where('phone_number_id', '=', id!).executeTakeFirstOrThrow();
    const companion = {
      write: async () => {
        throw new CompanionRefused();
      },
      inStatement: repo.succeededInStatement(org.orgId, jobId, item.position),
    };
    // The change a worker whose item was canceled would make, through the service a single change uses.
    const { error, joined } = await withCompanion(companion, () =>
      app.dialtone.services.numbers.updateFrom(org.orgId, id!, () => ({ friendly_name: 'Too late' }), before),
    );
    expect(error).toBeInstanceOf(CompanionRefused);
    expect(joined).toBe(false);
    const after = await app.dialtone.services.numbers.getCurrent(org.orgId, id!);
    expect(after).toMatchObject({ friendly_name: before.friendly_name, version: before.version });
    expect((await jobEvents(jobId)).size).toBe(0);
    const items = await db().selectFrom('bulk_job_items').select('outcome').where('job_id', '=', jobId).execute();
    expect(items.map((row) => row.outcome)).toEqual(['canceled', 'canceled']);
  });
});
