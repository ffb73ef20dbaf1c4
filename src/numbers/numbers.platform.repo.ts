import { sql, type Kysely } from 'kysely';
import type { ReadFrom } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Backlog } from '../jobs/job.js';
import { HELD, RECORD_COLUMNS } from './numbers.repo.js';
import type { PhoneNumberRecord } from './phone-number.js';

/**
 * SQL about phone numbers across organizations, for the platform's own work: the inbound
 * routing lookup, whether a number is someone's (before it is reserved; an import's dry run),
 * the sealing of PINs at start, the release reconciler's claims. No tenant sees another's rows
 * through these; every tenant query is in NumbersRepo and takes the organization first.
 */
export class NumbersPlatformRepo {
  constructor(
    private readonly db: Kysely<Database>,
    /** The read replicas' handle, for the inbound-routing lookup. */
    private readonly reader: Kysely<Database> = db,
  ) {}

  /** Across organizations: who holds this number now. The inbound-routing lookup, a read-only hot path. */
  async findHolder(number: string, from: ReadFrom = 'primary'): Promise<PhoneNumberRecord | undefined> {
    return (from === 'replica' ? this.reader : this.db)
      .selectFrom('phone_numbers')
      .select(RECORD_COLUMNS)
      .where('number', '=', number)
      .where(HELD)
      .executeTakeFirst();
  }

  /**
   * Across organizations: which of these numbers someone holds now. An import's dry run, which
   * learns no more than the import itself would (a held number is refused, whoever holds it).
   */
  async heldAmong(numbers: readonly string[]): Promise<string[]> {
    if (!numbers.length) return [];
    const rows = await this.db.selectFrom('phone_numbers').select('number').where('number', 'in', numbers).where(HELD).execute();
    return rows.map((row) => row.number);
  }

  /**
   * Across organizations, for the sealing step at start: numbers still holding a port-out PIN
   * in plain text from before PINs were sealed. The one reader of the plain column.
   */
  async unsealedPins(limit: number): Promise<Array<{ id: string; organization_id: string; pin: string }>> {
    const { rows } = await sql<{ id: string; organization_id: string; pin: string }>`
      SELECT id, organization_id, external_pin AS pin FROM phone_numbers
      WHERE external_pin IS NOT NULL ORDER BY id LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  async countUnsealedPins(): Promise<number> {
    const { rows } = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM phone_numbers WHERE external_pin IS NOT NULL`.execute(this.db);
    return rows[0]?.count ?? 0;
  }

  /**
   * Stores a plain PIN sealed in its place, unless the PIN was changed since it was read (any
   * change clears the plain column): the newer PIN stands.
   */
  async replaceUnsealedPin(id: string, sealed: string): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`
      UPDATE phone_numbers SET external_pin_sealed = ${sealed}, external_pin = NULL
      WHERE id = ${id} AND external_pin IS NOT NULL RETURNING id`.execute(this.db);
    return rows.length > 0;
  }

  /**
   * Across organizations, for the release reconciler: claims pending releases whose carrier
   * call began before a moment, by moving that moment to claimedAt in one conditional write.
   * Rows another process is claiming are skipped, so each release is claimed by one process.
   */
  /** How many releases are pending since before a moment, and the oldest's start: for the metrics. */
  async staleReleaseBacklog(startedBefore: Date): Promise<Backlog> {
    const row = await this.db
      .selectFrom('phone_numbers')
      .select([sql<number>`count(*)::int`.as('items'), sql<Date | null>`min(release_started_at)`.as('oldest')])
      .where('status', '=', 'release_pending')
      .where('release_started_at', '<', startedBefore)
      .executeTakeFirstOrThrow();
    return { items: row.items, oldest: row.oldest };
  }

  async claimStaleReleases(startedBefore: Date, claimedAt: Date, limit: number): Promise<PhoneNumberRecord[]> {
    return this.db
      .updateTable('phone_numbers')
      .set({ release_started_at: claimedAt, updated_at: sql<Date>`now()` as unknown as Date })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('phone_numbers')
          .select('id')
          .where('status', '=', 'release_pending')
          .where('release_started_at', '<', startedBefore)
          .orderBy('release_started_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .where('status', '=', 'release_pending')
      .where('release_started_at', '<', startedBefore)
      .returning(RECORD_COLUMNS)
      .execute();
  }
}
