import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors/catalogue.js';
import type { ConsoleFile, ConsoleFiles } from './console-files.js';

/**
 * The console (web/, built into dist/web) served under /: its index page at / and at every
 * other page path of its own (client-side routes such as /numbers/<id>), its assets under
 * /assets/. The API, the provider surfaces, /docs and the probes keep their paths: a path under
 * them is never a page.
 */

/** Paths that belong to the API and the server, never to the console's pages. */
const SERVER_PREFIXES = ['/v1', '/v2', '/api', '/2010-04-01', '/docs', '/openapi.json', '/metrics', '/livez', '/healthz', '/readyz', '/assets'];

/**
 * The console loads only its own files and talks only to this server: no inline script or
 * style, no other origin, never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET_CACHE = 'public, max-age=31536000, immutable';

function underServerPrefix(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Whether a request no route serves is a page of the console: a browser navigation (GET or
 * HEAD asking for HTML) to a path outside the server's own prefixes, without a file extension.
 */
export function isConsolePage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (!(request.headers.accept ?? '').includes('text/html')) return false;
  const path = request.url.split('?')[0]!;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !underServerPrefix(path) && !last.includes('.');
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: ConsoleFile, cacheControl: string): FastifyReply {
  reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', cacheControl)
    .header('etag', file.etag)
    .header('vary', 'accept-encoding')
    .type(file.type);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const gzip = file.gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? file.gzipped : file.body);
}

/** The console's index page: what / and every page path answer. Revalidated on each load. */
export function sendConsolePage(request: FastifyRequest, reply: FastifyReply, files: ConsoleFiles): FastifyReply {
  return sendFile(request, reply, files.index, 'no-cache');
}

export async function consoleRoutes(app: FastifyInstance, deps: { files: ConsoleFiles | null }) {
  const { files } = deps;
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (!files) throw errors.notFound('console', '/ (the console is not built: run npm run build)');
    return sendConsolePage(request, reply, files);
  });
  app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const file = files?.asset(name);
    if (!file) throw errors.notFound('asset', name);
    return sendFile(request, reply, file, ASSET_CACHE);
  });
}
