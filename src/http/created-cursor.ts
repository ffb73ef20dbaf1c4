import type { CursorSigner } from '../cursors/cursor-signer.js';
import type { CreatedCursor } from '../db/created-order.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';

/**
 * The cursor of a list ordered newest first by (created_at, id), opaque to clients: the last
 * item of a page, to the millisecond (repositories order and compare with src/db/created-order.ts).
 */
export function encodeCreatedCursor(signer: CursorSigner, createdAt: Date, id: string): string {
  return signer.seal({ c: createdAt.toISOString(), i: id });
}

/** The cursor's position; sealed, so one that opens holds what Dialtone put in it. */
export function decodeCreatedCursor(signer: CursorSigner, cursor: string, parameter = 'cursor'): CreatedCursor {
  const { c, i } = (signer.open(cursor) ?? {}) as Record<string, unknown>;
  if (typeof c !== 'string' || typeof i !== 'string' || Number.isNaN(Date.parse(c)) || !isUuid(i)) {
    throw errors.validation(`${parameter} is not one this API gave out.`, { parameter });
  }
  return { createdAt: c, id: i };
}

/**
 * One page of such a list, as the list routes answer it: limit + 1 rows loaded after the
 * cursor (the extra one tells whether another page follows), the page rendered, and the
 * cursor to the next page.
 */
export async function pageNewestFirst<T extends { created_at: Date; id: string }, R>(
  signer: CursorSigner,
  query: { limit?: number; cursor?: string },
  defaultLimit: number,
  load: (limit: number, after?: CreatedCursor) => Promise<T[]>,
  render: (row: T) => R,
) {
  const limit = query.limit ?? defaultLimit;
  const rows = await load(limit + 1, query.cursor ? decodeCreatedCursor(signer, query.cursor) : undefined);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCreatedCursor(signer, last.created_at, last.id) : null;
  return { object: 'list' as const, data: page.map(render), has_more: nextCursor !== null, next_cursor: nextCursor };
}
