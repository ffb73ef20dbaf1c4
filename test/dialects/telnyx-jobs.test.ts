import Telnyx from 'telnyx';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneNumberRecord } from '../../src/numbers/phone-number.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedAddress } from '../support/addresses-fixture.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';
import { validNumbers } from '../support/numbers-fixture.js';
import { readProviderSpec } from '../support/provider-specs.js';

const spec = new SpecValidator('telnyx-phone-numbers');
const JOBS = '/phone_numbers/jobs';
const ONE = '/phone_numbers/jobs/{id}';
const EMERGENCY = '/phone_numbers/jobs/update_emergency_settings';
const DELETE = '/phone_numbers/jobs/delete_phone_numbers';
const UPDATE = '/phone_numbers/jobs/update_phone_numbers';

/** The fields the document gives a job: an answer carries no other. */
const JOB_FIELDS = Object.keys(
  (readProviderSpec('telnyx-phone-numbers.openapi.json') as { components: { schemas: Record<string, { properties: object }> } }).components.schemas
    .PhoneNumbersJob!.properties,
);

type Org = Awaited<ReturnType<TestApp['newOrg']>>;

describeEachDriver('Telnyx v2 phone-number jobs', (driver) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app?.close());

  const sdkOf = (org: Org) => new Telnyx({ apiKey: org.key, baseURL: `${app.baseUrl}/v2`, maxRetries: 0 });
  const idOf = (record: PhoneNumberRecord) => String(record.seq);

  /** Works every pending item, as each serving process's background job does. */
  async function workAll() {
    for (let run = await app.dialtone.services.bulk.work(); run.more; run = await app.dialtone.services.bulk.work());
  }

  /** The job as GET /v2/phone_numbers/jobs/{id} answers it, checked against the document. */
  async function fetchJob(org: Org, id: string) {
    const res = await app.request('GET', `/v2/phone_numbers/jobs/${id}`, { key: org.key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    spec.assert(ONE, 'get', 200, res.body);
    expect(Object.keys(res.body.data).filter((key) => !JOB_FIELDS.includes(key))).toEqual([]);
    return res.body.data;
  }

  const post = (org: Org, path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request('POST', `/v2${path}`, { key: org.key, body, headers });

  describe('official SDK', () => {
    it('updates emergency settings of a batch: 202 pending, then completed with every number a successful operation', async () => {
      const org = await app.newOrg();
      const records = await seedNumbers(app, org.orgId, 3);
      const address = await seedAddress(app, org.orgId);
      const sdk = sdkOf(org);
      const made = await sdk.phoneNumbers.jobs.updateEmergencySettingsBatch({
        emergency_enabled: true,
        emergency_address_id: address.id,
        phone_numbers: records.map((r) => r.number),
      });
      expect(made.data).toMatchObject({ record_type: 'phone_numbers_job', type: 'update_emergency_settings', status: 'pending' });
      expect(made.data!.pending_operations).toHaveLength(3);
      expect(made.data!.phone_numbers).toEqual(records.map((r) => ({ id: idOf(r), phone_number: r.number })));

      await workAll();
      const done = await sdk.phoneNumbers.jobs.retrieve(made.data!.id!);
      expect(done.data).toMatchObject({ status: 'completed', pending_operations: [], failed_operations: [] });
      expect(done.data!.successful_operations).toEqual(records.map((r) => ({ id: idOf(r), phone_number: r.number })));
      expect(done.data!.etc).toBeDefined();
      for (const record of records) {
        const number = await sdk.phoneNumbers.retrieve(idOf(record));
        expect(number.data).toMatchObject({ emergency_enabled: true, emergency_address_id: address.id, emergency_status: 'active' });
      }
      await fetchJob(org, made.data!.id!);
    });

    it('updates a batch by ids, and by filter; deletes a batch; lists the jobs page by page and by type', async () => {
      const org = await app.newOrg();
      const listed = await seedNumbers(app, org.orgId, 2);
      const filtered = await seedNumbers(app, org.orgId, 3, { tags: ['campaign-9'] });
      const sdk = sdkOf(org);

      const byIds = await sdk.phoneNumbers.jobs.updateBatch({
        phone_numbers: listed.map(idOf),
        customer_reference: 'acme-2',
        tags: ['moved'],
        voice: { call_recording: { inbound_call_recording_enabled: true } },
      });
      expect(byIds.data).toMatchObject({ type: 'update_phone_numbers', status: 'pending' });
      const byFilter = await sdk.phoneNumbers.jobs.updateBatch({ phone_numbers: [], filter: { tag: 'campaign-9' }, hd_voice_enabled: true });
      expect(byFilter.data!.phone_numbers!.map((n) => n.id).sort()).toEqual(filtered.map(idOf).sort());
      await workAll();

      for (const record of listed) {
        const number = (await sdk.phoneNumbers.retrieve(idOf(record))).data!;
        expect(number).toMatchObject({ customer_reference: 'acme-2', tags: ['moved'] });
        expect((await sdk.phoneNumbers.voice.retrieve(idOf(record))).data!.call_recording).toMatchObject({ inbound_call_recording_enabled: true });
      }
      for (const record of filtered) expect((await sdk.phoneNumbers.retrieve(idOf(record))).data!.hd_voice_enabled).toBe(true);

      const deleted = await sdk.phoneNumbers.jobs.deleteBatch({ phone_numbers: listed.map((r) => r.number) });
      expect(deleted.data).toMatchObject({ type: 'delete_phone_numbers', status: 'pending' });
      await workAll();
      expect((await sdk.phoneNumbers.jobs.retrieve(deleted.data!.id!)).data!.successful_operations).toHaveLength(2);
      await expect(sdk.phoneNumbers.retrieve(idOf(listed[0]!))).rejects.toMatchObject({ status: 404 });

      const seen: string[] = [];
      for await (const job of sdk.phoneNumbers.jobs.list({ 'page[size]': 2 })) seen.push(job.id!);
      expect(seen).toEqual([deleted.data!.id, byFilter.data!.id, byIds.data!.id]);
      const updates = await sdk.phoneNumbers.jobs.list({ filter: { type: 'update_phone_numbers' }, sort: 'created_at' });
      expect(updates.data.map((job) => job.id)).toEqual([byIds.data!.id, byFilter.data!.id]);
      const mine = await sdk.phoneNumbers.jobs.list({ filter: { phone_number: filtered[0]!.number, status: ['completed'] } });
      expect(mine.data.map((job) => job.id)).toEqual([byFilter.data!.id]);
    });

    it('raises the SDK error for a job of another organization and for bad input', async () => {
      const owner = await app.newOrg();
      const [record] = await seedNumbers(app, owner.orgId, 1);
      const job = await sdkOf(owner).phoneNumbers.jobs.deleteBatch({ phone_numbers: [idOf(record!)] });
      const other = sdkOf(await app.newOrg());
      await expect(other.phoneNumbers.jobs.retrieve(job.data!.id!)).rejects.toMatchObject({ status: 404 });
      await expect(other.phoneNumbers.jobs.deleteBatch({ phone_numbers: [idOf(record!)] })).rejects.toMatchObject({ status: 422 });
      expect((await other.phoneNumbers.jobs.list()).data).toEqual([]);
      await workAll();
    });
  });

  describe('documents', () => {
    let org: Org;
    let records: PhoneNumberRecord[];
    beforeAll(async () => {
      org = await app.newOrg();
      records = await seedNumbers(app, org.orgId, 4, { tags: ['docs'] });
    });

    it('every answer of a job, pending, in progress, completed with a failed operation, matches the document', async () => {
      await workAll();
      const locked = await seedNumbers(app, org.orgId, 1, { deletion_lock_enabled: true });
      const targets = [records[0]!, locked[0]!].map(idOf);
      const made = await post(org, DELETE, { phone_numbers: targets });
      expect(made.status, JSON.stringify(made.body)).toBe(202);
      spec.assert(DELETE, 'post', 202, made.body);
      expect(made.body.data.status).toBe('pending');
      expect(made.body.data.etc).toBeUndefined();

      // The second number held as another process's claim would hold it: the worker works the first only.
      const hold = (until: string) =>
        sql`UPDATE bulk_job_items SET claimed_until = ${sql.raw(until)} WHERE job_id = ${made.body.data.id} AND position = 1`.execute(app.dialtone.database.db);
      await hold(`now() + interval '1 hour'`);
      await workAll();
      const halfway = await fetchJob(org, made.body.data.id);
      expect(halfway).toMatchObject({ status: 'in_progress', successful_operations: [{ id: targets[0] }], pending_operations: [{ id: targets[1] }] });
      expect(Date.parse(halfway.etc)).toBeGreaterThanOrEqual(Date.parse(halfway.created_at));

      await hold(`'-infinity'`);
      await workAll();
      const done = await fetchJob(org, made.body.data.id);
      expect(done.status).toBe('completed');
      expect(done.failed_operations).toEqual([
        {
          id: targets[1],
          phone_number: locked[0]!.number,
          errors: [expect.objectContaining({ code: '10015', title: 'Unprocessable entity', detail: expect.stringContaining('deletion_lock') })],
        },
      ]);
      const list = await app.request('GET', '/v2/phone_numbers/jobs?page[size]=1&page[number]=1&filter[type]=delete_phone_numbers', { key: org.key });
      expect(list.status).toBe(200);
      spec.assert(JOBS, 'get', 200, list.body);
      expect(list.body.meta).toEqual({ total_pages: 1, total_results: 1, page_number: 1, page_size: 1 });
    });

    it('update by filter: the filter in the query, the fields in the body', async () => {
      const made = await post(org, `${UPDATE}?filter[tag]=docs&filter[status]=active`, { customer_reference: 'by-filter' });
      expect(made.status, JSON.stringify(made.body)).toBe(202);
      spec.assert(UPDATE, 'post', 202, made.body);
      const matching = await app.request('GET', '/v2/phone_numbers?filter[tag]=docs&filter[status]=active', { key: org.key });
      expect(made.body.data.phone_numbers).toHaveLength(matching.body.meta.total_results);
      const none = await post(org, `${UPDATE}?filter[has_bundle]=true`, { customer_reference: 'x' });
      expect(none.status).toBe(202);
      expect(none.body.data.phone_numbers).toEqual([]);
      await workAll();
      expect((await fetchJob(org, none.body.data.id)).status).toBe('completed');
      expect((await fetchJob(org, made.body.data.id)).successful_operations).toHaveLength(made.body.data.phone_numbers.length);
    });

    it('a canceled job is expired: the numbers it did not work are failed operations', async () => {
      const made = await post(org, EMERGENCY, { emergency_enabled: false, phone_numbers: records.slice(1, 3).map((r) => r.number) });
      expect(made.status).toBe(202);
      spec.assert(EMERGENCY, 'post', 202, made.body);
      const canceled = await app.request('POST', `/v1/phone-numbers/jobs/${made.body.data.id}/cancel`, { key: org.key });
      expect(canceled.body.status).toBe('canceled');
      const job = await fetchJob(org, made.body.data.id);
      expect(job.status).toBe('expired');
      expect(job.failed_operations.map((op: { errors: { detail: string }[] }) => op.errors[0]!.detail)).toEqual([
        'The job was canceled before this number was worked.',
        'The job was canceled before this number was worked.',
      ]);
    });

    it('refuses bad input in the documented error shape', async () => {
      const other = await app.newOrg();
      const [foreign] = await seedNumbers(app, other.orgId, 1);
      const theirs = await seedAddress(app, other.orgId);
      const id = idOf(records[3]!);
      const refusals: Array<[string, unknown, string, string]> = [
        [DELETE, { phone_numbers: [id, records[2]!.number] }, '/phone_numbers', 'either all phone numbers in the e164 format'],
        [DELETE, { phone_numbers: [id, idOf(foreign!)] }, '/phone_numbers', 'must be one this organization holds'],
        [DELETE, { phone_numbers: ['+1 415 555'] }, '/phone_numbers', 'neither a phone number id'],
        [DELETE, { phone_numbers: [] }, '/phone_numbers', 'fewer than 1'],
        [DELETE, { phone_numbers: Array.from({ length: 1001 }, (_, i) => String(i + 1)) }, '/phone_numbers', 'more than 1000'],
        [EMERGENCY, { emergency_enabled: true, phone_numbers: [id] }, '/emergency_address_id', 'needs an emergency address'],
        [EMERGENCY, { emergency_enabled: false, emergency_address_id: 'addr-1', phone_numbers: [id] }, '/emergency_address_id', 'takes no address'],
        [EMERGENCY, { phone_numbers: [id] }, '/emergency_enabled', 'emergency_enabled'],
        [EMERGENCY, { emergency_enabled: true, emergency_address_id: theirs.id, phone_numbers: [id] }, '/emergency_address_id', 'not an address of this organization'],
        [EMERGENCY, { emergency_enabled: true, emergency_address_id: '53829456729313', phone_numbers: [id] }, '/emergency_address_id', 'not an address of this organization'],
        [UPDATE, { phone_numbers: [id] }, '/updateable_fields', 'at least 1 updateable field'],
        [UPDATE, { tags: ['x'] }, '/phone_numbers', 'must be present'],
        [UPDATE, { phone_numbers: [id], external_pin: '1234' }, '/external_pin', 'number by number'],
        [UPDATE, { phone_numbers: [id], voice: { tech_prefix_enabled: true } }, '/voice', 'number by number'],
      ];
      for (const [path, body, pointer, detail] of refusals) {
        const res = await post(org, path, body);
        expect(res.status, `${path} ${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(res.body)}`).toBe(422);
        spec.assert(path, 'post', 422, res.body);
        expect(res.body.errors[0]).toMatchObject({ code: '10015', source: { pointer } });
        expect(res.body.errors[0].detail).toContain(detail);
      }
      const badFilter = await post(org, `${UPDATE}?filter[number_type][eq]=local`, { customer_reference: 'x' });
      expect(badFilter.status).toBe(400);
      spec.assert(UPDATE, 'post', 400, badFilter.body);
      expect(badFilter.body.errors[0].source).toEqual({ parameter: 'filter[number_type]' });
      const badType = await app.request('GET', '/v2/phone_numbers/jobs?filter[type]=port', { key: org.key });
      expect(badType.status).toBe(400);
      spec.assert(JOBS, 'get', 400, badType.body);
      const badSort = await app.request('GET', '/v2/phone_numbers/jobs?sort=updated_at', { key: org.key });
      expect(badSort.status).toBe(400);
      const unknown = await app.request('GET', '/v2/phone_numbers/jobs/not-a-job', { key: org.key });
      expect(unknown.status).toBe(404);
      spec.assert(ONE, 'get', 404, unknown.body);
      const anonymous = await app.request('GET', '/v2/phone_numbers/jobs');
      expect(anonymous.status).toBe(401);
      spec.assert(JOBS, 'get', 401, anonymous.body);
    });

    it('refuses a filter matching more than a thousand numbers, doing nothing', async () => {
      const big = await app.newOrg();
      const numbers = validNumbers(1001, 7);
      const imported = await app.dialtone.services.numbers.importBatch(big.orgId, numbers.map((number) => ({ number, tags: ['all'] })));
      expect(imported.rejected).toEqual([]);
      const res = await post(big, `${UPDATE}?filter[tag]=all`, { customer_reference: 'too-many' });
      expect(res.status).toBe(400);
      spec.assert(UPDATE, 'post', 400, res.body);
      expect(res.body.errors[0]).toMatchObject({ source: { parameter: 'filter' } });
      expect(res.body.errors[0].detail).toContain('these come to 1001');
      expect((await app.request('GET', '/v2/phone_numbers/jobs', { key: big.key })).body.meta.total_results).toBe(0);
    });

    it('a scope short of the job is refused', async () => {
      const reader = await app.newOrg(['phone_numbers:read']);
      const res = await post(reader, DELETE, { phone_numbers: ['1234567890123456'] });
      expect(res.status).toBe(403);
      spec.assert(DELETE, 'post', 403, res.body);
    });
  });

  describe('one engine', () => {
    it('a Telnyx job is a bulk job: seen through /v1, each number changed with its event naming the job; an Idempotency-Key replays it', async () => {
      const org = await app.newOrg();
      const records = await seedNumbers(app, org.orgId, 2);
      const address = await seedAddress(app, org.orgId);
      const body = { emergency_enabled: true, emergency_address_id: address.id, phone_numbers: records.map(idOf) };
      const made = await post(org, EMERGENCY, body, { 'idempotency-key': 'telnyx-job-1' });
      const again = await post(org, EMERGENCY, body, { 'idempotency-key': 'telnyx-job-1' });
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.data.id).toBe(made.body.data.id);
      await workAll();
      const native = await app.request('GET', `/v1/phone-numbers/jobs/${made.body.data.id}`, { key: org.key });
      expect(native.body).toMatchObject({
        action: 'update_emergency',
        status: 'completed',
        params: { emergency: { enabled: true, address_id: address.id } },
        counts: { total: 2, succeeded: 2 },
      });
      const events = (await app.request('GET', `/v1/events?resource_id=${records[0]!.id}`, { key: org.key })).body.data;
      expect(events.find((e: { type: string }) => e.type === 'phone_number.emergency_status_changed')).toMatchObject({ actor: { job_id: made.body.data.id } });
    });

    it('a native job shows through Telnyx: update_emergency made on /v1 is an update_emergency_settings job', async () => {
      const org = await app.newOrg();
      const records = await seedNumbers(app, org.orgId, 2);
      const address = await seedAddress(app, org.orgId);
      const made = await app.request('POST', '/v1/phone-numbers/jobs?wait=true', {
        key: org.key,
        body: { action: 'update_emergency', ids: records.map((r) => r.id), emergency: { enabled: true, address_id: address.id } },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      expect(made.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['succeeded', 'succeeded']);
      const job = await fetchJob(org, made.body.id);
      expect(job).toMatchObject({ type: 'update_emergency_settings', status: 'completed' });
      const refused = await app.request('POST', '/v1/phone-numbers/jobs', {
        key: org.key,
        body: { action: 'update_emergency', ids: records.map((r) => r.id), emergency: { enabled: true } },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.detail).toContain('needs an emergency address');
    });
  });
});
