#!/usr/bin/env node
import { Command, Option } from 'commander';
import { SCOPES, type Scope } from '../auth/scopes.js';
import { ConfigError } from '../config/config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { migrate } from '../db/migrate.js';
import { AppError } from '../errors/catalogue.js';
import { describeError } from '../secrets/log-safety.js';
import { withDialtone } from './context.js';
import type { exportNumbers } from './numbers-export.js';
import type { listNumbers } from './numbers-list.js';
import { withListFilters } from './query-options.js';

// The modules of serve, import, list and export load when their command runs: a start does not wait
// for the CSV importer's dependencies or the list command's.
const program = new Command('dialtone').description('Dialtone: one inventory of phone numbers, one API.');

program
  .command('serve')
  .description('start the HTTP server (migrates the database first)')
  .option('--port <port>', 'port to listen on (default: PORT or 3000)')
  .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
  .action(async (options: { port?: string; host?: string }) => (await import('./serve.js')).serve(options));

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(() =>
    withDialtone(async ({ database }) => {
      const again = await migrate(database.db);
      process.stdout.write(`database is up to date (${again.length} more applied)\n`);
    }),
  );

const orgs = program.command('orgs').description('organizations');
orgs
  .command('create')
  .requiredOption('--name <name>', 'organization name')
  .action((options: { name: string }) =>
    withDialtone(async ({ services }) => {
      const org = await services.orgs.create(options.name);
      process.stdout.write(`${JSON.stringify({ id: org.id, name: org.name, account_sid: org.account_sid }, null, 2)}\n`);
    }),
  );

orgs
  .command('list')
  .description('every organization, newest first')
  .action(() =>
    withDialtone(async ({ services }) => {
      const all = await services.orgs.list(Number.MAX_SAFE_INTEGER);
      for (const org of all) process.stdout.write(`${org.id}  ${org.account_sid}  ${org.created_at.toISOString()}  ${org.name}\n`);
      process.stdout.write(`${all.length} organizations\n`);
    }),
  );

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .requiredOption('--org <id>', 'organization id')
  .option('--name <name>', 'a label', 'cli')
  .addOption(new Option('--scopes <scopes>', `comma-separated: ${SCOPES.join(', ')}`).default(SCOPES.join(',')))
  .action((options: { org: string; name: string; scopes: string }) =>
    withDialtone(async ({ services }) => {
      const org = await services.orgs.get(options.org);
      const scopes = options.scopes.split(',').map((s) => s.trim()) as Scope[];
      const { key, info } = await services.keys.create(org.id, options.name, scopes);
      process.stdout.write(`${key}\n(prefix ${info.prefix}, scopes ${info.scopes.join(', ')}; shown once)\n`);
    }),
  );

keys
  .command('list')
  .description("an organization's keys, newest first (never the keys themselves)")
  .requiredOption('--org <id>', 'organization id')
  .action((options: { org: string }) =>
    withDialtone(async ({ services }) => {
      const org = await services.orgs.get(options.org);
      for (const key of await services.keys.list(org.id, Number.MAX_SAFE_INTEGER)) {
        const state = key.revoked_at ? `revoked ${key.revoked_at.toISOString()}` : `last used ${key.last_used_at?.toISOString() ?? 'never'}`;
        process.stdout.write(`${key.id}  ${key.prefix}  ${key.name}  ${key.scopes.join(',')}  ${state}\n`);
      }
    }),
  );
keys
  .command('revoke')
  .description('revoke a key: it authenticates nothing from the next request on')
  .requiredOption('--org <id>', 'organization id')
  .requiredOption('--key <id>', 'the key id (from keys list)')
  .action((options: { org: string; key: string }) =>
    withDialtone(async ({ services }) => {
      const org = await services.orgs.get(options.org);
      const key = await services.keys.revoke(org.id, options.key);
      process.stdout.write(`revoked ${key.prefix} (${key.name}) at ${key.revoked_at?.toISOString()}\n`);
    }),
  );

const numbers = program.command('numbers').description('phone numbers');
numbers
  .command('import <file>')
  .description('import numbers you already own from a CSV file (header: number,country,friendly_name,tags,...)')
  .requiredOption('--org <id>', 'organization id')
  .action(async (file: string, options: { org: string }) => (await import('./numbers-import.js')).importNumbers(file, options));
withListFilters(numbers.command('list').description('list numbers, with the filters of GET /v1/phone-numbers').requiredOption('--org <id>', 'organization id'))
  .option('--limit <n>')
  .option('--cursor <cursor>')
  .action(async (options: Parameters<typeof listNumbers>[0]) => (await import('./numbers-list.js')).listNumbers(options));
withListFilters(
  numbers
    .command('export')
    .description('export numbers as CSV (the import\'s columns) or NDJSON, with the filters of GET /v1/phone-numbers')
    .requiredOption('--org <id>', 'organization id'),
)
  .option('--format <csv|ndjson>', 'csv (default) or ndjson')
  .option('--out <file>', 'write to this file instead of standard output')
  .action(async (options: Parameters<typeof exportNumbers>[0]) => (await import('./numbers-export.js')).exportNumbers(options));

const collect = (value: string, previous: string[]) => [...previous, value];
numbers
  .command('update')
  .description('change every number a filter matches (a bulk job), with a progress bar; --dry-run shows what would change')
  .requiredOption('--org <id>', 'organization id')
  .option('--filter <key=value>', 'a filter of GET /v1/phone-numbers, e.g. status=active or tag=vip,emea (repeat for more)', collect, [])
  .option('--set <key=value>', 'a field of PATCH /v1/phone-numbers/{id}, e.g. friendly_name=Sales (repeat for more)', collect, [])
  .option('--add-tags <list>', 'tags to add, comma-separated')
  .option('--remove-tags <list>', 'tags to remove, comma-separated')
  .option('--dry-run', 'show the count and the first numbers as they are and would be; change nothing')
  .action(async (options: Parameters<typeof import('./numbers-bulk.js').updateNumbers>[0]) => (await import('./numbers-bulk.js')).updateNumbers(options));
numbers
  .command('release')
  .description('release the numbers listed in a file, one a line (a bulk job), with a progress bar')
  .requiredOption('--org <id>', 'organization id')
  .requiredOption('--file <path>', 'the numbers, one a line')
  .action(async (options: { org: string; file: string }) => (await import('./numbers-bulk.js')).releaseNumbers(options));

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof AppError || error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`dialtone: ${error instanceof AppError ? error.detail : error.message}\n`);
  } else {
    // Without the data a driver error carries (a failing row, a statement's parameters).
    process.stderr.write(`dialtone: ${describeError(error)}\n`);
  }
  process.exitCode = 1;
});
