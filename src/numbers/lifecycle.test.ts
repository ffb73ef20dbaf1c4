import { describe, expect, it } from 'vitest';
import { MOVES, patchOf, type MoveName } from './lifecycle.js';
import { allowedTransitions } from './phone-number.js';

const at = new Date('2026-12-01T10:00:00Z');

describe('lifecycle moves', () => {
  it('each follows the lifecycle clients see, or says why only Dialtone makes it', () => {
    for (const [name, spec] of Object.entries(MOVES)) {
      if ('systemOnly' in spec) {
        expect(spec.systemOnly?.length, name).toBeGreaterThan(20);
        continue;
      }
      for (const from of spec.from) expect(allowedTransitions(from), `${name} from ${from}`).toContain(spec.to);
    }
  });

  it('refuse to start anywhere else', () => {
    expect(() => patchOf('activatePurchase', 'active', { purchasedAt: at, nextBillingDate: at, monthlyCost: null, upfrontCost: null, currency: 'USD', capabilities: null })).toThrow(/cannot start from active/);
    expect(() => patchOf('completeRelease', 'active', at)).toThrow();
  });

  it('release a number the same way whichever path lets it go: agent, renewal and pending release cleared', () => {
    const releasing: MoveName[] = ['abandonPurchase', 'release', 'completeRelease'];
    const patches = releasing.map((name) => patchOf(name, MOVES[name].from[0]!, at as never).patch);
    for (const patch of patches) {
      expect(patch).toEqual({
        status: 'released',
        released_at: at,
        release_from: null,
        release_started_at: null,
        assigned_agent_id: null,
        assigned_at: null,
        auto_renew: false,
        next_billing_date: null,
      });
    }
  });
});
