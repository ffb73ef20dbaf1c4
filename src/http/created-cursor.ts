import type { CreatedCursor } from '../db/created-order.js';
import { errors } from '../errors/catalogue.js';

/**
 * The cursor of a list ordered newest first by (created_at, id), opaque to clients: the last
 * item of a page, to the millisecond (repositories order and compare with src/db/created-order.ts).
 */

export function encodeCreatedCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

export function decodeCreatedCursor(cursor: string, parameter = 'cursor'): CreatedCursor {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw errors.validation(`${parameter} is not one this API gave out.`, { parameter });
  }
  return { createdAt, id };
}

/** A page cut from limit + 1 rows: the rows shown, and the cursor to the next page if any. */
export function createdPage<T extends { created_at: Date; id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCreatedCursor(last.created_at, last.id) : null };
}
