import type { Backlog } from '../jobs/job.js';
import { noOutcomes, type Outcomes } from '../telemetry/outcomes.js';
import { createHash } from 'node:crypto';
import type { CreatedCursor } from '../db/created-order.js';
import type { NumberOrderItemRow, NumberOrderRow } from '../db/schema.js';
import { AppError, errors } from '../errors/catalogue.js';
import { parsePhoneNumber } from '../numbers/e164.js';
import type { CarrierAccountsService, CarrierConnection } from '../carriers/carrier-accounts.service.js';
import type { CarrierName, PurchaseOutcome } from '../carriers/carrier.js';
import { CarrierCallError } from '../carriers/carrier-http.js';
import { addMonths } from '../renewals/billing-period.js';
import type { BillingRepo } from '../billing/billing.repo.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import type { Activation } from '../numbers/lifecycle.js';
import type { NumbersRepo } from '../numbers/numbers.repo.js';
import type { NumberHoldsRepo } from '../reservations/number-holds.repo.js';
import type { NumberChanges, NumbersService } from '../numbers/numbers.service.js';
import type { PhoneNumberRecord } from '../numbers/phone-number.js';
import type { OrderFilters, OrderStatus } from './order.js';
import { orderSettledNote } from './order-events.js';
import type { OrdersPlatformRepo } from './orders.platform.repo.js';
import type { OrderedNumber, OrdersRepo, OrderWithItems } from './orders.repo.js';

/**
 * What a purchase writes together: the number, its order item, its first billed period, the
 * hold it ends.
 */
export interface PurchaseRepos extends JournaledRepos {
  numbers: NumbersRepo;
  orders: OrdersRepo;
  billing: BillingRepo;
  /** Reservations: a number another organization holds is not claimed; one's own hold ends with the purchase. */
  holds: NumberHoldsRepo;
}

export const MAX_NUMBERS_PER_ORDER = 20;

export interface OrderInput {
  numbers: string[];
  carrier_account_id?: string | null;
  customer_reference?: string | null;
}

export interface PlacedOrder {
  order: OrderWithItems;
  /** The order was placed earlier with the same Idempotency-Key; nothing was bought now. */
  replayed: boolean;
}

export interface OrdersOptions {
  clock: () => Date;
  /** Pending orders older than this are taken as interrupted and reconciled. */
  staleAfterMs: number;
  /** Told how each order settled (by the process that settles it). */
  outcomes?: Outcomes;
}

function requestHash(numbers: readonly string[], input: OrderInput): string {
  const canonical = JSON.stringify([numbers, input.carrier_account_id ?? null, input.customer_reference ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

function statusOf(items: readonly NumberOrderItemRow[]): OrderStatus {
  if (items.some((item) => item.status === 'pending' || item.status === 'claimed')) return 'pending';
  const bought = items.filter((item) => item.status === 'purchased').length;
  return bought === items.length ? 'complete' : bought === 0 ? 'failed' : 'partial';
}

function sum(a: string | null, b: string | null): string {
  return ((Number(a ?? 0) * 10_000 + Number(b ?? 0) * 10_000) / 10_000).toFixed(4);
}

/** Settings for a number an order buys, applied once it is bought: fixed, or worked out from the number as bought. */
export type PurchaseSettings = NumberChanges | ((bought: PhoneNumberRecord) => NumberChanges);

/** Why an order item was not bought, as the catalogue error it was recorded from. */
function itemError(item: Pick<NumberOrderItemRow, 'number' | 'error_code' | 'error_detail'>): AppError {
  const detail = item.error_detail ?? `${item.number} could not be bought.`;
  switch (item.error_code) {
    case 'number_unavailable':
      return new AppError('number_unavailable', 'Number unavailable', detail);
    case 'carrier_rejected':
      return new AppError('carrier_rejected', 'Carrier rejected the request', detail);
    case 'invalid_phone_number':
      return errors.invalidPhoneNumber(detail);
    case 'egress_refused':
      return new AppError('egress_refused', 'Destination refused', detail);
    default:
      return new AppError('carrier_unavailable', 'Carrier unavailable', detail);
  }
}

/** The whole-call failure of a carrier, read as one outcome per number. */
function outcomesOfFailure(numbers: readonly string[], error: unknown): PurchaseOutcome[] {
  if (!(error instanceof CarrierCallError)) throw error;
  const status = error.ambiguous ? ('unknown' as const) : ('failed' as const);
  return numbers.map((number) => ({ number, status, error: error.appError }));
}

/**
 * Buying numbers. Each number is first claimed in the database (the unique index on held
 * numbers decides races between organizations), then bought from the carrier outside any
 * transaction, then activated or let go. Nothing is bought twice for one Idempotency-Key.
 */
export class OrdersService {
  constructor(
    private readonly repo: OrdersRepo,
    private readonly platform: OrdersPlatformRepo,
    private readonly transact: Transact<PurchaseRepos>,
    private readonly numbers: NumbersService,
    private readonly accounts: CarrierAccountsService,
    private readonly options: OrdersOptions,
  ) {}

  /**
   * An order, and settings applied to each number it bought (again on a replay: applying the
   * same settings twice changes nothing). A setting refused leaves the number bought.
   */
  async placeWithSettings(organizationId: string, input: OrderInput, settings: PurchaseSettings, idempotencyKey?: string): Promise<PlacedOrder> {
    const placed = await this.place(organizationId, input, idempotencyKey);
    for (const item of placed.order.items.filter((i) => i.status === 'purchased' && i.phone_number_id)) {
      await this.applySettings(organizationId, item.phone_number_id!, settings);
    }
    return placed;
  }

  /**
   * Buys one number, for the surfaces whose clients buy one per call: the number as held now
   * (purchase_pending while the carrier's answer is unknown) with its settings, or the error
   * it was not bought for.
   */
  async buyOne(organizationId: string, number: string, settings: PurchaseSettings = {}): Promise<PhoneNumberRecord> {
    const { order } = await this.place(organizationId, { numbers: [number] });
    const item = order.items[0];
    if (!item?.phone_number_id || item.status === 'failed') throw itemError(item ?? { number, error_code: null, error_detail: null });
    return this.applySettings(organizationId, item.phone_number_id, settings);
  }

  private async applySettings(organizationId: string, id: string, settings: PurchaseSettings): Promise<PhoneNumberRecord> {
    const bought = await this.numbers.getCurrent(organizationId, id);
    const changes = typeof settings === 'function' ? settings(bought) : settings;
    return Object.keys(changes).length ? this.numbers.update(organizationId, id, changes) : bought;
  }

  async place(organizationId: string, input: OrderInput, idempotencyKey?: string): Promise<PlacedOrder> {
    const parsed = this.normalize(input.numbers);
    const numbers = parsed.map((n) => n.number);
    const hash = requestHash(numbers, input);
    if (idempotencyKey) {
      const earlier = await this.replay(organizationId, idempotencyKey, hash);
      if (earlier) return earlier;
    }
    const connection = await this.accounts.connect(organizationId, input.carrier_account_id ?? null);
    const created = await this.repo.create(
      {
        organization_id: organizationId,
        carrier: connection.adapter.name,
        carrier_account_id: connection.access.accountId,
        customer_reference: input.customer_reference ?? null,
        idempotency_key: idempotencyKey ?? null,
        request_hash: hash,
      },
      parsed,
    );
    // Lost a race with a concurrent request carrying the same key: answer with its order.
    if (!created) return (await this.replay(organizationId, idempotencyKey!, hash))!;
    await this.process(created, connection);
    return { order: await this.get(organizationId, created.id), replayed: false };
  }

  async get(organizationId: string, id: string): Promise<OrderWithItems> {
    const order = await this.repo.findById(organizationId, id);
    if (!order) throw errors.notFound('number order', id);
    return order;
  }

  async list(organizationId: string, limit: number, after?: CreatedCursor): Promise<OrderWithItems[]> {
    return this.repo.list(organizationId, limit, { after });
  }

  /** A page of the orders the filters match, newest first, offset orders in, with how many match in all. */
  async page(organizationId: string, filters: OrderFilters, offset: number, limit: number): Promise<{ data: OrderWithItems[]; total: number }> {
    const { rows, total } = await this.repo.page(organizationId, filters, offset, limit);
    return { data: rows, total };
  }

  /**
   * Changes an order's customer reference (its numbers keep theirs), with its audit record in
   * the same transaction. The order as it is now.
   */
  async setCustomerReference(organizationId: string, id: string, reference: string | null): Promise<OrderWithItems> {
    await this.transact(async ({ orders, journal }) => {
      const before = await orders.setCustomerReference(organizationId, id, reference);
      if (!before) throw errors.notFound('number order', id);
      if (before.customer_reference === reference) return;
      journal.audit({
        organizationId,
        action: 'number_order.updated',
        resourceType: 'number_order',
        resourceId: id,
        changes: { customer_reference: { from: before.customer_reference, to: reference } },
      });
    });
    return this.get(organizationId, id);
  }

  /** A page of the organization's ordered numbers, newest order first, with how many there are. */
  async itemPage(organizationId: string, filters: { country?: string }, offset: number, limit: number) {
    const { rows, total } = await this.repo.itemPage(organizationId, filters, offset, limit);
    return { data: rows, total };
  }

  async getItem(organizationId: string, id: string): Promise<NumberOrderItemRow> {
    const item = await this.repo.findItem(organizationId, id);
    if (!item) throw errors.notFound('number order phone number', id);
    return item;
  }

  /**
   * Settles orders a crash left pending: numbers never claimed fail; claimed numbers are
   * looked up at the carrier and activated if it sold them, let go if it did not. An order
   * whose carrier cannot be asked stays pending for the next run. Returns the orders settled.
   */
  /** The orders the reconciler would settle now, and the oldest's creation. */
  backlog(now = this.options.clock()): Promise<Backlog> {
    return this.platform.staleBacklog(new Date(now.getTime() - this.options.staleAfterMs));
  }

  async reconcile(now = this.options.clock()): Promise<number> {
    const stale = await this.platform.stalePending(new Date(now.getTime() - this.options.staleAfterMs), 100);
    let settled = 0;
    for (const row of stale) {
      try {
        if (await this.reconcileOne(row)) settled++;
      } catch {
        // This order's carrier account cannot be used now (e.g. its credentials no longer
        // open): it stays pending, and the next run tries again.
      }
    }
    return settled;
  }

  private async reconcileOne(row: NumberOrderRow): Promise<boolean> {
    const order = await this.get(row.organization_id, row.id);
    const connection = await this.accounts.connect(row.organization_id, row.carrier_account_id);
    for (const item of order.items) {
      if (item.status === 'pending') {
        const error = errors.orderInterrupted(item.number, 'the order was interrupted before the number was claimed');
        await this.fail(row.organization_id, item, error);
      } else if (item.status === 'claimed') {
        await this.settleUnknown(row, item, connection, false);
      }
    }
    return (await this.finish(row)) !== 'pending';
  }

  private normalize(inputs: readonly string[]): OrderedNumber[] {
    if (inputs.length === 0 || inputs.length > MAX_NUMBERS_PER_ORDER) {
      throw errors.validation(`An order has 1 to ${MAX_NUMBERS_PER_ORDER} numbers.`, { pointer: '/phone_numbers' });
    }
    const parsed = inputs.map((input, index) => parsePhoneNumber(input, undefined, { pointer: `/phone_numbers/${index}` }));
    const numbers = parsed.map((p) => p.number);
    const duplicate = numbers.find((number, index) => numbers.indexOf(number) !== index);
    if (duplicate) throw errors.validation(`${duplicate} appears twice in the order.`, { pointer: '/phone_numbers' });
    return parsed.map(({ number, country }) => ({ number, country }));
  }

  private async replay(organizationId: string, key: string, hash: string): Promise<PlacedOrder | undefined> {
    const earlier = await this.repo.findByIdempotencyKey(organizationId, key);
    if (!earlier) return undefined;
    if (earlier.request_hash !== hash) throw errors.idempotencyKeyReused(key);
    return { order: earlier, replayed: true };
  }

  private async process(order: OrderWithItems, connection: CarrierConnection): Promise<void> {
    const claimed: NumberOrderItemRow[] = [];
    for (const item of order.items) {
      const row = await this.claim(order, item, connection.adapter.name);
      if (row) claimed.push(row);
    }
    if (claimed.length) {
      const numbers = claimed.map((item) => item.number);
      const outcomes = await connection.adapter.order(connection.access, numbers).catch((error) => outcomesOfFailure(numbers, error));
      for (const item of claimed) {
        const outcome = outcomes.find((o) => o.number === item.number) ?? {
          number: item.number,
          status: 'unknown' as const,
          error: errors.carrierRejected(connection.adapter.name, `its answer did not mention ${item.number}`),
        };
        await this.settle(order, item, outcome, connection);
      }
    }
    await this.finish(order);
  }

  private async claim(order: NumberOrderRow, item: NumberOrderItemRow, carrier: CarrierName): Promise<NumberOrderItemRow | null> {
    const parsed = parsePhoneNumber(item.number);
    const organizationId = order.organization_id;
    const row = await this.transact(async ({ numbers, orders, holds }) => {
      // Decided under the number's lock, so no reservation takes it between the check and the claim.
      await holds.lock(parsed.number);
      if (await holds.heldByAnother(organizationId, parsed.number)) return 'reserved' as const;
      const claimed = await numbers.claim({
        organization_id: organizationId,
        ...parsed,
        status: 'purchase_pending',
        carrier,
        source: 'purchased',
        is_sandbox: carrier === 'sandbox',
        capabilities: ['voice'],
        customer_reference: order.customer_reference,
      });
      if (claimed) await orders.markClaimed(organizationId, item.id, claimed.id);
      return claimed;
    });
    if (row === 'reserved') {
      await this.fail(organizationId, item, errors.numberUnavailable(item.number, 'another organization has reserved it'));
      return null;
    }
    if (row) return { ...item, status: 'claimed', phone_number_id: row.id };
    await this.fail(organizationId, item, errors.numberUnavailable(item.number, 'it is no longer available (another order holds it)'));
    return null;
  }

  private async settle(order: NumberOrderRow, item: NumberOrderItemRow, outcome: PurchaseOutcome, connection: CarrierConnection) {
    if (outcome.status === 'purchased') {
      const purchasedAt = this.options.clock();
      const price = outcome.price;
      const activation: Activation = {
        purchasedAt,
        nextBillingDate: addMonths(purchasedAt, 1),
        monthlyCost: price?.monthly_cost ?? null,
        upfrontCost: price?.upfront_cost ?? null,
        currency: price?.currency ?? 'USD',
        capabilities: outcome.capabilities,
      };
      await this.activate(order.organization_id, item, activation, outcome.carrierNumberId, sum(activation.monthlyCost, activation.upfrontCost));
    } else if (outcome.status === 'failed') {
      await this.fail(order.organization_id, item, outcome.error);
    } else {
      await this.settleUnknown(order, item, connection, true);
    }
  }

  /**
   * The carrier may have sold the number: ask it. Sold: activate. Not sold: order it once
   * more when allowed (a plain retry cannot buy twice now that we know it was not bought),
   * else let it go. No answer: leave it claimed for the reconciler.
   */
  private async settleUnknown(order: NumberOrderRow, item: NumberOrderItemRow, connection: CarrierConnection, retry: boolean) {
    let owned;
    try {
      owned = await connection.adapter.findOwned(connection.access, item.number);
    } catch (error) {
      if (error instanceof CarrierCallError || error instanceof AppError) return;
      throw error;
    }
    if (owned) {
      const outcome: PurchaseOutcome = { number: item.number, status: 'purchased', carrierNumberId: owned.carrierNumberId, price: null, capabilities: null };
      return this.settle(order, item, outcome, connection);
    }
    if (retry) {
      const [again] = await connection.adapter.order(connection.access, [item.number]).catch((error) => outcomesOfFailure([item.number], error));
      if (again && again.status !== 'unknown') return this.settle(order, item, again, connection);
      return;
    }
    await this.fail(order.organization_id, item, errors.orderInterrupted(item.number, `the order was interrupted and ${connection.adapter.name} did not sell it`));
  }

  /** The carrier sold it, in one unit of work: the number goes active, the item purchased, the first period billed. */
  private async activate(organizationId: string, item: NumberOrderItemRow, activation: Activation, carrierNumberId: string | null, firstCharge: string) {
    await this.transact(async ({ numbers, orders, billing, holds }) => {
      const activated = await numbers.move(organizationId, item.phone_number_id!, 'purchase_pending', 'activatePurchase', activation);
      if (activated) {
        // Bought: a reservation of the number by this organization has served its purpose.
        await holds.consume(organizationId, activated.number);
        await billing.recordPeriod({
          organizationId,
          phoneNumberId: activated.id,
          kind: 'purchase',
          periodStart: activation.purchasedAt,
          periodEnd: activation.nextBillingDate,
          amount: firstCharge,
          currency: activation.currency,
        });
      }
      await orders.markPurchased(organizationId, item.id, carrierNumberId);
    });
  }

  /** The purchase did not happen, in one unit of work: the claim is let go and the item records why. */
  private async fail(organizationId: string, item: NumberOrderItemRow, error: AppError) {
    await this.transact(async (repos) => {
      if (item.phone_number_id) {
        await repos.numbers.move(organizationId, item.phone_number_id, 'purchase_pending', 'abandonPurchase', this.options.clock());
      }
      await repos.orders.markFailed(organizationId, item.id, error.code, error.detail);
    });
  }

  /**
   * Settles the order once no item is pending, in one unit of work with its event (only the
   * process that moves it out of pending writes one). Returns the status its items make.
   */
  private async finish(order: NumberOrderRow): Promise<OrderStatus> {
    const { organization_id: organizationId, id } = order;
    const status = statusOf((await this.get(organizationId, id)).items);
    if (status === 'pending') return status;
    const settled = await this.transact(async ({ orders, journal }) => {
      if (!(await orders.finish(organizationId, id, status, this.options.clock()))) return false;
      journal.note(orderSettledNote((await orders.findById(organizationId, id))!));
      return true;
    });
    if (settled) (this.options.outcomes ?? noOutcomes).count('order', status);
    return status;
  }
}
