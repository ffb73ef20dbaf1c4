import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { callJson as call, startServerProcess } from '../support/process.js';
import { validNumbers } from '../support/numbers-fixture.js';

const ADMIN = 'acceptance-admin-token-000000';
const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-shutdown-'));
const env = { DIALTONE_DATA_DIR: dataDir, DIALTONE_ADMIN_TOKEN: ADMIN };

/**
 * A POST whose body arrives in two halves: the request is in flight (headers read, handler
 * not yet run) from the first half until the second is sent.
 */
function splitPost(baseUrl: string, path: string, key: string, body: unknown) {
  const text = JSON.stringify(body);
  const url = new URL(path, baseUrl);
  const req = httpRequest(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
  });
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      let data = '';
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
    });
    req.on('error', reject);
  });
  req.write(text.slice(0, 5));
  return { finish: () => req.end(text.slice(5)), answer };
}

describe('SIGTERM', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lets a request in flight finish, then exits 0 with its write kept', async () => {
    const server = await startServerProcess(env);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    const org = await call(server.baseUrl, 'POST', '/v1/organizations', ADMIN, { name: 'Shutdown' });
    const { body: created } = await call(server.baseUrl, 'POST', `/v1/organizations/${org.body.id}/api-keys`, ADMIN, {
      scopes: ['phone_numbers:read', 'phone_numbers:write'],
    });
    const [number] = validNumbers(1, 701);
    const inFlight = splitPost(server.baseUrl, '/v1/phone-numbers', created.key, { number });
    await sleep(300);

    server.child.kill('SIGTERM');
    await sleep(500);
    expect(server.child.exitCode).toBeNull(); // still waiting for the request
    inFlight.finish();
    const answer = await inFlight.answer;
    expect([answer.status, answer.body.number]).toEqual([201, number]);
    expect(await exited).toBe(0);
    expect(server.output()).toContain('shutting down');

    const again = await startServerProcess(env);
    try {
      const read = await call(again.baseUrl, 'GET', `/v1/phone-numbers/${answer.body.id}`, created.key);
      expect([read.status, read.body.number]).toEqual([200, number]);
    } finally {
      await again.stop();
    }
  });

  it('closes anyway once the grace period is over', async () => {
    const server = await startServerProcess({ ...env, DIALTONE_SHUTDOWN_GRACE_MS: '500' });
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    const stuck = splitPost(server.baseUrl, '/v1/phone-numbers', 'dt_unused', { number: '+12125550100' });
    stuck.answer.catch(() => {}); // its connection is cut: that is the point
    await sleep(300);
    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.output()).toContain('closing anyway');
  });
});
