import type { ListOptions } from '../src/numbers/numbers.service.js';
import { toFilters, type ListQuery } from '../src/numbers/numbers.schemas.js';
import type { BenchRequest } from './load.js';

/** The measured requests, and how to reach a deep page and real ids and numbers to ask for. */
export interface Scenario {
  name: string;
  title: string;
  requests: BenchRequest[];
  /** Concurrent connections when not the run's default: one shows latency without queueing. */
  connections?: number;
}

export interface Sample {
  id: string;
  number: string;
  status: string;
}

export const PAGE_SIZE = 50;
export const DEEP_PAGE = 1_000;
const SAMPLES = 500;
const SEARCHES = 50;

export const FILTERED: ListQuery = { status: ['active'], capability: ['sms'], tag: ['support'], country: ['US'] };

export function listPath(query: ListQuery & { cursor?: string }): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  params.set('limit', String(PAGE_SIZE));
  return `/v1/phone-numbers?${params}`;
}

/** The service's options for a list path built by listPath, as the route would derive them. */
export function listOptions(query: ListQuery & { cursor?: string }): ListOptions {
  const { cursor, ...filters } = query;
  return { filters: toFilters(filters), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
}

interface Page {
  data: Array<{ id: string; number: string; status: string }>;
  next_cursor: string | null;
}

/**
 * Walks the organization's list by cursor from the first page towards page DEEP_PAGE (or
 * the last full page of a smaller organization), keeping a spread of numbers as samples.
 * Returns the cursor of the deepest page reached and its number.
 */
export async function walkPages(baseUrl: string, key: string): Promise<{ cursor: string; page: number; samples: Sample[]; walkMs: number }> {
  const started = performance.now();
  const pages: Page[] = [];
  let cursor: string | null = null;
  for (let page = 1; page < DEEP_PAGE; page++) {
    const path = listPath(cursor ? { cursor } : {});
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as Page;
    if (!body.next_cursor) break;
    pages.push(body);
    cursor = body.next_cursor;
  }
  // The last page walked may be the organization's final page: step back to one with a full page after it.
  const deepest = pages.length >= DEEP_PAGE - 1 ? pages.at(-1)! : pages.at(-2) ?? pages.at(-1)!;
  const rows = pages.flatMap((p) => p.data).filter((row) => row.status !== 'released');
  const every = Math.max(1, Math.floor(rows.length / SAMPLES));
  const samples = rows.filter((_, i) => i % every === 0).slice(0, SAMPLES);
  return { cursor: deepest.next_cursor!, page: pages.indexOf(deepest) + 2, samples, walkMs: performance.now() - started };
}

/** Four digits from the subscriber part of a sample number: a typical "contains" search. */
function searchDigits(sample: Sample): string {
  return sample.number.slice(-6, -2);
}

export interface ListScenarioQuery {
  path: string;
  query: ListQuery & { cursor?: string };
}

export function buildScenarios(deepCursor: string, deepPage: number, samples: Sample[]) {
  const first = { path: listPath({}), query: {} };
  const deep = { path: listPath({ cursor: deepCursor }), query: { cursor: deepCursor } };
  const filtered = { path: listPath(FILTERED), query: FILTERED };
  const searches = samples.slice(0, SEARCHES).map((s) => {
    const query = { number_contains: searchDigits(s) };
    return { path: listPath(query), query };
  });
  const get = (path: string): BenchRequest => ({ method: 'GET', path });
  const scenarios: Scenario[] = [
    { name: 'list-first', title: 'List, first page (50)', requests: [get(first.path)] },
    { name: 'list-first-1c', title: 'List, first page, 1 connection', requests: [get(first.path)], connections: 1 },
    { name: 'list-deep', title: `List, page ${deepPage} by cursor`, requests: [get(deep.path)] },
    { name: 'list-filtered', title: 'List, status+capability+tag+country', requests: [get(filtered.path)] },
    { name: 'search-number', title: 'Substring search on the number', requests: searches.map((s) => get(s.path)) },
    {
      name: 'search-number-1c',
      title: 'Substring search, 1 connection',
      requests: searches.map((s) => get(s.path)),
      connections: 1,
    },
    {
      name: 'lookup',
      title: 'Lookup by number',
      requests: samples.map((s) => get(`/v1/phone-numbers/lookup?number=${encodeURIComponent(s.number)}`)),
    },
    { name: 'retrieve', title: 'Retrieve by id', requests: samples.map((s) => get(`/v1/phone-numbers/${s.id}`)) },
    {
      name: 'patch',
      title: 'PATCH (rename)',
      requests: samples.map((s) => ({ method: 'PATCH' as const, path: `/v1/phone-numbers/${s.id}`, body: PATCH_BODY })),
    },
  ];
  const lists: ListScenarioQuery[] = [first, deep, filtered, ...searches];
  return { scenarios, lists };
}

export const PATCH_BODY = JSON.stringify({ friendly_name: 'Bench line' });
