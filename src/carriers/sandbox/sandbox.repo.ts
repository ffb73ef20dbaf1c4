import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HELD } from '../../numbers/numbers.repo.js';

/**
 * The sandbox's view of the platform's numbers. Across organizations by design: a number
 * held anywhere on the platform is not for sale, whoever holds it.
 */
export class SandboxRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Of the given numbers, those held now, or bought and released after holdSince. */
  async unavailable(numbers: readonly string[], holdSince: Date): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('phone_numbers')
      .select('number')
      .where('number', 'in', [...numbers])
      .where((eb) =>
        eb.or([
          HELD,
          eb.and([eb('purchased_at', 'is not', null), eb('released_at', '>', holdSince)]),
        ]),
      )
      .execute();
    return new Set(rows.map((row) => row.number));
  }

  /** Of the given numbers, those bought and released after holdSince: still in their hold period. */
  async cooling(numbers: readonly string[], holdSince: Date): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('phone_numbers')
      .select('number')
      .where('number', 'in', [...numbers])
      .where('status', '=', 'released')
      .where('purchased_at', 'is not', null)
      .where('released_at', '>', sql<Date>`${holdSince}`)
      .execute();
    return new Set(rows.map((row) => row.number));
  }
}
