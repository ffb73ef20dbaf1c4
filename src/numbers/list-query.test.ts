import { describe, expect, it } from 'vitest';
import { CursorSigner } from '../cursors/cursor-signer.js';
import { decodeCursor as decodeWith, encodeCursor as encodeWith, type Keyset, type NumberFilters, type Sort } from './list-query.js';

const signer = CursorSigner.ephemeral();
const encodeCursor = (keyset: Keyset, filters: NumberFilters, sort: Sort) => encodeWith(signer, keyset, filters, sort);
const decodeCursor = (cursor: string, filters: NumberFilters, sort: Sort) => decodeWith(signer, cursor, filters, sort);

const sort: Sort = { key: 'number', order: 'asc' };
const keyset = { value: '+14155552671', id: '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e' };

describe('cursors', () => {
  it('round-trip for the same list', () => {
    const cursor = encodeCursor(keyset, { tag: ['a'] }, sort);
    expect(decodeCursor(cursor, { tag: ['a'] }, sort)).toEqual(keyset);
  });

  it('are refused for another list, or when not issued here', () => {
    const cursor = encodeCursor(keyset, { tag: ['a'] }, sort);
    expect(() => decodeCursor(cursor, { tag: ['b'] }, sort)).toThrow(/other filters or another sort/);
    expect(() => decodeCursor(cursor, { tag: ['a'] }, { key: 'number', order: 'desc' })).toThrow(/other filters/);
    expect(() => decodeCursor('garbage', {}, sort)).toThrow(/not one this API issued/);
    const forged = Buffer.from(JSON.stringify({ v: 'x', i: "1' or 1=1", f: 'zz' })).toString('base64url');
    expect(() => decodeCursor(forged, {}, sort)).toThrow(/not one this API issued/);
  });

  it('are refused when altered, or sealed with another key', () => {
    const cursor = encodeCursor(keyset, {}, sort);
    const [body, tag] = cursor.split('.') as [string, string];
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), v: "x' or 1=1" })).toString('base64url');
    expect(() => decodeCursor(`${altered}.${tag}`, {}, sort)).toThrow(/not one this API issued/);
    expect(() => decodeWith(CursorSigner.ephemeral(), cursor, {}, sort)).toThrow(/not one this API issued/);
    expect(() => decodeCursor(`${body}.${'A'.repeat(22)}`, {}, sort)).toThrow(/not one this API issued/);
  });
});
