import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Where `npm run build` puts the console: dist/web, seen from src/console and dist/console alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A file of the console, held in memory with its gzipped form (the whole console is a few dozen kB). */
export interface ConsoleFile {
  body: Buffer;
  gzipped: Buffer | null;
  type: string;
  etag: string;
}

function consoleFile(path: string): ConsoleFile | null {
  const type = CONTENT_TYPES[extname(path)];
  if (!type) return null;
  const body = readFileSync(path);
  const compressible = type.startsWith('text/') || type === 'image/svg+xml';
  const gzipped = compressible ? gzipSync(body, { level: 9 }) : null;
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, gzipped: gzipped && gzipped.length < body.length ? gzipped : null, type, etag };
}

/**
 * The built console: its index page and its assets (content-hashed names under assets/). Read
 * once at start; a request can only name a file of this list, never a path on the disk.
 */
export class ConsoleFiles {
  private constructor(
    readonly index: ConsoleFile,
    private readonly assets: ReadonlyMap<string, ConsoleFile>,
  ) {}

  /** The console built in dir, or null when it was not built (a run from the sources alone). */
  static load(dir = CONSOLE_DIR): ConsoleFiles | null {
    const indexPath = join(dir, 'index.html');
    if (!existsSync(indexPath)) return null;
    const assets = new Map<string, ConsoleFile>();
    const assetsDir = join(dir, 'assets');
    if (existsSync(assetsDir)) {
      for (const name of readdirSync(assetsDir)) {
        const file = consoleFile(join(assetsDir, name));
        if (file) assets.set(name, file);
      }
    }
    return new ConsoleFiles(consoleFile(indexPath)!, assets);
  }

  asset(name: string): ConsoleFile | undefined {
    return this.assets.get(name);
  }
}
