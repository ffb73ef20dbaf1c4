import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CarrierCallObserver, CarrierCallOutcome, CarrierOperation } from '../carriers/carrier-http.js';
import type { CarrierName } from '../carriers/carrier.js';
import type { PoolStats, StatementKind } from '../db/database.js';
import type { Backlog } from '../jobs/job.js';
import type { OutcomeKind, OutcomeOf, Outcomes } from './outcomes.js';
import type { RequestLabels, StatusClass } from './request-labels.js';

/**
 * Every metric one Dialtone instance exposes, in a registry of its own (never prom-client's
 * global one), so several instances in one process (the tests) keep theirs apart. No label
 * holds an organization, a key or a number: label values come from the code (route templates,
 * operation names, carriers, outcomes), never from a request's data.
 */

/** Seconds. The hot paths answer in a few milliseconds, so the low buckets are fine-grained. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];
const CARRIER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const JOB_BUCKETS = [0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120, 600];

/** What a job's backlog is asked by at each scrape. */
export interface BacklogSource {
  readonly name: string;
  backlog(): Promise<Backlog>;
}

export class Metrics implements CarrierCallObserver, Outcomes {
  readonly registry = new Registry();
  private readonly requests: Histogram<'route' | 'method' | 'status_class' | 'surface' | 'operation'>;
  private readonly queries: Histogram<'statement' | 'outcome'>;
  private readonly carrierCalls: Histogram<'carrier' | 'operation' | 'outcome'>;
  private readonly outcomes: Counter<'kind' | 'outcome'>;
  private readonly jobRuns: Histogram<'job' | 'outcome'>;
  private readonly backlogSources: BacklogSource[] = [];
  private poolStats: (() => PoolStats) | null = null;

  constructor(private readonly clock: () => Date = () => new Date()) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Histogram({
      name: 'dialtone_http_request_duration_seconds',
      help: 'HTTP requests by route template, method, status class, surface (native or the provider) and operation; _count is the request count.',
      labelNames: ['route', 'method', 'status_class', 'surface', 'operation'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.queries = new Histogram({
      name: 'dialtone_db_query_duration_seconds',
      help: 'Database statements by kind and outcome, from the driver taking them to their answer.',
      labelNames: ['statement', 'outcome'],
      buckets: QUERY_BUCKETS,
      registers,
    });
    this.carrierCalls = new Histogram({
      name: 'dialtone_carrier_call_duration_seconds',
      help: 'Calls to carriers\' APIs (each attempt) by carrier, operation and outcome: ok, rejected (3xx, 4xx), unavailable (5xx, timeout, network), refused (egress guard).',
      labelNames: ['carrier', 'operation', 'outcome'],
      buckets: CARRIER_BUCKETS,
      registers,
    });
    this.outcomes = new Counter({
      name: 'dialtone_outcomes_total',
      help: 'Orders (complete, partial, failed), releases (released, refused, unknown) and renewals (renewed, released, failed) by outcome.',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.jobRuns = new Histogram({
      name: 'dialtone_job_run_duration_seconds',
      help: 'Background job runs by job and outcome (ok, error); _count is the number of runs.',
      labelNames: ['job', 'outcome'],
      buckets: JOB_BUCKETS,
      registers,
    });
    // The pool before the backlogs: a scrape reads every metric at once, and the pool is read
    // before the backlog queries take a connection of their own.
    this.registerPool(registers);
    this.registerBacklog(registers);
  }

  /** Once per request, from the onResponse hook: the labels come from the route, computed once per route. */
  observeRequest(labels: RequestLabels, method: string, statusClass: StatusClass, seconds: number): void {
    this.requests.observe(
      { route: labels.route, method, status_class: statusClass, surface: labels.surface, operation: labels.operation },
      seconds,
    );
  }

  observeQuery(statement: StatementKind, ok: boolean, seconds: number): void {
    this.queries.observe({ statement, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  carrierCall(carrier: CarrierName, operation: CarrierOperation, outcome: CarrierCallOutcome, seconds: number): void {
    this.carrierCalls.observe({ carrier, operation, outcome }, seconds);
  }

  count<K extends OutcomeKind>(kind: K, outcome: OutcomeOf[K]): void {
    this.outcomes.inc({ kind, outcome });
  }

  jobRun(job: string, ok: boolean, seconds: number): void {
    this.jobRuns.observe({ job, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  /** The jobs whose backlog is read at each scrape. */
  watchBacklogs(sources: readonly BacklogSource[]): void {
    this.backlogSources.push(...sources);
  }

  /** The database pool, read at each scrape (no cost per query). */
  watchPool(stats: () => PoolStats): void {
    this.poolStats = stats;
  }

  /** The text Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private registerPool(registers: Registry[]): void {
    const read = () => this.poolStats?.();
    new Gauge({
      name: 'dialtone_db_pool_connections',
      help: 'Database connections by state: in_use, idle, and waiting (queries waiting for a connection). The embedded database has one connection.',
      labelNames: ['state'],
      registers,
      collect() {
        const stats = read();
        if (!stats) return;
        this.set({ state: 'in_use' }, stats.inUse);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
  }

  private registerBacklog(registers: Registry[]): void {
    const sources = this.backlogSources;
    const clock = this.clock;
    // Prometheus reads every metric of a scrape at once: both gauges share one reading per scrape.
    let pending: Promise<Array<{ job: string; items: number; ageSeconds: number } | null>> | null = null;
    const read = () =>
      (pending ??= Promise.all(
        sources.map(async (source) => {
          try {
            const { items, oldest } = await source.backlog();
            const ageSeconds = oldest ? Math.max(0, (clock().getTime() - oldest.getTime()) / 1000) : 0;
            return { job: source.name, items, ageSeconds };
          } catch {
            return null; // the database is down: the scrape still answers, without this job's backlog
          }
        }),
      ).finally(() => (pending = null)));
    new Gauge({
      name: 'dialtone_job_backlog_items',
      help: 'Items due and waiting for a background job: webhook deliveries, interrupted orders, pending releases, numbers to renew.',
      labelNames: ['job'],
      registers,
      async collect() {
        this.reset();
        for (const reading of await read()) if (reading) this.set({ job: reading.job }, reading.items);
      },
    });
    new Gauge({
      name: 'dialtone_job_oldest_item_age_seconds',
      help: 'How long the oldest item waiting for a background job has been due (0 when none waits).',
      labelNames: ['job'],
      registers,
      async collect() {
        this.reset();
        for (const reading of await read()) if (reading) this.set({ job: reading.job }, reading.ageSeconds);
      },
    });
  }
}
