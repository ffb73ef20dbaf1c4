import { sql, type RawBuilder } from 'kysely';

/** The position of a row in a list ordered newest first by (created_at, id). */
export interface CreatedCursor {
  createdAt: string;
  id: string;
}

/**
 * Newest first, cut on the millisecond: cursors carry milliseconds, and created_at has
 * microseconds, so both the order and the cursor comparison use the truncated value.
 */
export const NEWEST_FIRST: RawBuilder<unknown> = sql`date_trunc('milliseconds', created_at) desc, id desc`;

/** Rows after the cursor in the NEWEST_FIRST order. */
export function createdBefore(cursor: CreatedCursor): RawBuilder<boolean> {
  return sql<boolean>`(date_trunc('milliseconds', created_at), id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`;
}
