/** One list a timeline reads, newest first, as far as it has been paged: next is null once nothing older is left. */
export interface Paged<T> {
  items: readonly T[];
  next: string | null;
}

/** A list the key may not read: nothing in it, nothing older. */
export const UNREAD: Paged<never> = { items: [], next: null };

/** The list with the page read after it (the first page when there is none before). */
export function following<T>(before: Paged<T> | undefined, page: { data: readonly T[]; has_more: boolean; next_cursor: string | null }): Paged<T> {
  return { items: [...(before?.items ?? []), ...page.data], next: page.has_more ? page.next_cursor : null };
}

/**
 * The entries made of the lists read so far that can be shown, newest first, and whether older
 * ones are left to read. Each list is read as far back as its own pages go, so below the newer
 * of the lists' oldest times another list may still hold entries not read yet: those are held
 * back until its next page is read, rather than shown out of order or without the record that
 * says who made them.
 */
export function shownEntries<E extends { at: string }>(
  entries: readonly E[],
  lists: readonly Paged<{ created_at: string }>[],
): { entries: E[]; older: boolean } {
  const horizon = Math.max(...lists.map(readDownTo));
  return { entries: entries.filter((entry) => Date.parse(entry.at) >= horizon), older: lists.some((list) => list.next !== null) };
}

/** The time a list is read down to: its oldest item's while it has more, the beginning of time once it has none. */
function readDownTo(list: Paged<{ created_at: string }>): number {
  const oldest = list.items.at(-1);
  return list.next !== null && oldest ? Date.parse(oldest.created_at) : -Infinity;
}
