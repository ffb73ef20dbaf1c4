import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of HMAC-SHA256 a cursor carries: forging one means guessing 128 bits. */
const TAG_BYTES = 16;
/** No cursor Dialtone issues comes near this; anything longer is refused unread. */
const MAX_CURSOR_LENGTH = 1024;

/**
 * Seals what a cursor carries (the position in a list, the list it belongs to) so that a
 * client can hand it back but not forge or alter it: a cursor that opens is one Dialtone
 * issued, so nothing from a client reaches a query through a cursor unchecked. The key is
 * the platform's (src/cursors/cursor-keys.repo.ts), the same for every process on a database.
 */
export class CursorSigner {
  constructor(private readonly key: Buffer) {}

  /** A signer with a key of its own, for code that runs without a database (unit tests, benches). */
  static ephemeral(): CursorSigner {
    return new CursorSigner(randomBytes(32));
  }

  seal(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.tag(body).toString('base64url')}`;
  }

  /** The payload of a cursor this signer sealed; null for anything else. */
  open(cursor: string): unknown {
    if (cursor.length > MAX_CURSOR_LENGTH) return null;
    const dot = cursor.indexOf('.');
    if (dot < 0) return null;
    const body = cursor.slice(0, dot);
    const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
    const expected = this.tag(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
  }

  private tag(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, TAG_BYTES);
  }
}
