import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The first key of the advisory lock that decides who may have a number: 0x6e68, 'nh'. */
const NUMBER_LOCK_SPACE = 28264;

/**
 * Holds on numbers, across organizations: which organization, if any, may order a number now.
 * Used inside units of work only: a reservation taking its holds, an order claiming a number.
 * Each decision about a number first takes its advisory lock (held to the commit), so a
 * reservation and an order of one number are decided one after the other.
 */
export class NumberHoldsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Waits for whatever transaction is deciding about this number, and keeps others waiting till the commit. */
  async lock(number: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${NUMBER_LOCK_SPACE}, hashtext(${number}))`.execute(this.db);
  }

  /**
   * Takes the hold on the number for a reserved number of the organization, or renews the
   * organization's own, for `minutes` from now (the database's clock, which judges lapses too):
   * when it ends, or undefined when another organization holds it and its hold has not lapsed.
   */
  async take(organizationId: string, number: string, reservedNumberId: string, minutes: number): Promise<Date | undefined> {
    const { rows } = await sql<{ expires_at: Date }>`
      INSERT INTO number_holds AS h (number, organization_id, reserved_number_id, expires_at)
      VALUES (${number}, ${organizationId}, ${reservedNumberId}, date_trunc('milliseconds', now() + make_interval(mins => ${minutes})))
      ON CONFLICT (number) DO UPDATE
        SET organization_id = excluded.organization_id, reserved_number_id = excluded.reserved_number_id, expires_at = excluded.expires_at
        WHERE h.expires_at <= now() OR h.organization_id = excluded.organization_id
      RETURNING h.expires_at`.execute(this.db);
    return rows[0]?.expires_at;
  }

  /** Whether an organization other than this one holds the number, its hold not lapsed. */
  async heldByAnother(organizationId: string, number: string): Promise<boolean> {
    return (await this.heldByOthers(organizationId, [number])).size > 0;
  }

  /** Which of the numbers another organization holds by a reservation that has not lapsed. */
  async heldByOthers(organizationId: string, numbers: readonly string[]): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('number_holds')
      .select('number')
      .where('number', 'in', numbers)
      .where('organization_id', '<>', organizationId)
      .where('expires_at', '>', sql<Date>`now()`)
      .execute();
    return new Set(rows.map((row) => row.number));
  }

  /** The organization ordered a number it held: the hold is let go and its reserved number is ordered. */
  async consume(organizationId: string, number: string): Promise<void> {
    const released = await this.db
      .deleteFrom('number_holds')
      .where('number', '=', number)
      .where('organization_id', '=', organizationId)
      .returning('reserved_number_id')
      .executeTakeFirst();
    if (!released) return;
    await this.db
      .updateTable('reserved_numbers')
      .set({ status: 'ordered', updated_at: sql<Date>`now()` })
      .where('organization_id', '=', organizationId)
      .where('id', '=', released.reserved_number_id)
      .execute();
  }
}
