import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Command } from 'commander';
import { AppError } from '../errors/catalogue.js';
import { LIST_PARAMETERS } from '../numbers/numbers.schemas.js';

/** The filters of GET /v1/phone-numbers as options of a command: --status active,suspended --country US. */
export function withListFilters(command: Command): Command {
  return command
    .option('--status <list>')
    .option('--number-type <list>')
    .option('--country <list>')
    .option('--capability <list>')
    .option('--carrier <list>')
    .option('--source <list>')
    .option('--tag <list>')
    .option('--without-tags <bool>')
    .option('--assigned <bool>')
    .option('--assigned-agent-id <id>')
    .option('--connection-id <id>')
    .option('--billing-group-id <id>')
    .option('--customer-reference <ref>')
    .option('--number-contains <digits>')
    .option('--number-starts-with <digits>')
    .option('--number-ends-with <digits>')
    .option('--name-contains <text>')
    .option('--search <text>')
    .option('--sort <key>')
    .option('--order <asc|desc>');
}

/**
 * Options as the query the API route takes, validated by the route's own schema: --number-type
 * is number_type, list parameters split on commas; a bad value names its option.
 */
export function queryOfOptions<T>(schema: TSchema, options: Record<string, string | undefined>): T {
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const key = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    query[key] = (LIST_PARAMETERS as readonly string[]).includes(key) ? value.split(',') : value;
  }
  const converted = Value.Convert(schema, query);
  const [problem] = Value.Errors(schema, converted);
  if (problem) throw new AppError('validation_failed', 'Invalid option', `--${problem.instancePath.slice(1).replace(/_/g, '-')} ${problem.message}`);
  return converted as T;
}
