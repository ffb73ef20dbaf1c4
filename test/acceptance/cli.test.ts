import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDialtone } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { runCli } from '../support/process.js';
import { validNumbers } from '../support/numbers-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-cli-'));
const env = { DIALTONE_DATA_DIR: join(dir, 'data') };

describe('the dialtone CLI on the embedded database', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let orgId = '';

  it('migrates, creates an organization and a key', async () => {
    expect((await runCli(['migrate'], env)).stdout).toContain('database is up to date');
    const org = await runCli(['orgs', 'create', '--name', 'CLI Co'], env);
    expect(org.code).toBe(0);
    const parsed = JSON.parse(org.stdout);
    orgId = parsed.id;
    expect(parsed.account_sid).toBe(`AC${orgId.replace(/-/g, '')}`);
    const key = await runCli(['keys', 'create', '--org', orgId, '--scopes', 'phone_numbers:read'], env);
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^dt_[A-Za-z0-9_-]{40}\n/);
    const badScope = await runCli(['keys', 'create', '--org', orgId, '--scopes', 'numbers:everything'], env);
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toContain('scopes must be');
  });

  it('lists organizations and keys, and revokes a key', async () => {
    const listed = await runCli(['orgs', 'list'], env);
    expect(listed.stdout).toContain(`${orgId}  AC${orgId.replace(/-/g, '')}`);
    expect(listed.stdout).toContain('CLI Co');
    const created = await runCli(['keys', 'create', '--org', orgId, '--name', 'to-revoke'], env);
    const prefix = /prefix (dt_\S+),/.exec(created.stdout)?.[1];
    const keys = await runCli(['keys', 'list', '--org', orgId], env);
    const line = keys.stdout.split('\n').find((l) => l.includes('to-revoke'))!;
    expect(line).toContain(`${prefix}  to-revoke`);
    expect(line).toContain('last used never');
    expect(keys.stdout).not.toContain(created.stdout.split('\n')[0]);
    const keyId = line.split('  ')[0]!;
    const revoked = await runCli(['keys', 'revoke', '--org', orgId, '--key', keyId], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked ${prefix} (to-revoke)`);
    expect((await runCli(['keys', 'list', '--org', orgId], env)).stdout).toMatch(/to-revoke .* revoked 20/);
    const unknown = await runCli(['keys', 'revoke', '--org', orgId, '--key', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No api key with id');
  });

  it('imports a CSV in batches, reporting each rejected row by line and keeping the rest', async () => {
    const good = validNumbers(1500, 701);
    const lines = ['number,friendly_name,tags,capabilities,country'];
    good.forEach((n, i) => lines.push(`${n},Line ${i},imported;batch,voice;sms,`));
    lines.splice(10, 0, 'not-a-number,Broken,,,'); // line 11 of the file
    lines.splice(20, 0, `${good[0]},Duplicate,,,`); // line 21
    lines.splice(30, 0, '2125550100,National,,,US'); // line 31: national form with its country
    lines.splice(40, 0, '+14155550123,Bad capability,,voice;telepathy,'); // line 41
    const file = join(dir, 'numbers.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const result = await runCli(['numbers', 'import', file, '--org', orgId], env);
    expect(result.stdout).toContain(`imported ${good.length + 1} numbers`);
    expect(result.stdout).toContain('rejected 3 rows');
    expect(result.stderr).toMatch(/line 11: .*not-a-number/);
    expect(result.stderr).toMatch(/line 21: .*already held/);
    expect(result.stderr).toMatch(/line 41: unknown capability "telepathy"/);
    expect(result.code).toBe(1);

    // Each number imported is an event and an audit record, made by the operator through the CLI,
    // as were the organization and its keys (two created, one revoked) before.
    const dialtone = await openDialtone(loadConfig({}, { dataDir: env.DIALTONE_DATA_DIR, logLevel: 'silent' }));
    try {
      const db = dialtone.database.db;
      const events = await sql<{ type: string; surface: string; actor: string; n: number }>`
        SELECT type, surface, actor->>'type' AS actor, count(*)::int AS n FROM events WHERE organization_id = ${orgId} GROUP BY 1, 2, 3`.execute(db);
      expect(events.rows).toEqual([{ type: 'phone_number.imported', surface: 'cli', actor: 'operator', n: good.length + 1 }]);
      const audit = await sql<{ action: string; surface: string; actor_type: string; n: number }>`
        SELECT action, surface, actor_type, count(*)::int AS n FROM audit_log WHERE organization_id = ${orgId} GROUP BY 1, 2, 3 ORDER BY 1`.execute(db);
      expect(audit.rows).toEqual([
        { action: 'api_key.created', surface: 'cli', actor_type: 'operator', n: 2 },
        { action: 'api_key.revoked', surface: 'cli', actor_type: 'operator', n: 1 },
        { action: 'organization.created', surface: 'cli', actor_type: 'operator', n: 1 },
        { action: 'phone_number.imported', surface: 'cli', actor_type: 'operator', n: good.length + 1 },
      ]);
    } finally {
      await dialtone.close();
    }

    const list = await runCli(['numbers', 'list', '--org', orgId, '--tag', 'batch', '--capability', 'voice,sms', '--limit', '5', '--sort', 'number'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`5 of ${good.length} numbers; next page: --cursor`);
    const sorted = [...good].sort();
    expect(list.stdout).toContain(sorted[0]);
    const national = await runCli(['numbers', 'list', '--org', orgId, '--search', '2125550100'], env);
    expect(national.stdout).toContain('+12125550100');
    const bad = await runCli(['numbers', 'list', '--org', orgId, '--status', 'lost'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--status');
  });

  it('exports to a file that imports elsewhere as it is, and to standard output as NDJSON', async () => {
    const numbers = validNumbers(5, 7331);
    const names = ['Sales, EMEA', 'The "main" line', '"two\nlines"', '=SUM(1;2)', "'quoted"];
    const csv = ['number,friendly_name,tags,carrier,customer_reference'];
    numbers.forEach((n, i) => csv.push(`${n},${i === 1 ? '"The ""main"" line"' : i === 0 ? '"Sales, EMEA"' : names[i]},tricky;cli-export,sip,ref-${i}`));
    const source = join(dir, 'tricky.csv');
    writeFileSync(source, `${csv.join('\n')}\n`);
    expect((await runCli(['numbers', 'import', source, '--org', orgId], env)).code).toBe(0);

    const file = join(dir, 'export.csv');
    const exported = await runCli(['numbers', 'export', '--org', orgId, '--tag', 'cli-export', '--sort', 'number', '--out', file], env);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`exported 5 numbers of CLI Co to ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\r\n')[0]).toBe('number,country,friendly_name,tags,capabilities,carrier,customer_reference,connection_id,billing_group_id');
    expect(text).toContain('"Sales, EMEA"');
    expect(text).toContain(`"The ""main"" line"`);
    expect(text).toContain(`'=SUM(1;2)`);
    expect(text).toContain(`,'quoted,`);

    const json = await runCli(['numbers', 'export', '--org', orgId, '--tag', 'cli-export', '--format', 'ndjson'], env);
    expect(json.code).toBe(0);
    const lines = json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(lines.map((n) => n.number).sort()).toEqual([...numbers].sort());
    expect(lines.find((n) => n.number === numbers[2])?.friendly_name).toBe('two\nlines');
    expect(lines.find((n) => n.number === numbers[4])?.friendly_name).toBe("'quoted");

    const elsewhere = { DIALTONE_DATA_DIR: join(dir, 'elsewhere') };
    const other = JSON.parse((await runCli(['orgs', 'create', '--name', 'Elsewhere'], elsewhere)).stdout);
    const imported = await runCli(['numbers', 'import', file, '--org', other.id], elsewhere);
    expect(imported.stdout).toContain('imported 5 numbers into Elsewhere; rejected 0 rows');
    const again = await runCli(['numbers', 'export', '--org', other.id, '--sort', 'number'], elsewhere);
    expect(again.stdout).toBe(text);

    const bad = await runCli(['numbers', 'export', '--org', orgId, '--format', 'xml'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format');
    // Seven CLI processes, each opening an embedded database (one of them new): on a loaded machine well past a minute.
  }, 180_000);
});
