import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armLoopbackOnly } from '../egress/loopback-only.testing.js';
import { EgressGuard } from '../egress/egress-guard.js';
import { callCarrier, CarrierCallError, carrierMessage } from './carrier-http.js';

describe("a carrier's error, as the tenant sees it", () => {
  it('comes from the known error fields of each carrier', () => {
    expect(carrierMessage({ errors: [{ code: '10009', title: 'Authentication failed', detail: 'The API key is invalid' }] })).toBe('The API key is invalid');
    expect(carrierMessage({ errors: [{ code: 10009, title: 'Authentication failed' }] })).toBe('Authentication failed');
    expect(carrierMessage({ errors: [{ code: 10009 }] })).toBe('10009');
    expect(carrierMessage({ code: 20404, message: 'The requested resource was not found', more_info: 'https://x' })).toBe('The requested resource was not found');
    expect(carrierMessage({ error: 'Unauthorized' })).toBe('Unauthorized');
  });

  it('is "no details" for anything else: a raw page, a list, an object where text belongs, nothing', () => {
    for (const body of ['<html><body>Internal</body></html>', null, [], { errors: [{ detail: { nested: true } }] }, { message: '   ' }, 42]) {
      expect(carrierMessage(body)).toBe('no details');
    }
  });

  it('is printable ASCII and at most 100 characters', () => {
    const summary = carrierMessage({ message: `bad\u0000\u001b[2J\r\nnumber\u200b ${'é'.repeat(20)} ${'y'.repeat(10_000)}` });
    expect(summary).toMatch(/^[\x20-\x7e]+$/);
    expect(summary.length).toBe(100);
    expect(summary.startsWith('bad [2J number ')).toBe(true);
    expect(summary.endsWith('...')).toBe(true);
  });
});

describe('callCarrier through the egress guard', () => {
  let tripwire: ReturnType<typeof armLoopbackOnly>;
  beforeAll(() => {
    tripwire = armLoopbackOnly();
  });
  afterAll(() => {
    expect(tripwire.violations).toEqual([]);
    tripwire.disarm();
  });

  it('a refused destination is egress_refused, not ambiguous, and not retried', async () => {
    const asked: string[] = [];
    const egress = new EgressGuard({ allow: [], resolve: async (name) => (asked.push(name), [{ address: '10.0.0.7', family: 4 }]) });
    const observed: string[] = [];
    const observer = { carrierCall: (carrier: string, operation: string, outcome: string) => void observed.push(`${carrier} ${operation} ${outcome}`) };
    const call = { operation: 'search' as const, observer, method: 'GET' as const, headers: {}, idempotent: true, timeoutMs: 500, egress, hosts: ['*.signalwire.com'] };
    const refused = await callCarrier('signalwire', { ...call, url: 'https://space.signalwire.com/api' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CarrierCallError);
    expect([(refused as CarrierCallError).appError.code, (refused as CarrierCallError).ambiguous]).toEqual(['egress_refused', false]);
    expect((refused as CarrierCallError).appError.detail).not.toContain('10.0.0.7');
    expect(asked).toEqual(['space.signalwire.com']);
    const elsewhere = await callCarrier('signalwire', { ...call, url: 'https://evil.example.com/api' }).catch((e: unknown) => e);
    expect((elsewhere as CarrierCallError).appError.code).toBe('egress_refused');
    expect(asked).toHaveLength(1);
    // One attempt each (a refusal is not retried), each told to the metrics as refused.
    expect(observed).toEqual(['signalwire search refused', 'signalwire search refused']);
  });
});
