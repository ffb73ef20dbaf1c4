import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import type { BaselineSpec, Statement } from './capture.js';

/**
 * The yardstick: a bare node:http server with no framework, running Dialtone's SQL (captured
 * from its repositories) through the same driver, answering the same paths. It authenticates
 * every request by key hash as Dialtone does, and returns the rows as JSON. Settings come
 * from the bench that starts it: BENCH_SPEC (a JSON file), PORT, and DATABASE_URL or
 * DIALTONE_DATA_DIR.
 */
type Run = (sql: string, parameters: unknown[]) => Promise<Record<string, unknown>[]>;

async function connect(): Promise<Run> {
  if (process.env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
    return async (sql, parameters) => (await pool.query(sql, parameters)).rows;
  }
  const pglite = await PGlite.create(process.env.DIALTONE_DATA_DIR, { extensions: { pg_trgm, btree_gin } });
  return async (sql, parameters) => (await pglite.query<Record<string, unknown>>(sql, parameters)).rows;
}

function bind(statement: Statement, values: Record<string, unknown>): unknown[] {
  const parameters = [...statement.parameters];
  for (const [name, positions] of Object.entries(statement.slots)) {
    for (const position of positions) parameters[position] = values[name];
  }
  return parameters;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

const spec = JSON.parse(readFileSync(process.env.BENCH_SPEC!, 'utf8')) as BaselineSpec;
const run = await connect();
const LIMIT = 50;

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = request.url ?? '/';
  if (url === '/healthz') return send(response, 200, { status: 'ok' });
  const key = request.headers.authorization?.slice('Bearer '.length) ?? '';
  const hash = createHash('sha256').update(key).digest('hex');
  const [principal] = await run(spec.auth.sql, bind(spec.auth, { hash }));
  if (!principal) return send(response, 401, { title: 'unauthenticated' });

  const path = url.split('?')[0]!;
  const list = spec.lists[url];
  if (request.method === 'GET' && list) {
    const rows = await run(list.sql, list.parameters);
    return send(response, 200, { object: 'list', data: rows.slice(0, LIMIT), has_more: rows.length > LIMIT });
  }
  if (request.method === 'GET' && path === '/v1/phone-numbers/lookup') {
    const number = new URL(url, 'http://localhost').searchParams.get('number');
    const [row] = await run(spec.lookup.sql, bind(spec.lookup, { number }));
    return row ? send(response, 200, row) : send(response, 404, { title: 'not found' });
  }
  const id = path.startsWith('/v1/phone-numbers/') ? path.slice('/v1/phone-numbers/'.length) : '';
  if (!id) return send(response, 404, { title: 'not found' });
  const [current] = await run(spec.retrieve.sql, bind(spec.retrieve, { id }));
  if (!current) return send(response, 404, { title: 'not found' });
  if (request.method === 'GET') return send(response, 200, current);
  if (request.method === 'PATCH') {
    JSON.parse(await readBody(request));
    const [updated] = await run(spec.update.sql, bind(spec.update, { id }));
    // As Dialtone: a rename to the name it has writes nothing and answers the number as it is.
    return send(response, 200, updated ?? current);
  }
  return send(response, 405, { title: 'method not allowed' });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: Error) => send(response, 500, { title: error.message }));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
