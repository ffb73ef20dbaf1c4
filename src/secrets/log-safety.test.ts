import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors } from '../errors/catalogue.js';
import { describeError, SAFE_LOG_OPTIONS, serializeError } from './log-safety.js';

const SERVER = process.env.DIALTONE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A logger made as Dialtone's are, writing its lines to a string. */
function capturingLogger() {
  let written = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written += chunk;
      done();
    },
  });
  return { logger: pino({ level: 'trace', ...SAFE_LOG_OPTIONS }, sink), written: () => written };
}

/** The statements that fail the way a route's can: a constraint with a secret in the row, a value that is not of its type. */
interface Driver {
  query(text: string, params: unknown[]): Promise<unknown>;
}

async function provoke(driver: Driver): Promise<{ constraint: unknown; badValue: unknown }> {
  const constraint = await driver.query('insert into log_probe values ($1, $2)', [1, 'SECRETPIN77']).catch((e: unknown) => e);
  const badValue = await driver.query('select $1::int', ['SECRETPIN88']).catch((e: unknown) => e);
  return { constraint, badValue };
}

const PROBE_TABLE = 'create temporary table log_probe (id int primary key, pin text check (length(pin) < 3))';

function expectSafe(serialized: unknown) {
  const text = JSON.stringify(serialized);
  expect(text).not.toContain('SECRETPIN');
  expect(text).not.toContain('Failing row');
}

describe('error serializer over real driver errors', () => {
  let pglite: PGlite;
  let server: pg.Client | null = null;

  beforeAll(async () => {
    pglite = await PGlite.create();
    await pglite.exec(PROBE_TABLE);
    const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query(PROBE_TABLE);
      server = client;
    } catch {
      await client.end().catch(() => {});
    }
  });
  afterAll(async () => {
    await pglite.close();
    await server?.end();
  });

  it('PGlite: keeps message, SQLSTATE, constraint and table; drops the row, the statement and its parameters', async () => {
    const { constraint, badValue } = await provoke(pglite);
    // What the driver error carries, and so what a plain serializer would log.
    expect(constraint).toMatchObject({ detail: expect.stringContaining('SECRETPIN77'), params: [1, 'SECRETPIN77'] });
    expect(serializeError(constraint)).toMatchObject({
      type: 'DatabaseError',
      message: 'new row for relation "log_probe" violates check constraint "log_probe_pin_check"',
      code: '23514',
      sqlState: '23514',
      constraint: 'log_probe_pin_check',
      table: 'log_probe',
    });
    expect(badValue).toMatchObject({ message: expect.stringContaining('SECRETPIN88') });
    expect(serializeError(badValue)).toMatchObject({ sqlState: '22P02', message: expect.stringContaining('invalid input syntax for type integer') });
    expectSafe(serializeError(constraint));
    expectSafe(serializeError(badValue));
    expect(describeError(badValue)).not.toContain('SECRETPIN');
  });

  it('node-postgres: the same, without the row in detail or the parameter in where', async (context) => {
    if (!server) return context.skip();
    const { constraint, badValue } = await provoke(server);
    expect(constraint).toMatchObject({ detail: expect.stringContaining('SECRETPIN77') });
    expect(serializeError(constraint)).toMatchObject({ sqlState: '23514', constraint: 'log_probe_pin_check', table: 'log_probe' });
    expectSafe(serializeError(constraint));
    expectSafe(serializeError(badValue));
  });

  it('a logger made as Dialtone makes them writes neither, at any level, with the stack and cause kept safe', async () => {
    const { constraint } = await provoke(pglite);
    const { logger, written } = capturingLogger();
    logger.error({ err: constraint }, 'unhandled error');
    logger.trace({ err: new Error('wrapped', { cause: constraint }) }, 'trace');
    logger.warn(constraint as Error);
    const lines = written().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[0].err).toMatchObject({ sqlState: '23514', stack: expect.stringContaining('violates check constraint') });
    expect(lines[1].err.cause).toMatchObject({ sqlState: '23514' });
    expect(written()).not.toContain('SECRETPIN');
    expect(written()).not.toContain('Failing row');
  });

  it("keeps a catalogue error's own detail, and says no more than a type of anything else thrown", () => {
    expect(serializeError(errors.secretsDisabled())).toMatchObject({ code: 'secrets_disabled', detail: expect.stringContaining('DIALTONE_SECRET_KEY') });
    expect(serializeError('SECRETPIN99')).toBe('string');
  });
});

describe('redaction', () => {
  it('censors secret headers and fields wherever a line carries them', () => {
    const { logger, written } = capturingLogger();
    logger.info({
      req: { headers: { authorization: 'Bearer dt_live_SECRET1', 'x-api-key': 'dt_live_SECRET2', cookie: 'session=SECRET3', accept: 'application/json' } },
      body: { external_pin: 'SECRET4', credentials: { api_key: 'SECRET5' }, friendly_name: 'Support' },
      account: { settings: { auth_token: 'SECRET6', password: 'SECRET7' } },
      api_token: 'SECRET8',
      key: 'SECRET9',
    });
    const line = JSON.parse(written());
    expect(written()).not.toContain('SECRET');
    expect(line.req.headers.accept).toBe('application/json');
    expect(line.body).toMatchObject({ external_pin: '[redacted]', credentials: '[redacted]', friendly_name: 'Support' });
  });
});
