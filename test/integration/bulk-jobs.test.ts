import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedAddress } from '../support/addresses-fixture.js';
import { validNumbers } from '../support/numbers-fixture.js';

describeEachDriver('/v1/phone-numbers/jobs', (driver) => {
  let app: TestApp;
  let seed = 100;

  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app?.close());

  /** A new organization holding `count` numbers, tagged as given; their ids in number order. */
  async function orgWith(count: number, tags: string[] = ['batch']) {
    const org = await app.newOrg();
    const numbers = validNumbers(count, seed++).sort();
    const result = await app.dialtone.services.numbers.importBatch(org.orgId, numbers.map((number) => ({ number, tags })));
    expect(result.rejected).toEqual([]);
    const ids: string[] = [];
    for (const number of numbers) ids.push((await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(number)}`, { key: org.key })).body.id);
    return { ...org, numbers, ids };
  }

  const createJob = (key: string, body: unknown, query = '', headers: Record<string, string> = {}) =>
    app.request('POST', `/v1/phone-numbers/jobs${query}`, { key, body, headers });

  /** Works every pending item, as the background job does. */
  async function workAll() {
    for (let run = await app.dialtone.services.bulk.work(); run.more; run = await app.dialtone.services.bulk.work());
  }

  async function eventsOf(key: string, id: string) {
    return (await app.request('GET', `/v1/events?resource_id=${id}&limit=500`, { key })).body.data as any[];
  }

  describe('each action', () => {
    it('updates by filter: fields set and tags added and removed, each number one event naming the job', async () => {
      const org = await orgWith(5, ['campaign-7', 'old']);
      const created = await createJob(org.key, {
        action: 'update',
        filter: { tag: ['campaign-7'] },
        expected_count: 5,
        set: { friendly_name: 'Campaign 7', features: { call_recording: true } },
        add_tags: ['new'],
        remove_tags: ['old'],
      });
      expect(created.status).toBe(202);
      expect(created.body).toMatchObject({ object: 'bulk_job', action: 'update', status: 'queued', counts: { total: 5, pending: 5, succeeded: 0 }, progress: 0 });
      expect(created.headers.get('location')).toBe(`/v1/phone-numbers/jobs/${created.body.id}`);
      await workAll();
      const job = await app.request('GET', `/v1/phone-numbers/jobs/${created.body.id}`, { key: org.key });
      expect(job.body).toMatchObject({ status: 'completed', counts: { total: 5, succeeded: 5, failed: 0, pending: 0 }, progress: 1 });
      for (const id of org.ids) {
        const number = await app.request('GET', `/v1/phone-numbers/${id}`, { key: org.key });
        expect(number.body).toMatchObject({ friendly_name: 'Campaign 7', features: { call_recording: true } });
        expect(number.body.tags.sort()).toEqual(['campaign-7', 'new']);
        const events = (await eventsOf(org.key, id)).filter((e) => e.type !== 'phone_number.imported');
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ type: 'phone_number.updated', actor: { type: 'api_key', job_id: created.body.id } });
      }
      const completed = (await app.request('GET', `/v1/events?type=bulk_job.completed`, { key: org.key })).body.data;
      expect(completed).toHaveLength(1);
      expect(completed[0].data).toMatchObject({ id: created.body.id, status: 'completed', counts: { succeeded: 5 } });
    });

    it('assigns and unassigns by ids, synchronously with wait=true, answering per-number results', async () => {
      const org = await orgWith(3);
      const assigned = await createJob(org.key, { action: 'assign', ids: org.ids, agent_id: 'agent-9' }, '?wait=true');
      expect(assigned.status).toBe(200);
      expect(assigned.body.status).toBe('completed');
      expect(assigned.body.results.map((r: any) => [r.phone_number_id, r.outcome, r.changed])).toEqual(org.ids.map((id) => [id, 'succeeded', true]));
      const one = await app.request('GET', `/v1/phone-numbers/${org.ids[0]}`, { key: org.key });
      expect(one.body.assignment.agent_id).toBe('agent-9');
      expect((await eventsOf(org.key, org.ids[0]!)).map((e) => e.type)).toContain('phone_number.assigned');

      const again = await createJob(org.key, { action: 'assign', ids: org.ids, agent_id: 'agent-9' }, '?wait=true');
      expect(again.body.results.map((r: any) => r.changed)).toEqual([false, false, false]);
      const elsewhere = await createJob(org.key, { action: 'assign', ids: [org.ids[0]], agent_id: 'agent-1' }, '?wait=true');
      expect(elsewhere.body).toMatchObject({ status: 'failed', counts: { failed: 1 } });
      expect(elsewhere.body.results[0].error.code).toBe('assigned_elsewhere');

      const freed = await createJob(org.key, { action: 'unassign', phone_numbers: org.numbers }, '?wait=true');
      expect(freed.body.results.map((r: any) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect((await app.request('GET', `/v1/phone-numbers/${org.ids[1]}`, { key: org.key })).body.assignment.agent_id).toBeNull();
    });

    it('releases through the release path, needs the release scope, and fails the locked and the unknown per number', async () => {
      const org = await orgWith(3);
      await app.request('PATCH', `/v1/phone-numbers/${org.ids[2]}`, { key: org.key, body: { deletion_lock_enabled: true } });
      const writer = await app.request('POST', `/v1/organizations/${org.orgId}/api-keys`, {
        headers: { authorization: 'Bearer test-admin-token-0123456789' },
        body: { scopes: ['phone_numbers:read', 'phone_numbers:write'] },
      });
      const refused = await createJob(writer.body.key, { action: 'release', ids: org.ids }, '?wait=true');
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('insufficient_scope');

      const unknown = '00000000-0000-4000-8000-000000000000';
      const res = await createJob(org.key, { action: 'release', ids: [...org.ids, unknown] }, '?wait=true');
      expect(res.status).toBe(200);
      expect(res.body.counts).toMatchObject({ total: 4, succeeded: 2, failed: 2 });
      expect(res.body.results.map((r: any) => r.error?.code ?? r.outcome)).toEqual(['succeeded', 'succeeded', 'deletion_locked', 'not_found']);
      const released = await app.request('GET', `/v1/phone-numbers/${org.ids[0]}`, { key: org.key });
      expect(released.body.status).toBe('released');
      expect((await eventsOf(org.key, org.ids[0]!)).map((e) => e.type)).toEqual(['phone_number.imported', 'phone_number.released']);
    });
  });

  describe('update_emergency', () => {
    it('previews, then turns emergency calling on with its address and off again keeping it, each number one event naming the job', async () => {
      const org = await orgWith(2);
      const address = (await seedAddress(app, org.orgId)).id;
      const on = { action: 'update_emergency', ids: org.ids, emergency: { enabled: true, address_id: address } };
      const preview = await createJob(org.key, { ...on, dry_run: true });
      expect(preview.status).toBe(200);
      expect(preview.body.data.map((item: any) => [item.outcome, item.after.emergency])).toEqual([
        ['would_change', { enabled: true, address_id: address, status: 'active' }],
        ['would_change', { enabled: true, address_id: address, status: 'active' }],
      ]);
      const enabled = await createJob(org.key, on);
      expect(enabled.status).toBe(202);
      expect(enabled.body).toMatchObject({ action: 'update_emergency', params: { emergency: { enabled: true, address_id: address } } });
      await workAll();
      expect((await app.request('GET', `/v1/phone-numbers/jobs/${enabled.body.id}`, { key: org.key })).body).toMatchObject({ status: 'completed', counts: { succeeded: 2 } });
      const events = await eventsOf(org.key, org.ids[0]!);
      expect(events.find((e) => e.type === 'phone_number.emergency_status_changed')).toMatchObject({ actor: { job_id: enabled.body.id } });

      const off = await createJob(org.key, { action: 'update_emergency', ids: org.ids, emergency: { enabled: false } }, '?wait=true');
      expect(off.body.results.map((r: any) => r.changed)).toEqual([true, true]);
      const number = await app.request('GET', `/v1/phone-numbers/${org.ids[1]}`, { key: org.key });
      expect(number.body.emergency).toMatchObject({ enabled: false, address_id: address, status: 'disabled' });
    });

    it('refuses emergency settings that do not make one', async () => {
      const org = await orgWith(1);
      const theirs = (await seedAddress(app, (await app.newOrg()).orgId)).id;
      const refusals: Array<[unknown, string]> = [
        [{ action: 'update_emergency', ids: org.ids }, '/emergency'],
        [{ action: 'update_emergency', ids: org.ids, emergency: { enabled: true } }, '/emergency/address_id'],
        [{ action: 'update_emergency', ids: org.ids, emergency: { enabled: false, address_id: 'addr-1' } }, '/emergency/address_id'],
        [{ action: 'update', ids: org.ids, set: { friendly_name: 'x' }, emergency: { enabled: false } }, '/emergency'],
        [{ action: 'update_emergency', ids: org.ids, emergency: { enabled: false }, set: { friendly_name: 'x' } }, '/set'],
        // The address is one of the organization's: an unknown one is refused as the job is made (and as its dry run).
        [{ action: 'update_emergency', ids: org.ids, emergency: { enabled: true, address_id: 'addr-1' } }, '/emergency/address_id'],
        [{ action: 'update_emergency', ids: org.ids, emergency: { enabled: true, address_id: theirs }, dry_run: true }, '/emergency/address_id'],
      ];
      for (const [body, pointer] of refusals) {
        const res = await createJob(org.key, body);
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.pointer).toBe(pointer);
      }
    });
  });

  describe('guards', () => {
    it('refuses a filter job whose count is not the expected one, saying how many it matches now, and changes nothing', async () => {
      const org = await orgWith(4, ['guarded']);
      const res = await createJob(org.key, { action: 'update', filter: { tag: ['guarded'] }, expected_count: 3, set: { friendly_name: 'x' } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'count_mismatch', matched_count: 4, expected_count: 3, pointer: '/expected_count' });
      const missing = await createJob(org.key, { action: 'update', filter: { tag: ['guarded'] }, set: { friendly_name: 'x' } });
      expect(missing.status).toBe(400);
      expect(missing.body.pointer).toBe('/expected_count');
      expect((await app.request('GET', '/v1/phone-numbers/jobs', { key: org.key })).body.data).toEqual([]);
      const listed = await app.request('GET', '/v1/phone-numbers?tag=guarded', { key: org.key });
      expect(listed.body.data.every((n: any) => n.friendly_name === null)).toBe(true);
    });

    it('refuses bodies that do not make one job', async () => {
      const org = await orgWith(1);
      const both = await createJob(org.key, { action: 'unassign', ids: org.ids, phone_numbers: org.numbers });
      expect(both.status).toBe(400);
      const stray = await createJob(org.key, { action: 'release', ids: org.ids, agent_id: 'a' });
      expect(stray.body.pointer).toBe('/agent_id');
      const nothing = await createJob(org.key, { action: 'update', ids: org.ids });
      expect(nothing.status).toBe(400);
      const tooMany = await createJob(org.key, { action: 'unassign', ids: Array.from({ length: 10_001 }, () => org.ids[0]) });
      expect(tooMany.status).toBe(400);
    });

    it('a dry run tells each number as it is and as it would be, paged, and writes nothing', async () => {
      const org = await orgWith(5, ['dry']);
      const body = { action: 'update', filter: { tag: ['dry'] }, set: { friendly_name: 'After' }, add_tags: ['more'], dry_run: true };
      const first = await createJob(org.key, body, '?limit=3');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ object: 'bulk_job_preview', action: 'update', count: 5, has_more: true });
      expect(first.body.data[0]).toMatchObject({
        outcome: 'would_change',
        before: { friendly_name: null, tags: ['dry'] },
        after: { friendly_name: 'After', tags: ['dry', 'more'] },
        error: null,
      });
      const second = await createJob(org.key, body, `?limit=3&cursor=${encodeURIComponent(first.body.next_cursor)}`);
      expect(second.body.data).toHaveLength(2);
      expect(second.body.has_more).toBe(false);
      const seen = [...first.body.data, ...second.body.data].map((d: any) => d.phone_number_id).sort();
      expect(seen).toEqual([...org.ids].sort());
      const otherBody = await createJob(org.key, { ...body, set: { friendly_name: 'Other' } }, `?cursor=${encodeURIComponent(first.body.next_cursor)}`);
      expect(otherBody.status).toBe(400);
      const number = await app.request('GET', `/v1/phone-numbers/${org.ids[0]}`, { key: org.key });
      expect(number.body).toMatchObject({ friendly_name: null, tags: ['dry'] });
      expect((await app.request('GET', '/v1/phone-numbers/jobs', { key: org.key })).body.data).toEqual([]);
    });
  });

  describe('lifecycle', () => {
    it('cancels a queued job: nothing is worked, its items read canceled, and a second cancel is a 409', async () => {
      const org = await orgWith(3);
      const created = await createJob(org.key, { action: 'update', ids: org.ids, set: { friendly_name: 'never' } });
      const canceled = await app.request('POST', `/v1/phone-numbers/jobs/${created.body.id}/cancel`, { key: org.key });
      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject({ status: 'canceled', counts: { canceled: 3, pending: 0 } });
      await workAll();
      expect((await app.request('GET', `/v1/phone-numbers/${org.ids[0]}`, { key: org.key })).body.friendly_name).toBeNull();
      const again = await app.request('POST', `/v1/phone-numbers/jobs/${created.body.id}/cancel`, { key: org.key });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('job_not_active');
    });

    it('pages results by outcome and retries the failed ones as a new job', async () => {
      const org = await orgWith(4);
      await app.request('PATCH', `/v1/phone-numbers/${org.ids[1]}`, { key: org.key, body: { status: 'suspended' } });
      const created = await createJob(org.key, { action: 'update', ids: org.ids, set: { status: 'active' } });
      expect(created.status).toBe(202);
      // A number that cannot move to active makes the item fail: released numbers cannot be changed.
      await app.dialtone.services.releases.release(org.orgId, org.ids[3]!);
      await workAll();
      const failed = await app.request('GET', `/v1/phone-numbers/jobs/${created.body.id}/items?outcome=failed`, { key: org.key });
      expect(failed.body.data.map((i: any) => [i.phone_number_id, i.error.code])).toEqual([[org.ids[3], 'number_released']]);
      const page1 = await app.request('GET', `/v1/phone-numbers/jobs/${created.body.id}/items?limit=2`, { key: org.key });
      expect(page1.body.data.map((i: any) => i.position)).toEqual([0, 1]);
      const page2 = await app.request('GET', `/v1/phone-numbers/jobs/${created.body.id}/items?limit=2&cursor=${encodeURIComponent(page1.body.next_cursor)}`, { key: org.key });
      expect(page2.body.data.map((i: any) => i.position)).toEqual([2, 3]);
      expect(page2.body.has_more).toBe(false);

      const retry = await app.request('POST', `/v1/phone-numbers/jobs/${created.body.id}/retry-failed`, { key: org.key, headers: { 'idempotency-key': 'retry-1' } });
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ retry_of: created.body.id, counts: { total: 1 }, action: 'update' });
      const replay = await app.request('POST', `/v1/phone-numbers/jobs/${created.body.id}/retry-failed`, { key: org.key, headers: { 'idempotency-key': 'retry-1' } });
      expect(replay.status).toBe(200);
      expect(replay.body.id).toBe(retry.body.id);
      await workAll();
      expect((await app.request('GET', `/v1/phone-numbers/jobs/${retry.body.id}`, { key: org.key })).body.status).toBe('failed');
    });

    it('an Idempotency-Key answers the first job for the same body and refuses another body', async () => {
      const org = await orgWith(2);
      const body = { action: 'update', ids: org.ids, add_tags: ['idem'] };
      const headers = { 'idempotency-key': 'bulk-1' };
      const first = await createJob(org.key, body, '', headers);
      const second = await createJob(org.key, body, '', headers);
      expect(second.status).toBe(200);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      const other = await createJob(org.key, { ...body, add_tags: ['else'] }, '', headers);
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
      expect((await app.request('GET', '/v1/phone-numbers/jobs', { key: org.key })).body.data).toHaveLength(1);
    });

    it("keeps jobs to their organization: another's job is a 404 and its numbers are not targets", async () => {
      const owner = await orgWith(2);
      const other = await orgWith(1);
      const created = await createJob(owner.key, { action: 'unassign', ids: owner.ids });
      for (const path of ['', '/items']) {
        expect((await app.request('GET', `/v1/phone-numbers/jobs/${created.body.id}${path}`, { key: other.key })).status).toBe(404);
      }
      expect((await app.request('POST', `/v1/phone-numbers/jobs/${created.body.id}/cancel`, { key: other.key })).status).toBe(404);
      expect((await app.request('GET', '/v1/phone-numbers/jobs', { key: other.key })).body.data).toEqual([]);
      const foreign = await createJob(other.key, { action: 'update', ids: owner.ids, set: { friendly_name: 'stolen' } }, '?wait=true');
      expect(foreign.body.results.map((r: any) => r.error.code)).toEqual(['not_found', 'not_found']);
      expect((await app.request('GET', `/v1/phone-numbers/${owner.ids[0]}`, { key: owner.key })).body.friendly_name).toBeNull();
      const reader = await app.newOrg(['phone_numbers:read']);
      expect((await createJob(reader.key, { action: 'unassign', ids: owner.ids })).status).toBe(403);
      expect((await app.request('GET', '/v1/phone-numbers/jobs')).status).toBe(401);
    });
  });
});
