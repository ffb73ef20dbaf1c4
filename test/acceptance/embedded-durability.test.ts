import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callJson as call, runCli, startServerProcess } from '../support/process.js';
import { validNumbers } from '../support/numbers-fixture.js';

const ADMIN = 'acceptance-admin-token-000000';
const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-durability-'));
const env = { DIALTONE_DATA_DIR: dataDir, DIALTONE_ADMIN_TOKEN: ADMIN };


describe('the embedded database', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged write through kill -9, and refuses a second process on its directory', async () => {
    const first = await startServerProcess(env);
    const org = await call(first.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Durable' });
    const { body: created } = await call(first.baseUrl, 'POST', `/v1/organizations/${org.body.id}/api-keys`, ADMIN, {
      scopes: ['phone_numbers:read', 'phone_numbers:write'],
    });
    const acknowledged: string[] = [];
    for (const number of validNumbers(25, 601)) {
      const res = await call(first.baseUrl, 'POST', '/v1/phone-numbers', created.key, { number });
      if (res.status === 201) acknowledged.push(res.body.id);
    }
    expect(acknowledged).toHaveLength(25);

    // While it runs, nobody else may open the directory.
    const rival = await runCli(['migrate'], env);
    expect(rival.code).toBe(1);
    expect(rival.stderr).toContain('in use by another Dialtone process');

    await first.stop('SIGKILL');
    const second = await startServerProcess(env);
    try {
      const listed = await call(second.baseUrl, 'GET', '/v1/phone-numbers?limit=100', created.key);
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((n: { id: string }) => n.id).sort()).toEqual([...acknowledged].sort());
    } finally {
      await second.stop();
    }
  });
});
