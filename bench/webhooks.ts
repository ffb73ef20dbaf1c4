import { Webhook } from 'standardwebhooks';
import { call, expectCreated } from './api.js';
import { startReceiver, type Arrival } from './webhook-receiver.js';

/** What a burst of changes costs in webhook delivery, to one endpoint on loopback. */
export interface WebhookResult {
  /** Changes made (PATCH answered 2xx), and those refused or failed. */
  changes: number;
  changeErrors: number;
  /** Answers 503 (the server shedding load): nothing changed, the change was sent again. */
  changesShed: number;
  /** From the first change sent to the last one answered. */
  changeSeconds: number;
  changesPerSecond: number;
  /** Distinct webhook ids received, those never received by the deadline, and repeats. */
  delivered: number;
  missing: number;
  duplicates: number;
  /** From the first change sent to the last delivery received. */
  deliverySeconds: number;
  deliveredPerSecond: number;
  /** The most deliveries received within one second of the run. */
  busiestSecond: number;
  /** Milliseconds from the event's created_at (its commit) to its first arrival. */
  delayMs: { p50: number; p90: number; p99: number; max: number };
  /** A spread of the deliveries checked with the standardwebhooks library. */
  signatures: { checked: number; valid: number };
}

export interface WebhookBenchOptions {
  baseUrl: string;
  adminToken: string;
  receiverPort: number;
  changes: number;
  /** Numbers imported first; the changes rename them in turn. */
  numbers: number;
  concurrency: number;
  /** How long to wait for the last deliveries after the last change. */
  deadlineMs: number;
  log: (line: string) => void;
}

const SIGNATURES_CHECKED = 100;
/** A shed change is sent again after this pause, this many times at most. */
const SHED_PAUSE_MS = 200;
const SHED_TRIES = 50;

/** Runs work(0..count-1) with at most `concurrency` under way; the number that threw or answered non-2xx. */
async function bounded(count: number, concurrency: number, work: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      if (!(await work(i).catch(() => false))) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return failed;
}

/** Numbers of an area code the seeded inventory and the CLI import do not use. */
const benchNumber = (i: number) => `+1425${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;

/** A new organization with its key, numbers imported, and an endpoint for phone_number.* at the receiver. */
async function setUp(options: WebhookBenchOptions, receiverUrl: string) {
  const { baseUrl, adminToken } = options;
  const org = await expectCreated(baseUrl, '/v1/organizations', adminToken, { name: 'Bench webhooks' });
  const scopes = ['phone_numbers:read', 'phone_numbers:write', 'webhooks:read', 'webhooks:write'];
  const { key } = await expectCreated(baseUrl, `/v1/organizations/${org.id}/api-keys`, adminToken, { name: 'bench', scopes });
  const ids: string[] = new Array(options.numbers);
  const failed = await bounded(options.numbers, options.concurrency, async (i) => {
    ids[i] = (await expectCreated(baseUrl, '/v1/phone-numbers', key, { number: benchNumber(i) })).id;
    return true;
  });
  if (failed) throw new Error(`${failed} of ${options.numbers} numbers could not be imported`);
  // Created after the imports: the only events it is sent are those of the changes measured.
  const endpoint = await expectCreated(baseUrl, '/v1/webhook-endpoints', key, { url: receiverUrl, event_types: ['phone_number.*'] });
  return { key: key as string, ids, secret: endpoint.secret as string };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

/** The first arrival of each webhook id. */
function firstArrivals(arrivals: Arrival[]): Arrival[] {
  const seen = new Map<string, Arrival>();
  for (const arrival of arrivals) if (!seen.has(arrival.webhookId)) seen.set(arrival.webhookId, arrival);
  return [...seen.values()];
}

function busiestSecond(arrivals: Arrival[], from: number): number {
  const perSecond = new Map<number, number>();
  for (const { at } of arrivals) perSecond.set(Math.floor((at - from) / 1000), (perSecond.get(Math.floor((at - from) / 1000)) ?? 0) + 1);
  return Math.max(0, ...perSecond.values());
}

function checkSignatures(secret: string, arrivals: Arrival[]): WebhookResult['signatures'] {
  const verifier = new Webhook(secret);
  const every = Math.max(1, Math.floor(arrivals.length / SIGNATURES_CHECKED));
  const sample = arrivals.filter((_, i) => i % every === 0).slice(0, SIGNATURES_CHECKED);
  const valid = sample.filter((arrival) => {
    try {
      verifier.verify(arrival.body, arrival.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  }).length;
  return { checked: sample.length, valid };
}

/**
 * Makes `changes` renames as fast as `concurrency` connections allow, on numbers of an
 * organization whose one endpoint takes phone_number.*, and measures how fast and how late
 * the deliveries reach a loopback receiver. The server must allow the receiver's host:port
 * (DIALTONE_EGRESS_ALLOW) and know the admin token.
 */
export async function benchWebhooks(options: WebhookBenchOptions): Promise<WebhookResult> {
  const receiver = await startReceiver(options.receiverPort);
  try {
    const { key, ids, secret } = await setUp(options, receiver.url);
    options.log(`webhooks: ${options.changes.toLocaleString('en')} changes over ${ids.length} numbers, ${options.concurrency} at a time ...`);
    let changesShed = 0;
    const started = Date.now();
    const changeErrors = await bounded(options.changes, options.concurrency, async (i) => {
      const path = `/v1/phone-numbers/${ids[i % ids.length]}`;
      for (let tries = 1; ; tries++) {
        const answer = await call(options.baseUrl, 'PATCH', path, key, { friendly_name: `Bench change ${i}` });
        if (answer.status !== 503 || tries === SHED_TRIES) return answer.status >= 200 && answer.status < 300;
        changesShed++;
        await new Promise((resolve) => setTimeout(resolve, SHED_PAUSE_MS));
      }
    });
    const changed = Date.now();
    const changes = options.changes - changeErrors;
    options.log(
      `webhooks: ${changes} changes made in ${((changed - started) / 1000).toFixed(1)} s (${changeErrors} failed, ${changesShed} shed and sent again); ` +
        `${receiver.arrivals.length} deliveries so far`,
    );
    const delivered = await receiver.waitFor(changes, changed + options.deadlineMs, (n) => options.log(`webhooks: ${n} of ${changes} delivered ...`));

    const first = firstArrivals(receiver.arrivals);
    const last = receiver.arrivals.length ? Math.max(...receiver.arrivals.map((a) => a.at)) : NaN;
    const delays = first.map((a) => a.at - a.createdAt).sort((a, b) => a - b);
    const deliverySeconds = (last - started) / 1000;
    return {
      changes,
      changeErrors,
      changesShed,
      changeSeconds: (changed - started) / 1000,
      changesPerSecond: changes / ((changed - started) / 1000),
      delivered,
      missing: Math.max(0, changes - delivered),
      duplicates: receiver.arrivals.length - first.length,
      deliverySeconds,
      deliveredPerSecond: delivered / deliverySeconds,
      busiestSecond: busiestSecond(first, started),
      delayMs: { p50: quantile(delays, 0.5), p90: quantile(delays, 0.9), p99: quantile(delays, 0.99), max: delays.at(-1) ?? NaN },
      signatures: checkSignatures(secret, first),
    };
  } finally {
    await receiver.stop();
  }
}
