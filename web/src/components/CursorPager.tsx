import type { ComponentChildren } from 'preact';

/** The page each cursor followed, to go back a page (a reloaded view starts again from the first). */
const previousCursor = new Map<string, string>();

/**
 * Previous, first and next page of a list paged by cursor, the cursor kept in the view's URL:
 * go(undefined) is the first page.
 */
export function CursorPager({
  cursor,
  page,
  go,
  children,
}: {
  cursor: string | null;
  page: { next_cursor: string | null; has_more: boolean };
  go: (cursor: string | undefined) => void;
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
    <nav class="pager" aria-label="Pages">
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
