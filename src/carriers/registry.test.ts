import { describe, expect, it } from 'vitest';
import { EgressGuard } from '../egress/egress-guard.js';
import { CARRIER_NAMES, type CarrierAdapter } from './carrier.js';
import { createCarrierRegistry, type CarrierRegistry } from './registry.js';
import type { SandboxRepo } from './sandbox/sandbox.repo.js';

describe('carrier registry', () => {
  it('has an adapter for every carrier, under its own name', () => {
    const registry = createCarrierRegistry({ sandboxRepo: {} as SandboxRepo, clock: () => new Date(), sandboxHoldPeriodMs: 1, timeoutMs: 1, egress: new EgressGuard({ allow: [] }) });
    for (const name of CARRIER_NAMES) expect(registry[name].name).toBe(name);
  });

  it("has each carrier's default API address on the carrier's own hosts, over https", () => {
    const egress = new EgressGuard({ allow: [] });
    const registry = createCarrierRegistry({ sandboxRepo: {} as SandboxRepo, clock: () => new Date(), sandboxHoldPeriodMs: 1, timeoutMs: 1, egress });
    for (const name of ['telnyx', 'twilio'] as const) expect(egress.refusalOf(registry[name].defaultBaseUrl ?? '', registry[name].apiHosts)).toBeNull();
    expect(egress.refusalOf('https://example.signalwire.com', registry.signalwire.apiHosts)).toBeNull();
    expect(egress.refusalOf('https://api.telnyx.com/v2', registry.signalwire.apiHosts)).not.toBeNull();
  });

  it('does not compile with a carrier or a method missing', () => {
    const adapter = null as never;
    // @ts-expect-error twilio is missing
    const partial: CarrierRegistry = { sandbox: adapter, telnyx: adapter, signalwire: adapter };
    const whole: CarrierRegistry = { sandbox: adapter, telnyx: adapter, signalwire: adapter, twilio: adapter };
    // @ts-expect-error an adapter without release is not a CarrierAdapter
    const incomplete: CarrierAdapter = { name: 'telnyx', credentialFields: [], defaultBaseUrl: null, reserve: null, search: async () => [], order: async () => [], findOwned: async () => null };
    expect([partial, whole, incomplete]).toHaveLength(3);
  });
});
