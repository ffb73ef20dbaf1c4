import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDialtone } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { runCli } from '../support/process.js';
import { validNumbers } from '../support/numbers-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-cli-bulk-'));
const env = { DIALTONE_DATA_DIR: join(dir, 'data') };

/** The organization's numbers as the services read them, after the commands ran. */
async function numbersOf(orgId: string) {
  const dialtone = await openDialtone(loadConfig({}, { dataDir: env.DIALTONE_DATA_DIR, logLevel: 'silent' }));
  try {
    const page = await dialtone.services.numbers.list(orgId, { filters: { status: ['active', 'released'] }, limit: 1000 });
    return page.data;
  } finally {
    await dialtone.close();
  }
}

describe('dialtone numbers update and release (bulk jobs) on the embedded database', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const numbers = validNumbers(30, 901).sort();
  let orgId = '';

  it('updates by filter with a dry run first, then for real, with a summary', async () => {
    orgId = JSON.parse((await runCli(['orgs', 'create', '--name', 'Bulk CLI'], env)).stdout).id;
    const csv = join(dir, 'numbers.csv');
    writeFileSync(csv, `number,tags\n${numbers.map((n, i) => `${n},${i < 20 ? 'campaign' : 'other'}`).join('\n')}\n`);
    expect((await runCli(['numbers', 'import', csv, '--org', orgId], env)).code).toBe(0);

    const dry = await runCli(['numbers', 'update', '--org', orgId, '--filter', 'tag=campaign', '--set', 'friendly_name=Sales', '--add-tags', 'moved', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: the filter matches 20 numbers; nothing was changed');
    expect(dry.stdout).toContain('would_change');
    expect((await numbersOf(orgId)).filter((n) => n.friendly_name === 'Sales')).toHaveLength(0);

    const run = await runCli(['numbers', 'update', '--org', orgId, '--filter', 'tag=campaign', '--set', 'friendly_name=Sales', '--add-tags', 'moved'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/job \S+ completed: 20 succeeded, 0 failed of 20/);
    const after = await numbersOf(orgId);
    expect(after.filter((n) => n.friendly_name === 'Sales' && n.tags.includes('moved'))).toHaveLength(20);
    expect(after.filter((n) => n.tags.includes('other') && n.friendly_name === null)).toHaveLength(10);

    const bad = await runCli(['numbers', 'update', '--org', orgId, '--filter', 'colour=blue', '--set', 'friendly_name=x'], env);
    expect(bad.code).toBe(1);
  }, 600_000);

  it('releases the numbers a file lists, reporting each that failed', async () => {
    const file = join(dir, 'release.txt');
    writeFileSync(file, `# to release\n${numbers.slice(0, 3).join('\n')}\n+447911123456\n`);
    const run = await runCli(['numbers', 'release', '--org', orgId, '--file', file], env);
    expect(run.stderr).toContain('+447911123456');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/job \S+ completed: 3 succeeded, 1 failed of 4/);
    expect(run.stderr).toContain('+447911123456: not_found');
    const released = (await numbersOf(orgId)).filter((n) => n.status === 'released').map((n) => n.number);
    expect(released.sort()).toEqual(numbers.slice(0, 3));
  }, 600_000);
});
