import { sql, type Expression, type Selectable, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { ReadFrom } from '../db/database.js';
import { likeEscape } from '../db/like.js';
import type { Database, NewPhoneNumberRow, PhoneNumberPatchRow, PhoneNumbersTable } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';
import type { Keyset, ListRequest, NumberFilters, SortKey } from './list-query.js';
import type { NumberSearch } from './number-search.js';
import { refusedByCompanion, violatesForeignKey, violatesUnique } from '../db/db-errors.js';
import { CompanionRefused, type StatementCompanion } from '../db/unit-of-work.js';
import type { Cause } from '../changes/cause.js';
import { journalEntry, type Journal } from '../changes/journal.js';
import { JournalRepo } from '../changes/journal.repo.js';
import type { EventType } from '../events/event-types.js';
import { patchOf, type MoveInput, type MoveName } from './lifecycle.js';
import { numberChangeNote } from './number-events.js';
import type { PhoneNumberRecord, Status } from './phone-number.js';

type Eb = ExpressionBuilder<Database, 'phone_numbers'>;

/** The SQL expression each sort key orders by; each matches an index in 0001_core.sql. */
const SORT_EXPRESSIONS: Record<SortKey, RawBuilder<unknown>> = {
  created_at: sql`created_at`,
  number: sql`number`,
  purchased_at: sql`COALESCE(purchased_at, 'infinity'::timestamptz)`,
  acquired_at: sql`COALESCE(purchased_at, created_at)`,
  next_billing_date: sql`COALESCE(next_billing_date, 'infinity'::timestamptz)`,
  friendly_name: sql`lower(COALESCE(friendly_name, ''))`,
};

/** How a sort value given back in a cursor is read as the sort expression's type. */
const SORT_CASTS: Record<SortKey, string> = {
  created_at: 'timestamptz',
  number: 'text',
  purchased_at: 'timestamptz',
  acquired_at: 'timestamptz',
  next_billing_date: 'timestamptz',
  friendly_name: 'text',
};

/**
 * Every column of a number's record, by name: all but the PIN's columns (plain or sealed), so
 * no record carries a PIN in any form wherever it travels, a log line included. Listed as an
 * object so a column added to the table and not here (or removed) fails to compile.
 */
const RECORD_COLUMN_SET: Record<keyof PhoneNumberRecord, true> = {
  id: true, seq: true, organization_id: true, number: true, country: true, number_type: true,
  national_format: true, international_format: true, friendly_name: true, capabilities: true,
  supports_inbound: true, supports_outbound: true, status: true, carrier: true, source: true,
  is_sandbox: true, tags: true, customer_reference: true, connection_id: true, connection_name: true,
  billing_group_id: true, messaging_profile_id: true, messaging_profile_name: true, emergency_enabled: true,
  emergency_address_id: true, emergency_status: true, address_id: true, identity_sid: true, bundle_sid: true,
  call_forwarding_enabled: true, call_forwarding_to: true,
  call_forwarding_type: true, cnam_listing_enabled: true, cnam_listing_details: true, caller_id_name_enabled: true,
  call_recording_enabled: true, call_recording_format: true, call_recording_channels: true,
  usage_payment_method: true, provider_settings: true,
  t38_fax_gateway_enabled: true, hd_voice_enabled: true, inbound_call_screening: true,
  deletion_lock_enabled: true, external_pin_set: true, voice_routing: true, messaging_routing: true,
  assigned_agent_id: true, assigned_at: true, monthly_cost: true, upfront_cost: true, currency: true,
  auto_renew: true, next_billing_date: true, created_at: true, updated_at: true, purchased_at: true,
  released_at: true, release_from: true, release_started_at: true, version: true,
};
/** Selected and returned in place of *: a number as the services see it. */
export const RECORD_COLUMNS = Object.keys(RECORD_COLUMN_SET) as (keyof PhoneNumberRecord)[];

/** The table's columns read as a record are exactly the domain's record (phone-number.ts): both ways. */
type StoredRecord = Pick<Selectable<PhoneNumbersTable>, keyof PhoneNumberRecord>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const RECORD_MATCHES_TABLE: Same<StoredRecord, PhoneNumberRecord> = true;
void RECORD_MATCHES_TABLE;

/**
 * "The number is held", written as a literal: it is the predicate of the partial unique index
 * on held numbers, and a prepared statement's generic plan can only match that index (for
 * ON CONFLICT, or to find a holder) when the predicate is the same constant, not a parameter.
 */
export const HELD = sql<SqlBool>`status <> 'released'`;

/** A digit pattern for LIKE: its `_` stays the any-one-digit wildcard; nothing else can match more. */
function digitsLike(pattern: string): string {
  return pattern.replace(/[\\%]/g, (c) => `\\${c}`);
}

/** Columns a row object carries as JSON text, which a JSON document must carry as JSON. */
const JSON_COLUMNS = ['voice_routing', 'messaging_routing', 'provider_settings'] as const;

function jsonDocument(rows: NewPhoneNumberRow[]): string {
  const hasJsonText = (row: NewPhoneNumberRow) => JSON_COLUMNS.some((column) => typeof row[column] === 'string');
  const values = rows.map((row) => {
    if (!hasJsonText(row)) return row;
    const copy: Record<string, unknown> = { ...row };
    for (const column of JSON_COLUMNS) if (typeof row[column] === 'string') copy[column] = JSON.parse(row[column]);
    return copy;
  });
  return JSON.stringify(values);
}

function textArray(values: readonly string[]): RawBuilder<string[]> {
  return sql`${sql.val(values)}::text[]`;
}

/** A name containing the text, a number containing its digits (or those after a trunk 0) or being the number it is, or the id it is. */
function searchCondition(eb: Eb, search: NumberSearch): Expression<SqlBool> {
  const options: Expression<SqlBool>[] = [eb('friendly_name', 'ilike', `%${likeEscape(search.text)}%`)];
  if (search.digits) options.push(eb('number', 'like', `%${search.digits}%`));
  if (search.significant) options.push(eb('number', 'like', `%${search.significant}%`));
  if (search.numbers?.length) options.push(eb('number', 'in', search.numbers));
  if (isUuid(search.text)) options.push(eb('id', '=', search.text.toLowerCase()));
  return eb.or(options);
}

/** Every filter as one WHERE condition, always inside one organization. */
function filterConditions(eb: Eb, organizationId: string, f: NumberFilters): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [eb('organization_id', '=', organizationId)];
  // Released numbers are history: they are listed only when asked for by status.
  c.push(f.status?.length ? eb('status', 'in', f.status) : HELD);
  if (f.numberType?.length) c.push(eb('number_type', 'in', f.numberType));
  if (f.country?.length) c.push(eb('country', 'in', f.country));
  if (f.carrier?.length) c.push(eb('carrier', 'in', f.carrier));
  if (f.source?.length) c.push(eb('source', 'in', f.source));
  if (f.capability?.length) c.push(sql<SqlBool>`capabilities @> ${textArray(f.capability)}`);
  if (f.withoutCapability?.length) c.push(sql<SqlBool>`NOT (capabilities && ${textArray(f.withoutCapability)})`);
  if (f.firstCapability !== undefined) c.push(sql<SqlBool>`capabilities[1] = ${f.firstCapability}`);
  if (f.tag?.length) c.push(sql<SqlBool>`tags @> ${textArray(f.tag)}`);
  if (f.withoutTags !== undefined) c.push(sql<SqlBool>`(tags = '{}') = ${f.withoutTags}`);
  if (f.hasBundle !== undefined) c.push(eb('bundle_sid', f.hasBundle ? 'is not' : 'is', null));
  if (f.assigned !== undefined) c.push(eb('assigned_agent_id', f.assigned ? 'is not' : 'is', null));
  if (f.assignedAgentId !== undefined) c.push(eb('assigned_agent_id', '=', f.assignedAgentId));
  if (f.connectionId !== undefined) c.push(eb('connection_id', '=', f.connectionId));
  if (f.connectionName !== undefined) c.push(eb('connection_name', '=', f.connectionName));
  if (f.connectionNameContains) c.push(eb('connection_name', 'ilike', `%${likeEscape(f.connectionNameContains)}%`));
  if (f.connectionNameStartsWith) c.push(eb('connection_name', 'ilike', `${likeEscape(f.connectionNameStartsWith)}%`));
  if (f.connectionNameEndsWith) c.push(eb('connection_name', 'ilike', `%${likeEscape(f.connectionNameEndsWith)}`));
  if (f.emergencyAddressId !== undefined) {
    c.push(f.emergencyAddressId === null ? eb('emergency_address_id', 'is', null) : eb('emergency_address_id', '=', f.emergencyAddressId));
  }
  if (f.addressId !== undefined) c.push(eb('address_id', '=', f.addressId));
  if (f.messagingProfileId !== undefined) c.push(eb('messaging_profile_id', '=', f.messagingProfileId));
  if (f.number) c.push(f.number.length ? eb('number', 'in', f.number) : sql<SqlBool>`false`);
  if (f.billingGroupId !== undefined) {
    c.push(f.billingGroupId === null ? eb('billing_group_id', 'is', null) : eb('billing_group_id', '=', f.billingGroupId));
  }
  if (f.customerReference !== undefined) c.push(eb('customer_reference', '=', f.customerReference));
  if (f.usagePaymentMethod !== undefined) c.push(eb('usage_payment_method', '=', f.usagePaymentMethod));
  if (f.numberContains) c.push(eb('number', 'like', `%${digitsLike(f.numberContains)}%`));
  if (f.numberStartsWith) c.push(eb('number', 'like', `+${digitsLike(f.numberStartsWith)}%`));
  if (f.numberEndsWith) c.push(eb('number', 'like', `%${digitsLike(f.numberEndsWith)}`));
  if (f.nameContains) c.push(eb('friendly_name', 'ilike', `%${likeEscape(f.nameContains)}%`));
  if (f.search) c.push(searchCondition(eb, f.search));
  if (f.createdAfter) c.push(eb('created_at', '>=', f.createdAfter));
  if (f.createdBefore) c.push(eb('created_at', '<', f.createdBefore));
  if (f.renewalAfter) c.push(eb('next_billing_date', '>=', f.renewalAfter));
  if (f.renewalBefore) c.push(eb('next_billing_date', '<', f.renewalBefore));
  return eb.and(c);
}

function afterKeyset(key: SortKey, descending: boolean, keyset: Keyset): RawBuilder<SqlBool> {
  const value = sql`${keyset.value}::${sql.raw(SORT_CASTS[key])}`;
  const compare = sql.raw(descending ? '<' : '>');
  return sql<SqlBool>`(${SORT_EXPRESSIONS[key]}, id) ${compare} (${value}, ${keyset.id}::uuid)`;
}

export type ListedNumber = PhoneNumberRecord & { sort_value: string };

/** Some columns of a number, with where it stands in a list (its id and sort value). */
type Positioned<C extends keyof PhoneNumberRecord> = Pick<PhoneNumberRecord, C | 'id'> & { sort_value: string };

/** A number a bulk job targets: its id and its number. */
export interface NumberTarget {
  id: string;
  number: string;
}

function translateWriteError(error: unknown, number: string | undefined): never {
  if (violatesUnique(error, 'phone_numbers_held_number_key')) throw errors.numberAlreadyHeld(number ?? 'The number');
  if (violatesForeignKey(error, 'phone_numbers_address_fkey')) {
    throw errors.validation("The address is not one of the organization's addresses.", { pointer: '/regulatory/address_id' });
  }
  // Raised by the emergency address's guard (migration 0020): the address was deleted meanwhile.
  if (violatesForeignKey(error, 'phone_numbers_emergency_address_fkey')) {
    throw errors.validation("The emergency address is not one of the organization's addresses.", { pointer: '/emergency/address_id' });
  }
  throw error;
}

/**
 * The number as a patch makes it: what the row will read once written at `at`. The event of a
 * change written in one statement tells this (NumbersRepo.changeAtVersion), so it follows the
 * columns' stored forms: routing travels as JSON text, a PIN only shows as external_pin_set.
 */
export function afterPatch(before: PhoneNumberRecord, patch: PhoneNumberPatchRow, at: Date): PhoneNumberRecord {
  const after: Record<string, unknown> = { ...before, updated_at: at, version: before.version + 1 };
  for (const [column, value] of Object.entries(patch)) {
    if (value === undefined || column === 'external_pin') continue;
    if (column === 'external_pin_sealed') after.external_pin_set = value !== null;
    else after[column] = (JSON_COLUMNS as readonly string[]).includes(column) && typeof value === 'string' ? JSON.parse(value) : value;
  }
  return after as unknown as PhoneNumberRecord;
}

/** Notes a written change in the journal, unless nothing a client can see changed. */
function noteChange(journal: Journal, type: EventType | null, before: PhoneNumberRecord | null, after: PhoneNumberRecord, pinWritten = false): void {
  const note = numberChangeNote(type, before, after, pinWritten);
  if (note) journal.note(note);
}

/**
 * SQL for phone numbers, and the one writer of them. Every read and write is scoped to one
 * organization but the platform's queries marked "across organizations". A write is made only
 * in a unit of work (src/db/unit-of-work.ts), whose journal this notes every change in: one
 * event and one audit record, written in the same transaction.
 */
export class NumbersRepo {
  constructor(
    private readonly db: Kysely<Database>,
    /** The unit of work's journal; without one (outside units of work) the repository only reads. */
    private readonly journal?: Journal,
    /** The read replicas' handle, for the reads asked of them; in a unit of work, its transaction. */
    private readonly reader: Kysely<Database> = db,
  ) {}

  private source(from: ReadFrom): Kysely<Database> {
    return from === 'replica' ? this.reader : this.db;
  }

  private journalOrThrow(): Journal {
    if (!this.journal) throw new Error('phone numbers are written only in a unit of work, which journals each change');
    return this.journal;
  }

  async list(organizationId: string, request: ListRequest, from: ReadFrom = 'primary'): Promise<{ rows: ListedNumber[]; total?: number }> {
    const db = this.source(from);
    const rows = await this.page(db, organizationId, request).select(RECORD_COLUMNS).execute();
    if (!request.includeTotal) return { rows };
    const counted = await db
      .selectFrom('phone_numbers')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where((eb) => filterConditions(eb, organizationId, request.filters))
      .executeTakeFirstOrThrow();
    return { rows, total: Number(counted.total) };
  }

  /** A page of the list in the sort's order, with each row's sort value as text (a keyset's value); the caller selects the columns. */
  private page(db: Kysely<Database>, organizationId: string, request: ListRequest) {
    const { key, order } = request.sort;
    const descending = order === 'desc';
    const direction = sql.raw(descending ? 'desc' : 'asc');
    let query = db
      .selectFrom('phone_numbers')
      .select(sql<string>`(${SORT_EXPRESSIONS[key]})::text`.as('sort_value'))
      .where((eb) => filterConditions(eb, organizationId, request.filters))
      .orderBy(sql`${SORT_EXPRESSIONS[key]} ${direction}`)
      .orderBy(sql`id ${direction}`)
      .limit(request.limit);
    if (request.after) query = query.where(afterKeyset(key, descending, request.after));
    if (request.offset) query = query.offset(request.offset);
    return query;
  }

  /**
   * Every number matching the filters, in the sort's order, a batch at a time as the consumer
   * asks: each batch one keyset query (the sort's index, from where the last batch ended), with
   * no transaction or cursor held between batches, so a slow reader holds no connection (the
   * embedded database has one) and it keeps no batch after yielding it. A number is read at
   * most once unless a change moves its sort value past the keyset meanwhile. Only `columns`
   * are read of each number (and its keyset): an export reads the columns it writes, and a
   * timestamp or JSON column it does not write costs the database and the server the most.
   */
  async *listInBatches<C extends keyof PhoneNumberRecord>(
    organizationId: string,
    request: Pick<ListRequest, 'filters' | 'sort'>,
    batchSize: number,
    columns: readonly C[],
  ): AsyncIterable<Pick<PhoneNumberRecord, C>[]> {
    const selected: readonly (keyof PhoneNumberRecord)[] = columns.includes('id' as C) ? columns : [...columns, 'id'];
    let after: Keyset | undefined;
    for (;;) {
      const rows: Positioned<C>[] = await this.page(this.reader, organizationId, { ...request, limit: batchSize, after })
        .select(selected)
        .execute();
      if (rows.length) yield rows;
      const last = rows.at(-1);
      if (rows.length < batchSize || !last) return;
      after = { value: last.sort_value, id: last.id };
    }
  }

  async findById(organizationId: string, id: string, from: ReadFrom = 'primary'): Promise<PhoneNumberRecord | undefined> {
    if (!isUuid(id)) return undefined;
    return this.source(from)
      .selectFrom('phone_numbers')
      .select(RECORD_COLUMNS)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findBySeq(organizationId: string, seq: number, from: ReadFrom = 'primary'): Promise<PhoneNumberRecord | undefined> {
    return this.source(from)
      .selectFrom('phone_numbers')
      .select(RECORD_COLUMNS)
      .where('organization_id', '=', organizationId)
      .where('seq', '=', seq)
      .executeTakeFirst();
  }

  /** Which of these values are ids of the organization's addresses (a number names its addresses by id; anything else names none). */
  async addressesOf(organizationId: string, ids: readonly string[]): Promise<Set<string>> {
    const uuids = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (uuids.length === 0) return new Set();
    const rows = await this.db.selectFrom('addresses').select('id').where('organization_id', '=', organizationId).where('id', 'in', uuids).execute();
    return new Set(rows.map((row) => row.id));
  }

  /** The organization's numbers with these ids: id and number (a bulk job's targets). */
  async targetsByIds(organizationId: string, ids: readonly string[]): Promise<NumberTarget[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return this.db
      .selectFrom('phone_numbers')
      .select(['id', 'number'])
      .where('organization_id', '=', organizationId)
      .where('id', 'in', valid)
      .execute();
  }

  /** The organization's held numbers among these E.164 numbers: id and number. */
  async targetsByNumbers(organizationId: string, numbers: readonly string[]): Promise<NumberTarget[]> {
    if (!numbers.length) return [];
    return this.db
      .selectFrom('phone_numbers')
      .select(['id', 'number'])
      .where('organization_id', '=', organizationId)
      .where('number', 'in', [...numbers])
      .where(HELD)
      .execute();
  }

  /** The organization's held numbers among these E.164 numbers, with their numeric id (as text) and status. */
  async heldByNumbers(organizationId: string, numbers: readonly string[]): Promise<Array<NumberTarget & { seq: string; status: Status }>> {
    if (!numbers.length) return [];
    return this.db
      .selectFrom('phone_numbers')
      .select(['id', 'number', sql<string>`seq::text`.as('seq'), 'status'])
      .where('organization_id', '=', organizationId)
      .where('number', 'in', [...numbers])
      .where(HELD)
      .execute();
  }

  /** The organization's held numbers with these numeric ids: id, number and the numeric id as text. */
  async targetsBySeqs(organizationId: string, seqs: readonly number[]): Promise<Array<NumberTarget & { seq: string }>> {
    if (!seqs.length) return [];
    return this.db
      .selectFrom('phone_numbers')
      .select(['id', 'number', sql<string>`seq::text`.as('seq')])
      .where('organization_id', '=', organizationId)
      .where('seq', 'in', [...seqs])
      .where(HELD)
      .execute();
  }

  /** Every number the list's filters match, id and number, in id order: a bulk job's snapshot of its targets. */
  async targetsMatching(organizationId: string, filters: NumberFilters): Promise<NumberTarget[]> {
    return this.db
      .selectFrom('phone_numbers')
      .select(['id', 'number'])
      .where((eb) => filterConditions(eb, organizationId, filters))
      .orderBy('id')
      .execute();
  }

  /** The organization's numbers with these ids, in no particular order. */
  async findManyByIds(organizationId: string, ids: readonly string[]): Promise<PhoneNumberRecord[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return this.db
      .selectFrom('phone_numbers')
      .select(RECORD_COLUMNS)
      .where('organization_id', '=', organizationId)
      .where('id', 'in', valid)
      .execute();
  }

  /** The organization's held record of a number. */
  async findHeldByNumber(organizationId: string, number: string, from: ReadFrom = 'primary'): Promise<PhoneNumberRecord | undefined> {
    return this.source(from)
      .selectFrom('phone_numbers')
      .select(RECORD_COLUMNS)
      .where('organization_id', '=', organizationId)
      .where('number', '=', number)
      .where(HELD)
      .executeTakeFirst();
  }

  async insert(row: NewPhoneNumberRow): Promise<PhoneNumberRecord> {
    const journal = this.journalOrThrow();
    try {
      const inserted = await this.db.insertInto('phone_numbers').values(row).returning(RECORD_COLUMNS).executeTakeFirstOrThrow();
      noteChange(journal, 'phone_number.imported', null, inserted);
      return inserted;
    } catch (error) {
      return translateWriteError(error, row.number);
    }
  }

  /**
   * Inserts a batch. Numbers already held (by anyone, or twice in the batch) are skipped; the
   * numbers inserted are returned. Run in a unit of work, so the batch is all or nothing.
   *
   * The rows travel as one JSON document read by json_populate_recordset, which types each
   * field by the table's own column: one parameter however large the batch, where a VALUES
   * list would bind (and the query builder compile) a parameter per field. Rows are grouped
   * by the columns they set, so a column a row leaves out still takes its default.
   */
  async insertMany(rows: NewPhoneNumberRow[]): Promise<string[]> {
    const journal = this.journalOrThrow();
    const groups = new Map<string, { columns: string[]; rows: NewPhoneNumberRow[] }>();
    for (const row of rows) {
      const columns = Object.keys(row).filter((column) => row[column as keyof NewPhoneNumberRow] !== undefined);
      const shape = columns.join();
      const group = groups.get(shape);
      if (group) group.rows.push(row);
      else groups.set(shape, { columns, rows: [row] });
    }
    const inserted: string[] = [];
    for (const group of groups.values()) {
      const columns = sql.join(group.columns.map((column) => sql.ref(column)));
      const result = await sql<PhoneNumberRecord>`
        INSERT INTO phone_numbers (${columns})
        SELECT ${columns} FROM json_populate_recordset(NULL::phone_numbers, ${jsonDocument(group.rows)}::json)
        ON CONFLICT (number) WHERE ${HELD} DO NOTHING
        RETURNING ${sql.join(RECORD_COLUMNS.map((column) => sql.ref(column)))}`
        .execute(this.db)
        .catch((error: unknown) => translateWriteError(error, undefined));
      for (const record of result.rows) {
        inserted.push(record.number);
        noteChange(journal, 'phone_number.imported', null, record);
      }
    }
    return inserted;
  }

  /**
   * The numbers, locked until the unit of work ends, in id order (so two units of work
   * locking the same numbers queue rather than deadlock).
   */
  private async lock(organizationId: string, ids: readonly string[]): Promise<PhoneNumberRecord[]> {
    this.journalOrThrow(); // the numbers are locked to be written
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return this.db
      .selectFrom('phone_numbers')
      .select(RECORD_COLUMNS)
      .where('organization_id', '=', organizationId)
      .where('id', 'in', valid)
      .orderBy('id')
      .forUpdate()
      .execute();
  }

  /**
   * Writes a change of a locked number and notes it in the journal: under the event type
   * given, or, for a client's change, the one its fields make (number-events.ts).
   */
  private async write(before: PhoneNumberRecord, patch: PhoneNumberPatchRow, type: EventType | null): Promise<PhoneNumberRecord> {
    const journal = this.journalOrThrow();
    const columns = Object.keys(patch) as (keyof PhoneNumberPatchRow)[];
    const after = await this.db
      .updateTable('phone_numbers')
      .set({ ...patch, updated_at: sql<Date>`now()` as unknown as Date, version: sql<number>`version + 1` })
      .where('organization_id', '=', before.organization_id)
      .where('id', '=', before.id)
      // A patch that sets every column to what it holds is no change: not written, not journaled.
      .where(sql<SqlBool>`(${sql.join(columns.map((column) => sql.ref(column)))}) IS DISTINCT FROM (${sql.join(columns.map((column) => patch[column]))})`)
      .returning(RECORD_COLUMNS)
      .executeTakeFirst()
      .catch((error: unknown) => translateWriteError(error, before.number));
    if (!after) return before;
    noteChange(journal, type, before, after, 'external_pin_sealed' in patch);
    return after;
  }

  /**
   * A move of the lifecycle (MOVES in lifecycle.ts), made only if the number is still in the
   * status the caller decided on (so two concurrent moves cannot both apply) and, with
   * unlocked, only while its deletion lock is off. Undefined when the number, its status or
   * its lock moved on.
   */
  async move<M extends MoveName>(
    organizationId: string,
    id: string,
    from: Status,
    name: M,
    input: MoveInput<M>,
    condition: { unlocked?: boolean } = {},
  ): Promise<PhoneNumberRecord | undefined> {
    const [current] = await this.lock(organizationId, [id]);
    if (!current || current.status !== from || (condition.unlocked && current.deletion_lock_enabled)) return undefined;
    const { patch, event } = patchOf(name, from, input);
    return this.write(current, patch, event);
  }

  /**
   * Holds a number for a purchase: a purchase_pending row, unless anyone on the platform holds
   * the number (the unique index on held numbers arbitrates); undefined then.
   */
  async claim(row: NewPhoneNumberRow): Promise<PhoneNumberRecord | undefined> {
    const journal = this.journalOrThrow();
    const claimed = await this.db
      .insertInto('phone_numbers')
      .values({ ...row, status: 'purchase_pending' })
      .onConflict((oc) => oc.column('number').where(HELD).doNothing())
      .returning(RECORD_COLUMNS)
      .executeTakeFirst();
    if (claimed) noteChange(journal, 'phone_number.purchase_started', null, claimed);
    return claimed;
  }

  /** A renewal: the next billing date moves from one period's start to its end, if no one moved it yet. */
  async advanceBillingDate(organizationId: string, id: string, from: Date, to: Date): Promise<boolean> {
    const [current] = await this.lock(organizationId, [id]);
    if (!current || current.status !== 'active' || current.next_billing_date?.getTime() !== from.getTime()) return false;
    await this.write(current, { next_billing_date: to }, 'phone_number.renewed');
    return true;
  }

  /**
   * Changes numbers by what derive makes of each as it is now: the rows are read and locked
   * in the unit of work with the writes, so a change derived from a number cannot overwrite a
   * concurrent one, and several numbers change together or not at all. derive may throw to
   * change nothing; it must not touch the database; a number it gives an empty patch is not
   * written. Returns the numbers in the order of ids, or the ids not found (and changes nothing).
   */
  async updateWith(
    organizationId: string,
    ids: readonly string[],
    derive: (current: PhoneNumberRecord) => PhoneNumberPatchRow,
  ): Promise<{ updated: PhoneNumberRecord[] } | { missing: string[] }> {
    const rows = await this.lock(organizationId, ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) return { missing };
    const patches = ids.map((id) => derive(byId.get(id)!));
    const updated: PhoneNumberRecord[] = [];
    for (const [index, id] of ids.entries()) {
      const patch = patches[index]!;
      const current = byId.get(id)!;
      updated.push(Object.keys(patch).length === 0 ? current : await this.write(current, patch, null));
    }
    return { updated };
  }

  /**
   * A client's change of one number as one statement, outside any transaction: written only if
   * the number is still at the version `before` was read at, its event and audit record written
   * by the same statement (journal_append over the updated row), so the change and its journal
   * commit together or not at all, in two round trips with the read. The event tells the number
   * as the patch makes it (afterPatch); the number returned is the row as written. Undefined
   * when the number moved on since it was read (the caller reads it again); `before` when the
   * patch would change nothing. A companion write (a bulk job's item) is evaluated by the same
   * statement and told when it committed; CompanionRefused when it refused (nothing written).
   */
  async changeAtVersion(
    before: PhoneNumberRecord,
    patch: PhoneNumberPatchRow,
    cause: Cause,
    companion?: StatementCompanion,
  ): Promise<PhoneNumberRecord | undefined> {
    const at = new Date();
    const note = numberChangeNote(null, before, afterPatch(before, patch, at), 'external_pin_sealed' in patch);
    if (!note) return before;
    const columns = Object.keys(patch) as (keyof PhoneNumberPatchRow)[];
    const sets = sql.join(columns.map((column) => sql`${sql.ref(column)} = ${patch[column]}`));
    const journal = sql`, (SELECT count(*) FROM upd, LATERAL ${new JournalRepo(this.db).call(before.organization_id, [journalEntry(note)], cause)} AS j) AS journaled`;
    const companioned = companion ? sql`, (SELECT count(*) FROM upd, LATERAL ${companion.inStatement} AS c) AS companioned` : sql``;
    let written: (PhoneNumberRecord & { journaled?: unknown; companioned?: unknown }) | undefined;
    try {
      const { rows } = await sql<PhoneNumberRecord>`
        WITH upd AS (
          UPDATE phone_numbers SET ${sets}, updated_at = ${at}, version = version + 1
          WHERE organization_id = ${before.organization_id} AND id = ${before.id} AND version = ${before.version}
          RETURNING ${sql.join(RECORD_COLUMNS.map((column) => sql.ref(column)))}
        )
        SELECT upd.*${journal}${companioned} FROM upd`.execute(this.db);
      written = rows[0];
    } catch (error) {
      if (refusedByCompanion(error)) throw new CompanionRefused();
      translateWriteError(error, before.number);
    }
    if (!written) return undefined;
    delete written.journaled;
    delete written.companioned;
    companion?.joined();
    return written;
  }

  /** Notes that a number's renewal failed: no column changes; its event and audit record tell it. */
  noteRenewalFailed(record: PhoneNumberRecord, reason: { code: string; detail: string }): void {
    const note = numberChangeNote('phone_number.renewal_failed', null, record)!;
    this.journalOrThrow().note({ ...note, data: { ...note.data, renewal_error: reason } });
  }

  /**
   * Puts a pending release back to the status it came from, if the carrier call that began
   * at startedAt is still the latest one (a newer claim's answer is not overruled).
   */
  async revertRelease(organizationId: string, id: string, startedAt: Date): Promise<PhoneNumberRecord | undefined> {
    const [current] = await this.lock(organizationId, [id]);
    if (!current || current.status !== 'release_pending' || current.release_started_at?.getTime() !== startedAt.getTime()) return undefined;
    return this.write(
      current,
      { status: current.release_from!, release_from: null, release_started_at: null },
      'phone_number.release_failed',
    );
  }
}
