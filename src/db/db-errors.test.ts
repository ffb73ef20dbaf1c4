import { describe, expect, it } from 'vitest';
import { httpStatusOf, retryAfterSecondsOf } from '../errors/catalogue.js';
import { DatabaseBusyError, databaseUnavailableError, lostRace, translateDatabaseError, violatesUnique } from './db-errors.js';

const withCode = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });

describe('databaseUnavailableError', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET')],
    ['SQLSTATE class 08', withCode('08006', 'connection failure')],
    ['an admin shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['the embedded queue refusing', new DatabaseBusyError('waited over 10 ms for the connection')],
    ['a refusal on both address families', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
    ['a refusal as the cause of a wrapper', new Error('wrapped', { cause: withCode('ECONNREFUSED') })],
  ])('translates %s to database_unavailable, 503 with Retry-After', (_, error) => {
    const translated = databaseUnavailableError(error);
    expect(translated?.code).toBe('database_unavailable');
    expect(httpStatusOf(translated!.code)).toBe(503);
    expect(retryAfterSecondsOf(translated!.code)).toBeGreaterThan(0);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', withCode('42601')],
    ['a query cancelled by statement timeout', withCode('57014')],
    ['a plain error', new Error('boom')],
    ['a non-error', 'text'],
  ])('leaves %s alone', (_, error) => {
    expect(databaseUnavailableError(error)).toBeUndefined();
  });

  it('never puts the driver message (which may quote SQL) in the answer', () => {
    const translated = databaseUnavailableError(withCode('08006', 'insert into secrets values ($1)'));
    expect(translated?.detail).not.toContain('insert');
  });
});

describe('database refusals', () => {
  it('name a unique constraint only for its own SQLSTATE and constraint', () => {
    expect(violatesUnique({ code: '23505', constraint: 'a_key' }, 'a_key')).toBe(true);
    expect(violatesUnique({ code: '23505', constraint: 'b_key' }, 'a_key')).toBe(false);
    expect(violatesUnique({ code: '23503', constraint: 'a_key' }, 'a_key')).toBe(false);
    expect(violatesUnique(new Error('x'), 'a_key')).toBe(false);
  });

  it('read deadlocks and serialization failures as lost races, answered 409 concurrent_update', () => {
    for (const code of ['40P01', '40001']) {
      expect(lostRace({ code })).toBe(true);
      expect(translateDatabaseError({ code, message: 'deadlock detected: Process 1 waits for ShareLock' })).toMatchObject({ code: 'concurrent_update' });
    }
    expect(lostRace({ code: '23505' })).toBe(false);
    expect(translateDatabaseError({ code: '23505' })).toBeUndefined();
  });
});
