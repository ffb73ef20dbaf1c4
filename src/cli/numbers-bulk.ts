import { readFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { Value } from 'typebox/value';
import { toJobInput, toPreviewItem, CreateJobSchema, type CreateJobBody } from '../bulk/bulk.schemas.js';
import type { BulkJob, BulkService } from '../bulk/bulk.service.js';
import { AppError } from '../errors/catalogue.js';
import { LIST_PARAMETERS } from '../numbers/numbers.schemas.js';
import { withDialtone } from './context.js';

/** key=value pairs (repeat the option, or separate pairs with ;) as an object; a list parameter's value splits on commas. */
function pairs(values: readonly string[], lists: readonly string[] = []): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const pair of values.flatMap((value) => value.split(';')).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at < 1) throw new AppError('validation_failed', 'Invalid option', `"${pair}" is not key=value`);
    const key = pair.slice(0, at).trim().replace(/-/g, '_');
    const value = pair.slice(at + 1).trim();
    object[key] = lists.includes(key) ? value.split(',') : value === 'null' ? null : value;
  }
  return object;
}

/** The body as the API would take it, converted and checked by the same schema. */
function checkedBody(body: Record<string, unknown>): CreateJobBody {
  const converted = Value.Convert(CreateJobSchema, body) as CreateJobBody;
  const [problem] = Value.Errors(CreateJobSchema, converted);
  if (problem) throw new AppError('validation_failed', 'Invalid option', `${problem.instancePath || 'the command'} ${problem.message}`);
  return converted;
}

/** Works the job here with a progress bar, then prints a summary and every failure; exit status 1 if any failed. */
async function runWithProgress(bulk: BulkService, organizationId: string, job: BulkJob): Promise<void> {
  const bar = new SingleBar({ format: `${job.action} [{bar}] {percentage}% | {value}/{total} | {failed} failed`, hideCursor: true }, Presets.shades_classic);
  bar.start(job.total, 0, { failed: 0 });
  const done = await bulk.run(organizationId, job.id, (now) => bar.update(now.total - now.counts.pending, { failed: now.counts.failed }));
  bar.update(done.total - done.counts.pending, { failed: done.counts.failed });
  bar.stop();
  for (let after: number | undefined, page; (page = await bulk.items(organizationId, job.id, { outcome: 'failed', after, limit: 1000 })).length; after = page.at(-1)!.position) {
    for (const item of page) process.stderr.write(`${item.phone_number}: ${item.error_code}: ${item.error_detail}\n`);
  }
  const { succeeded, failed, canceled } = done.counts;
  process.stdout.write(`job ${done.id} ${done.status}: ${succeeded} succeeded, ${failed} failed${canceled ? `, ${canceled} canceled` : ''} of ${done.total}\n`);
  if (failed) process.exitCode = 1;
}

/**
 * dialtone numbers update --org ID --filter status=active --filter tag=vip --set friendly_name=Sales [--add-tags a,b]
 * [--remove-tags c] [--dry-run]: a bulk update of every number the filter matches now.
 */
export async function updateNumbers(options: { org: string; filter: string[]; set: string[]; addTags?: string; removeTags?: string; dryRun?: boolean }): Promise<void> {
  const body = checkedBody({
    action: 'update',
    filter: pairs(options.filter, LIST_PARAMETERS),
    ...(options.set.length ? { set: pairs(options.set, ['tags', 'capabilities']) } : {}),
    ...(options.addTags ? { add_tags: options.addTags.split(',') } : {}),
    ...(options.removeTags ? { remove_tags: options.removeTags.split(',') } : {}),
    dry_run: true,
  });
  await withDialtone(async ({ services }) => {
    const org = await services.orgs.get(options.org);
    const input = toJobInput(body);
    const preview = await services.bulk.preview(org.id, input, { limit: 20 });
    if (options.dryRun) {
      for (const item of preview.data.map((one) => toPreviewItem(one))) {
        process.stdout.write(`${item.phone_number}  ${item.outcome}  ${item.error ? item.error.detail : `${JSON.stringify(item.before)} -> ${JSON.stringify(item.after)}`}\n`);
      }
      process.stdout.write(`dry run: the filter matches ${preview.count} numbers${preview.count > preview.data.length ? ` (first ${preview.data.length} shown)` : ''}; nothing was changed\n`);
      return;
    }
    // The count just seen is the job's guard: a number added or removed meanwhile refuses it.
    const { job } = await services.bulk.create(org.id, { ...input, expectedCount: preview.count });
    await runWithProgress(services.bulk, org.id, job);
  });
}

/** dialtone numbers release --org ID --file numbers.txt: releases the numbers listed, one a line (blank lines and # comments skipped). */
export async function releaseNumbers(options: { org: string; file: string }): Promise<void> {
  const numbers = readFileSync(options.file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
  if (!numbers.length) throw new AppError('validation_failed', 'Invalid option', `${options.file} lists no numbers`);
  await withDialtone(async ({ services }) => {
    const org = await services.orgs.get(options.org);
    let created = 0;
    // A file may list more numbers than one job takes: a job per 10,000.
    for (let start = 0; start < numbers.length; start += 10_000) {
      const { job } = await services.bulk.create(org.id, toJobInput(checkedBody({ action: 'release', phone_numbers: numbers.slice(start, start + 10_000) })));
      created++;
      await runWithProgress(services.bulk, org.id, job);
    }
    if (created > 1) process.stdout.write(`${created} jobs\n`);
  });
}
