import type { PhoneNumberPatchRow } from '../db/schema.js';
import type { EventType } from '../events/event-types.js';
import type { Capability, Status } from './phone-number.js';

/** What a carrier's sale of a number sets on it. */
export interface Activation {
  purchasedAt: Date;
  nextBillingDate: Date;
  monthlyCost: string | null;
  upfrontCost: string | null;
  currency: string;
  capabilities: Capability[] | null;
}

/** Statuses a release may start from: anything held but a pending purchase or release. */
const RELEASABLE = ['purchase_failed', 'port_pending', 'port_failed', 'active', 'suspended'] as const satisfies readonly Status[];

interface Move<I> {
  from: readonly Status[];
  to: Status;
  /**
   * A move only Dialtone makes, outside the lifecycle a client sees (assertTransition), and
   * why: a client could never ask for it.
   */
  systemOnly?: string;
  /** The event the move is told by. */
  event: EventType;
  /** Every other column the move sets. */
  change(input: I): PhoneNumberPatchRow;
}

const move = <I>(spec: Move<I>): Move<I> => spec;

/** What a released number no longer has: its agent, its renewal, a pending release. */
function released(at: Date): PhoneNumberPatchRow {
  return {
    released_at: at,
    release_from: null,
    release_started_at: null,
    assigned_agent_id: null,
    assigned_at: null,
    auto_renew: false,
    next_billing_date: null,
  };
}

/**
 * The moves Dialtone itself makes in a number's life, as data: where each may start, where it
 * ends and the complete change it makes. NumbersRepo.move is the one writer of them, so a
 * released number is released the same way whether an order let it go, a DELETE or a renewal.
 * (A client's own status change is checked by assertTransition in phone-number.ts.)
 */
export const MOVES = {
  /** The carrier sold the number an order claimed. */
  activatePurchase: move({
    from: ['purchase_pending'],
    to: 'active',
    event: 'phone_number.purchased',
    change: (a: Activation) => ({
      purchased_at: a.purchasedAt,
      next_billing_date: a.nextBillingDate,
      monthly_cost: a.monthlyCost,
      upfront_cost: a.upfrontCost,
      currency: a.currency,
      ...(a.capabilities ? { capabilities: a.capabilities } : {}),
    }),
  }),
  /** The purchase did not happen: the claim is let go. */
  abandonPurchase: move({
    from: ['purchase_pending'],
    to: 'released',
    systemOnly: 'a purchase that did not happen lets its claim go, so the number is free again for anyone at once',
    event: 'phone_number.purchase_abandoned',
    change: released,
  }),
  /** A number that involves no carrier is released at once. */
  release: move({ from: RELEASABLE, to: 'released', event: 'phone_number.released', change: released }),
  /** A bought number waits here while its carrier lets it go. */
  startRelease: move({
    from: RELEASABLE,
    to: 'release_pending',
    event: 'phone_number.release_requested',
    change: ({ from, at }: { from: Status; at: Date }) => ({ release_from: from, release_started_at: at }),
  }),
  /** The carrier let it go (or no longer had it). */
  completeRelease: move({ from: ['release_pending'], to: 'released', event: 'phone_number.released', change: released }),
} as const;

export type MoveName = keyof typeof MOVES;
export type MoveInput<M extends MoveName> = Parameters<(typeof MOVES)[M]['change']>[0];

/**
 * The columns a move writes, given the status the number is in now, and the event it is told
 * by; throws on a move that cannot start there.
 */
export function patchOf<M extends MoveName>(name: M, from: Status, input: MoveInput<M>): { patch: PhoneNumberPatchRow; event: EventType } {
  const spec = MOVES[name] as Move<MoveInput<M>>;
  if (!spec.from.includes(from)) throw new Error(`lifecycle: ${name} cannot start from ${from}`);
  return { patch: { status: spec.to, ...spec.change(input) }, event: spec.event };
}
