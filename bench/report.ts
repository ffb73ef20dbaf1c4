import type { BulkResult } from './bulk.js';
import type { ConsoleResult } from './console.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { ExportResult } from './export.js';
import type { ImportResult } from './import.js';
import type { LoadResult } from './load.js';
import type { SqlTiming } from './sql-timing.js';
import type { WebhookResult } from './webhooks.js';

export interface ScenarioResult {
  name: string;
  title: string;
  dialtone: LoadResult;
  baseline: LoadResult | null;
}

export interface Target {
  target: string;
  figure: string;
  met: boolean;
}

export interface RunReport {
  driver: 'postgres' | 'pglite';
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  /** processes: Dialtone server processes sharing the load (1 unless --processes); pgbouncer: they reach Postgres through PgBouncer. */
  options: { numbers: number; organizations: number; connections: number; seconds: number; processes?: number; pgbouncer?: boolean };
  seeding: { numbers: number; loadSeconds: number; copySeconds: number; indexSeconds: number; rowsPerSecond: number; analyzeSeconds: number };
  bigOrganizationNumbers: number;
  deepPage: number;
  /** Milliseconds from process start to the first answered list request, per start. */
  startupMs: number[];
  scenarios: ScenarioResult[];
  /** Database time of each scenario's statement (EXPLAIN ANALYZE, warm), by scenario. */
  sql: Record<string, SqlTiming>;
  import?: ImportResult;
  export?: ExportResult;
  /** A burst of changes and their webhook deliveries to one loopback endpoint (absent with --no-webhooks). */
  webhooks?: WebhookResult;
  /** A bulk update of every number of an organization by filter, worked by the server (Postgres; absent with --no-bulk). */
  bulk?: BulkResult;
  /** The console in Chromium on one organization of a million numbers (Postgres; absent with --no-console). */
  console?: ConsoleResult;
  targets: Target[];
}

export function machine(): RunReport['machine'] {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtStart: loadavg() };
}

/** Other work on the machine skews every figure: the load average is part of the evidence. */
export function loadAverage(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const ratioOf = (s: ScenarioResult) => (s.baseline ? s.dialtone.requestsPerSecond / s.baseline.requestsPerSecond : null);

function scenario(report: RunReport, name: string): ScenarioResult | undefined {
  return report.scenarios.find((s) => s.name === name);
}

/** Each target of the performance issue, with the figure measured. */
export function evaluateTargets(report: RunReport): Target[] {
  const targets: Target[] = [];
  const first = scenario(report, 'list-first');
  if (report.console) {
    const c = report.console;
    const shown = (t: ConsoleResult['pageChangeMs']) => `median ${t.median.toFixed(0)} ms, p90 ${t.p90.toFixed(0)} ms, max ${t.max.toFixed(0)} ms of ${t.samples}`;
    targets.push({
      target: `Console at ${c.numbers.toLocaleString('en')} numbers: first view < 1 s`,
      figure: `numbers view ${shown(c.firstViewMs)}; a new browser: sign-in form ${c.coldLoadMs.toFixed(0)} ms, first page ${c.signInMs.toFixed(0)} ms after signing in (load ${c.loadAverage.toFixed(1)})`,
      met: c.firstViewMs.median < 1000 && c.coldLoadMs < 1000 && c.signInMs < 1000,
    });
    targets.push({
      target: `Console at ${c.numbers.toLocaleString('en')} numbers: a page change < 200 ms`,
      figure: `next page ${shown(c.pageChangeMs)}; a search by four digits ${shown(c.searchMs)}`,
      met: c.pageChangeMs.median < 200,
    });
  }
  if (report.bulk) {
    targets.push({
      target: `Bulk update of ${report.bulk.numbers.toLocaleString('en')} numbers by filter: < 60 s, one event per number`,
      figure:
        `${report.bulk.seconds.toFixed(1)} s (${report.bulk.numbersPerSecond.toFixed(0)}/s), ${report.bulk.events} events, ${report.bulk.status}; ` +
        `CPU per number: server ${report.bulk.serverCpuMsPerNumber.toFixed(2)} ms, Postgres ${report.bulk.postgresCpuMsPerNumber.toFixed(2)} ms (load ${report.bulk.loadAverage.toFixed(1)})`,
      met: report.bulk.seconds < 60 && report.bulk.events === report.bulk.numbers && report.bulk.status === 'completed',
    });
  }
  if (report.driver === 'postgres') {
    for (const name of ['list-first', 'list-filtered', 'lookup', 'retrieve']) {
      const s = scenario(report, name);
      if (!s) continue;
      const ratio = ratioOf(s) ?? 0;
      targets.push({
        target: `${s.title}: ≥ 70% of baseline req/s, 0 errors, p99 < 25 ms`,
        figure: `${(ratio * 100).toFixed(0)}% (${s.dialtone.requestsPerSecond.toFixed(0)} vs ${s.baseline?.requestsPerSecond.toFixed(0)} req/s), ${s.dialtone.errors} errors, p99 ${ms(s.dialtone.p99)}`,
        met: ratio >= 0.7 && s.dialtone.errors === 0 && s.dialtone.p99 < 25,
      });
    }
    const deep = scenario(report, 'list-deep');
    if (first && deep) {
      const slower = Math.max(deep.dialtone.p50 / Math.max(first.dialtone.p50, 0.01), first.dialtone.requestsPerSecond / deep.dialtone.requestsPerSecond);
      targets.push({
        target: `Page ${report.deepPage} within 1.5x of the first page`,
        figure: `${slower.toFixed(2)}x (p50 ${ms(deep.dialtone.p50)} vs ${ms(first.dialtone.p50)}; ${deep.dialtone.requestsPerSecond.toFixed(0)} vs ${first.dialtone.requestsPerSecond.toFixed(0)} req/s)`,
        met: slower <= 1.5,
      });
    }
    const search = scenario(report, 'search-number');
    const searchAlone = scenario(report, 'search-number-1c');
    if (search && searchAlone) {
      targets.push({
        target: `Substring search on the number at ${report.options.numbers.toLocaleString('en')} numbers: p50 < 10 ms`,
        figure: `p50 ${ms(searchAlone.dialtone.p50)} at 1 connection (p99 ${ms(searchAlone.dialtone.p99)}); p50 ${ms(search.dialtone.p50)} at ${report.options.connections}`,
        met: searchAlone.dialtone.p50 < 10,
      });
    }
    if (report.import) {
      const i = report.import;
      targets.push({
        target: `CLI import of ${i.rows.toLocaleString('en')} numbers < 60 s`,
        figure: `${i.seconds.toFixed(1)} s, ${i.imported.toLocaleString('en')} imported (${(i.imported / i.seconds).toFixed(0)} rows/s)`,
        met: i.seconds < 60 && i.imported === i.rows,
      });
    }
    if (report.export) {
      const e = report.export;
      targets.push({
        target: `CSV export of ${e.rows.toLocaleString('en')} numbers < 20 s, server memory flat`,
        figure: `${e.seconds.toFixed(1)} s, ${(e.bytes / 2 ** 20).toFixed(0)} MiB (${(e.rows / e.seconds).toFixed(0)} rows/s); server RSS ${e.rssBeforeMb.toFixed(0)} → max ${e.rssMaxMb.toFixed(0)} MiB (+${e.rssGrowthMb.toFixed(0)}; +${e.rssSecondHalfGrowthMb.toFixed(0)} over the second half)`,
        // Flat: the RSS stops rising once the export's buffers and V8's heap have grown to their
        // working size, early in the export, and it does not rise with the rows after that.
        met: e.status === 200 && e.seconds < 20 && e.rssSecondHalfGrowthMb < 16,
      });
    }
  } else {
    const single = scenario(report, 'list-first-1c');
    if (first && single) {
      targets.push({
        target: `PGlite, ${report.options.numbers.toLocaleString('en')} numbers: list p50 < 10 ms`,
        figure: `p50 ${ms(single.dialtone.p50)} at 1 connection (${single.dialtone.requestsPerSecond.toFixed(0)} req/s); p50 ${ms(first.dialtone.p50)} at ${report.options.connections}`,
        met: single.dialtone.p50 < 10,
      });
    }
    const restart = Math.max(...report.startupMs);
    targets.push({
      target: 'PGlite restart with existing data: first request < 2 s',
      figure: report.startupMs.map((t) => `${(t / 1000).toFixed(2)} s`).join(', '),
      met: restart < 2_000,
    });
  }
  if (report.webhooks) targets.push(webhookTarget(report.webhooks));
  return targets;
}

/** Not a speed: that every change of the burst reached the endpoint, signed. */
function webhookTarget(w: WebhookResult): Target {
  return {
    target: `Webhooks: every one of ${w.changes.toLocaleString('en')} changes delivered, signatures valid`,
    figure: `${w.delivered.toLocaleString('en')} delivered, ${w.missing} missing, ${w.duplicates} duplicates; ${w.signatures.valid} of ${w.signatures.checked} signatures valid`,
    met: w.missing === 0 && w.changeErrors === 0 && w.signatures.valid === w.signatures.checked,
  };
}

function webhookCells(w: WebhookResult): string[] {
  return [
    `${w.changes.toLocaleString('en')} in ${w.changeSeconds.toFixed(1)} s (${w.changesPerSecond.toFixed(0)}/s, ${w.changeErrors} errors, ${w.changesShed} shed)`,
    `${w.delivered.toLocaleString('en')} in ${w.deliverySeconds.toFixed(1)} s`,
    w.deliveredPerSecond.toFixed(0),
    String(w.busiestSecond),
    ms(w.delayMs.p50),
    ms(w.delayMs.p99),
    ms(w.delayMs.max),
    String(w.duplicates),
  ];
}

function webhookMarkdown(w: WebhookResult | undefined): string[] {
  if (!w) return [];
  return [
    '| Webhooks: changes made | delivered | delivered/s | busiest second | delay p50 | p99 | max | duplicates |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    `| ${webhookCells(w).join(' | ')} |`,
    '',
    'Renames of numbers by PATCH to an organization with one endpoint for `phone_number.*` on loopback that answers 204 at once. ' +
      'delivered/s: deliveries over the time from the first change to the last arrival. Delay: from the event\'s `created_at` (written just ' +
      'before its commit) to its first arrival.',
    '',
  ];
}

function sqlCell(timing: SqlTiming | undefined): string {
  return timing ? `${timing.planningMs.toFixed(2)} + ${timing.executionMs.toFixed(2)} ms` : '–';
}

function loadCells(result: LoadResult | null): string[] {
  if (!result) return ['–', '–', '–', '–'];
  return [result.requestsPerSecond.toFixed(0), ms(result.p50), ms(result.p99), String(result.errors)];
}

export function markdown(report: RunReport): string {
  const o = report.options;
  const lines = [
    `# Dialtone benchmark: ${report.driver}, ${o.numbers.toLocaleString('en')} numbers`,
    '',
    `${report.startedAt}; ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}; ` +
      `load average ${report.machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ${(report.machine.loadAverageAtEnd ?? []).map((l) => l.toFixed(2)).join(' ')} at the end. ` +
      `${o.organizations.toLocaleString('en')} organizations; the measured one holds ${report.bigOrganizationNumbers.toLocaleString('en')} numbers. ` +
      `${o.connections} connections, ${o.seconds} s per scenario, loopback.` +
      ((o.processes ?? 1) > 1 ? ` Dialtone: ${o.processes} server processes, the connections split evenly between them (req/s summed; p50 and p99 of the slower process).` : '') +
      (o.pgbouncer ? ' Dialtone reaches Postgres through PgBouncer in transaction pooling mode (the baseline directly).' : ''),
    '',
    `Seeding: ${report.seeding.numbers.toLocaleString('en')} numbers in ${report.seeding.loadSeconds.toFixed(1)} s ` +
      `(${report.seeding.rowsPerSecond.toFixed(0)} rows/s): COPY ${report.seeding.copySeconds.toFixed(1)} s` +
      (report.seeding.indexSeconds ? `, then building the indexes ${report.seeding.indexSeconds.toFixed(1)} s` : ' (into the indexed table)') +
      `; VACUUM ANALYZE ${report.seeding.analyzeSeconds.toFixed(1)} s.` +
      (report.startupMs.length ? ` Server start to first answered list request: ${report.startupMs.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}.` : ''),
    '',
    '| Scenario | Dialtone req/s | p50 | p99 | errors | Baseline req/s | p50 | p99 | errors | Ratio | SQL plan + run |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.scenarios.map((s) => {
      const ratio = ratioOf(s);
      const cells = [s.title, ...loadCells(s.dialtone), ...loadCells(s.baseline), ratio === null ? '–' : `${(ratio * 100).toFixed(0)}%`, sqlCell(report.sql[s.name])];
      return `| ${cells.join(' | ')} |`;
    }),
    '',
    `SQL plan + run: what Postgres spends on the scenario's statement (EXPLAIN ANALYZE, warm, median over its statements); ` +
      `every request also checks its API key: ${sqlCell(report.sql['key check'])}.`,
    '',
    ...webhookMarkdown(report.webhooks),
    '| Target | Measured | Met |',
    '|---|---|---|',
    ...report.targets.map((t) => `| ${t.target} | ${t.figure} | ${t.met ? 'yes' : '**no**'} |`),
    '',
  ];
  return lines.join('\n');
}

export function printTable(report: RunReport): string {
  const rows = report.scenarios.map((s) => {
    const ratio = ratioOf(s);
    return [s.name, ...loadCells(s.dialtone), ...loadCells(s.baseline), ratio === null ? '-' : `${(ratio * 100).toFixed(0)}%`, sqlCell(report.sql[s.name])];
  });
  const header = ['scenario', 'req/s', 'p50', 'p99', 'err', 'base req/s', 'p50', 'p99', 'err', 'ratio', 'sql plan + run'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const targets = report.targets.map((t) => `${t.met ? 'met   ' : 'MISSED'}  ${t.target}: ${t.figure}`);
  const w = report.webhooks;
  const webhooks = w ? ['', `webhooks: changes ${webhookCells(w)[0]}; delivered ${webhookCells(w)[1]} (${webhookCells(w)[2]}/s, busiest second ${w.busiestSecond}); delay p50 ${ms(w.delayMs.p50)}, p99 ${ms(w.delayMs.p99)}, max ${ms(w.delayMs.max)}; ${w.duplicates} duplicates`] : [];
  return [format(header), ...rows.map(format), ...webhooks, '', ...targets].join('\n');
}

export function writeReport(report: RunReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const { processes = 1, pgbouncer = false } = report.options;
  const base = join(dir, `${report.driver}-${report.options.numbers}${processes > 1 ? `-${processes}p` : ''}${pgbouncer ? '-pgbouncer' : ''}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown(report));
  return [`${base}.json`, `${base}.md`];
}
