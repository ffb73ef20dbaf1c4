import type { ComponentChildren } from 'preact';
import { CursorPager, PageSize } from '../components/CursorPager';
import { ErrorNotice, Notice } from '../components/Notice';
import { navigate, withQuery } from '../router';
import { useLoad, type Load } from '../use-load';

/**
 * Cursor paging for the console's short lists (webhook endpoints, their deliveries, orders):
 * the cursor and the page size live in the view's URL under the API's own names.
 */

export function pageSizeOf(query: URLSearchParams, sizes: readonly number[]): number {
  const size = Number(query.get('limit'));
  return sizes.includes(size) ? size : sizes[0]!;
}

/** The view's URL with some parameters changed ('' removes one); the cursor goes unless kept. */
export function goWith(path: string, query: URLSearchParams, changes: Record<string, string>, keepCursor = false): void {
  const next = new URLSearchParams(query);
  if (!keepCursor) next.delete('cursor');
  for (const [name, value] of Object.entries(changes)) {
    if (value) next.set(name, value);
    else next.delete(name);
  }
  navigate(withQuery(path, next));
}

/** The pager of a short list, its cursor and page size in the view's URL. */
export function ListPager({
  path,
  query,
  page,
  sizes,
  label,
}: {
  path: string;
  query: URLSearchParams;
  page: { has_more: boolean; next_cursor: string | null };
  sizes: readonly number[];
  label: string;
}) {
  return (
    <CursorPager
      cursor={query.get('cursor')}
      page={page}
      go={(cursor) => goWith(path, query, { cursor: cursor ?? '' }, true)}
      label={`Pages of ${label.toLowerCase()}`}
    >
      <PageSize
        id={`${label.toLowerCase().replace(/\W+/g, '-')}-page-size`}
        sizes={sizes}
        value={pageSizeOf(query, sizes)}
        onChange={(limit) => goWith(path, query, { limit })}
      />
    </CursorPager>
  );
}

/** The cursor and page size the view's URL asks for, as the API takes them. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** A page of a list, loaded again whenever the URL's cursor or page size changes. */
export function usePage<T>(query: URLSearchParams, sizes: readonly number[], load: (request: PageRequest) => Promise<T>): [Load<T>, () => void] {
  const cursor = query.get('cursor');
  const request: PageRequest = { limit: pageSizeOf(query, sizes), ...(cursor ? { cursor } : {}) };
  return useLoad(JSON.stringify(request), () => load(request));
}

/** A short list of the console, paged by cursor in its view's URL. */
export interface PagedList {
  /** The view's path. */
  path: string;
  sizes: readonly number[];
  /** What the rows are, capitalised: "Orders". */
  label: string;
  /** The title when the list has nothing. */
  empty: string;
  /** The title when a page past the last has nothing. */
  end: string;
}

/**
 * A short list paged by cursor, in its states: loading, the API's error with a retry, nothing
 * (on the first page, or past the last), or the rows in their table with the pager below.
 */
export function PagedTable<T>({
  list,
  query,
  page,
  onRetry,
  table,
  children,
}: {
  list: PagedList;
  query: URLSearchParams;
  page: Load<{ data: T[]; has_more: boolean; next_cursor: string | null }>;
  onRetry: () => void;
  table: (rows: T[]) => ComponentChildren;
  /** What an empty list means and how to fill it. */
  children: ComponentChildren;
}) {
  const { path, sizes, label } = list;
  if (page.state === 'failed') return <ErrorNotice error={page.error} onRetry={onRetry} />;
  return (
    <div class="table-wrap" aria-busy={page.state === 'loading'}>
      {page.state === 'loading' ? (
        <p class="loading" role="status">
          Loading {label.toLowerCase()}…
        </p>
      ) : page.value.data.length === 0 ? (
        <Notice title={query.get('cursor') ? list.end : list.empty}>
          <p>{children}</p>
        </Notice>
      ) : (
        table(page.value.data)
      )}
      {page.state === 'ready' && <ListPager path={path} query={query} page={page.value} sizes={sizes} label={label} />}
    </div>
  );
}

export type Tone = 'good' | 'warn' | 'bad' | 'info' | 'muted';

/** A status in a coloured pill. */
export function Badge({ tone, children }: { tone: Tone; children: string }) {
  return <span class={`badge ${tone}`}>{children}</span>;
}
