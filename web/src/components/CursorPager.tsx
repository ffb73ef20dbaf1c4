import type { ComponentChildren } from 'preact';

/** The page each cursor followed, to go back a page (a reloaded view starts again from the first). */
const previousCursor = new Map<string, string>();

/**
 * Previous, first and next page of a list paged by cursor, the cursor kept in the view's URL:
 * go(undefined) is the first page. The console's one pager: what else a view puts in it (the
 * page size) comes as children.
 */
export function CursorPager({
  cursor,
  page,
  go,
  label = 'Pages',
  children,
}: {
  cursor: string | null;
  page: { next_cursor: string | null; has_more: boolean };
  go: (cursor: string | undefined) => void;
  /** Its name as a landmark, where a view has more than one list. */
  label?: string;
  children?: ComponentChildren;
}) {
  const previous = cursor ? previousCursor.get(cursor) : undefined;
  const next = () => {
    if (!page.next_cursor) return;
    previousCursor.set(page.next_cursor, cursor ?? '');
    go(page.next_cursor);
  };
  if (!cursor && !page.has_more && !children) return null;
  return (
    <nav class="pager" aria-label={label}>
      <div>
        {cursor && previous !== undefined && (
          <button type="button" class="button" onClick={() => go(previous || undefined)}>
            Previous page
          </button>
        )}
        {cursor && (
          <button type="button" class="button quiet" onClick={() => go(undefined)}>
            First page
          </button>
        )}
        {page.has_more && (
          <button type="button" class="button" onClick={next}>
            Next page
          </button>
        )}
      </div>
      {children}
    </nav>
  );
}

/** How many rows a page holds, chosen from the sizes the list offers; onChange gets the API's limit. */
export function PageSize({ id, sizes, value, onChange }: { id: string; sizes: readonly number[]; value: number; onChange: (limit: string) => void }) {
  return (
    <div class="field inline">
      <label for={id}>Per page</label>
      <select id={id} value={String(value)} onChange={(event) => onChange(event.currentTarget.value)}>
        {sizes.map((size) => (
          <option value={String(size)}>{size}</option>
        ))}
      </select>
    </div>
  );
}
