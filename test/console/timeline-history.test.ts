import { describe, expect, it } from 'vitest';
import { following, shownEntries, UNREAD, type Paged } from '../../web/src/views/timeline-history.js';

/**
 * A number's timeline reads its events and its audit records a page at a time, from two lists;
 * what it shows must be in order and complete down to where both lists have been read.
 */

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();
const item = (minute: number) => ({ created_at: at(minute) });
const entry = (minute: number) => ({ id: `entry-${minute}`, at: at(minute) });
const list = (minutes: number[], next: string | null = null): Paged<{ created_at: string }> => ({ items: minutes.map(item), next });
const ids = (shown: { entries: { id: string }[] }) => shown.entries.map((e) => e.id);

describe("a number's timeline read a page at a time", () => {
  const entries = [9, 8, 7, 6, 5, 3, 1].map(entry);

  it('shows every entry once every list is read to its end', () => {
    const shown = shownEntries(entries, [list([9, 5, 3]), list([8, 7, 6, 1])]);
    expect(ids(shown)).toEqual(entries.map((e) => e.id));
    expect(shown.older).toBe(false);
  });

  it('holds back what is older than the oldest item read of a list that has more, and says older ones are left', () => {
    // An event between minutes 1 and 5 may be on the next page: the record of minute 1 waits for it.
    const shown = shownEntries(entries, [list([9, 5], 'cursor'), list([8, 7, 6, 1])]);
    expect(ids(shown)).toEqual(['entry-9', 'entry-8', 'entry-7', 'entry-6', 'entry-5']);
    expect(shown.older).toBe(true);
  });

  it('cuts at the newer of the lists when both have more', () => {
    const shown = shownEntries(entries, [list([9, 3], 'a'), list([8, 6], 'b')]);
    expect(ids(shown)).toEqual(['entry-9', 'entry-8', 'entry-7', 'entry-6']);
  });

  it('counts a list the key may not read as read to its end', () => {
    const shown = shownEntries(entries.slice(0, 2), [list([9, 8], 'cursor'), UNREAD]);
    expect(ids(shown)).toEqual(['entry-9', 'entry-8']);
    expect(shown.older).toBe(true);
  });

  it('adds a page after what was read, and keeps its cursor only while the API has more', () => {
    const first = following(undefined, { data: [item(9)], has_more: true, next_cursor: 'c1' });
    expect(first).toEqual({ items: [item(9)], next: 'c1' });
    const second = following(first, { data: [item(5)], has_more: false, next_cursor: null });
    expect(second).toEqual({ items: [item(9), item(5)], next: null });
  });
});
