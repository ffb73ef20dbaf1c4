import type { ComponentChildren } from 'preact';
import { ErrorNotice, Notice } from '../components/Notice';
import { navigate, withQuery } from '../router';
import { useLoad, type Load } from '../use-load';

/**
 * Cursor paging for the console's short lists (webhook endpoints, their deliveries, orders):
 * the cursor and the page size live in the view's URL under the API's own names.
 */

/** The page each cursor followed, to go back a page (a reloaded view starts again from the first). */
const previousCursor = new Map<string, string>();

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

export function CursorPager({
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
  const cursor = query.get('cursor');
  const previous = cursor ? previousCursor.get(cursor) : undefined;
  const next = () => {
    if (!page.next_cursor) return;
    previousCursor.set(page.next_cursor, cursor ?? '');
    goWith(path, query, { cursor: page.next_cursor }, true);
  };
  const sizeId = `${label.toLowerCase().replace(/\W+/g, '-')}-page-size`;
  return (
    <nav class="pager" aria-label={`Pages of ${label.toLowerCase()}`}>
      <div>
        {cursor && previous !== undefined && (
          <button type="button" class="button" onClick={() => goWith(path, query, { cursor: previous }, true)}>
            Previous page
          </button>
        )}
        {cursor && (
          <button type="button" class="button quiet" onClick={() => goWith(path, query, {})}>
            First page
          </button>
        )}
        {page.has_more && (
          <button type="button" class="button" onClick={next}>
            Next page
          </button>
        )}
      </div>
      <div class="field inline">
        <label for={sizeId}>Per page</label>
        <select id={sizeId} value={String(pageSizeOf(query, sizes))} onChange={(event) => goWith(path, query, { limit: event.currentTarget.value })}>
          {sizes.map((size) => (
            <option value={String(size)}>{size}</option>
          ))}
        </select>
      </div>
    </nav>
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
      {page.state === 'ready' && <CursorPager path={path} query={query} page={page.value} sizes={sizes} label={label} />}
    </div>
  );
}

export type Tone = 'good' | 'warn' | 'bad' | 'info' | 'muted';

/** A status in a coloured pill. */
export function Badge({ tone, children }: { tone: Tone; children: string }) {
  return <span class={`badge ${tone}`}>{children}</span>;
}
