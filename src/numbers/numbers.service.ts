import { Readable } from 'node:stream';
import { CsvError } from 'csv-parse';
import type { ReadFrom } from '../db/database.js';
import type { NewPhoneNumberRow, PhoneNumberPatchRow } from '../db/schema.js';
import { currentCause } from '../changes/cause.js';
import { lostRace } from '../db/db-errors.js';
import { waitingCompanion, type JournaledRepos, type Transact } from '../db/unit-of-work.js';
import { AppError, errors } from '../errors/catalogue.js';
import { CursorSigner } from '../cursors/cursor-signer.js';
import { startedBatches } from '../exports/batches.js';
import type { ExportFormat, ExportRows } from '../exports/export-stream.js';
import { SecretBox } from '../secrets/secret-box.js';
import { parsePhoneNumber } from './e164.js';
import { IMPORT_BATCH_SIZE, NUMBER_CSV_COLUMNS, numberCsvParser, numberCsvRows, type NumberCsvFields, type NumberCsvRow } from './numbers-csv.js';
import { DEFAULT_SORT, decodeCursor, encodeCursor, type ListPage, type NumberFilters, type Sort } from './list-query.js';
import type { NumbersPlatformRepo } from './numbers.platform.repo.js';
import { afterPatch, RECORD_COLUMNS, type NumberTarget, type NumbersRepo } from './numbers.repo.js';
import {
  ASSIGNABLE_STATUSES,
  assertTransition,
  FRIENDLY_NAME_MAX_LENGTH,
  type Capability,
  type Carrier,
  type ForwardingType,
  type PhoneNumberRecord,
  type ProviderSettings,
  type RecordingChannels,
  type RecordingFormat,
  type Source,
  type Status,
  type UsagePaymentMethod,
} from './phone-number.js';
import { assertCallbackUrls, assertRoutingComplete, type MessagingRouting, type VoiceRouting } from './routing.js';

/** Fields a client may change on a number it holds. */
export interface NumberChanges {
  friendly_name?: string | null;
  tags?: string[];
  capabilities?: Capability[];
  supports_inbound?: boolean;
  supports_outbound?: boolean;
  customer_reference?: string | null;
  connection_id?: string | null;
  connection_name?: string | null;
  billing_group_id?: string | null;
  messaging_profile_id?: string | null;
  messaging_profile_name?: string | null;
  emergency_enabled?: boolean;
  emergency_address_id?: string | null;
  /** One of the organization's addresses (the database refuses any other). */
  address_id?: string | null;
  identity_sid?: string | null;
  bundle_sid?: string | null;
  call_forwarding_enabled?: boolean;
  /** E.164 in any common form, stored as E.164; null (or empty) forwards nowhere. */
  call_forwarding_to?: string | null;
  call_forwarding_type?: ForwardingType;
  cnam_listing_enabled?: boolean;
  cnam_listing_details?: string | null;
  caller_id_name_enabled?: boolean;
  call_recording_enabled?: boolean;
  call_recording_format?: RecordingFormat;
  call_recording_channels?: RecordingChannels;
  usage_payment_method?: UsagePaymentMethod;
  /** The whole document of provider settings, as it will be. */
  provider_settings?: ProviderSettings;
  t38_fax_gateway_enabled?: boolean;
  hd_voice_enabled?: boolean;
  inbound_call_screening?: 'disabled' | 'reject_calls' | 'flag_calls';
  deletion_lock_enabled?: boolean;
  external_pin?: string | null;
  voice_routing?: VoiceRouting;
  messaging_routing?: MessagingRouting;
  assigned_agent_id?: string | null;
  auto_renew?: boolean;
  status?: Status;
}

/** A number an organization already owns elsewhere (its own SIP trunk, another carrier). */
export interface ImportNumberInput extends Omit<NumberChanges, 'status'> {
  number: string;
  /** Read a national number as this country's. */
  country?: string;
  carrier?: Carrier;
  source?: Extract<Source, 'imported' | 'ported'>;
  monthly_cost?: string | null;
  upfront_cost?: string | null;
  currency?: string;
  next_billing_date?: Date | null;
}

export interface ListOptions {
  filters: NumberFilters;
  sort?: Sort;
  limit: number;
  cursor?: string;
  /** Rows to skip: only for provider surfaces whose clients page by number. */
  offset?: number;
  includeTotal?: boolean;
}

export interface BatchRejection {
  /** Position of the input in the batch. */
  index: number;
  code: string;
  detail: string;
}

export interface BatchResult {
  imported: number;
  rejected: BatchRejection[];
}

/** A row of an imported CSV that was (or on a dry run would be) left out, and why. */
export interface CsvRejection {
  /** The row's line in the CSV, the header being line 1. */
  line: number;
  /** The number as the row gave it. */
  number: string;
  code: string;
  detail: string;
}

export interface CsvImportResult {
  /** The rows the CSV holds, besides its header. */
  rows: number;
  /** The numbers imported, or that a dry run would import. */
  imported: number;
  rejected: CsvRejection[];
}

/**
 * The rows of a CSV the import API was sent: at most IMPORT_BATCH_SIZE, each an input or its
 * error. A CSV the parser cannot read is a validation error naming the line.
 */
async function readCsv(csv: string): Promise<NumberCsvRow[]> {
  const parser = Readable.from([csv]).pipe(numberCsvParser());
  const rows: NumberCsvRow[] = [];
  try {
    for await (const row of numberCsvRows(parser)) {
      if (rows.length === IMPORT_BATCH_SIZE) {
        throw errors.validation(
          `A CSV sent at once holds at most ${IMPORT_BATCH_SIZE} rows: send the file in parts, each with its header row.`,
          { pointer: '/csv' },
        );
      }
      rows.push(row);
    }
  } catch (error) {
    if (error instanceof CsvError) throw errors.validation(`The CSV cannot be read: ${error.message}`, { pointer: '/csv' });
    if (error instanceof AppError && !error.details.pointer) throw errors.validation(error.detail, { pointer: '/csv' });
    throw error;
  } finally {
    parser.destroy();
  }
  return rows;
}

export interface RouteLookup {
  organization_id: string;
  phone_number: PhoneNumberRecord;
}

/** Seals a port-out PIN for storage. */
type PinSealer = (pin: string) => string;

/**
 * The columns a change writes. Keys left undefined are no change; other keys (an import's
 * own fields) pass through for the caller to overwrite. One pass and one object: a bulk
 * import runs this for every row.
 */
function toRow(changes: NumberChanges, sealPin: PinSealer): PhoneNumberPatchRow {
  const row: Record<string, unknown> = {};
  for (const key in changes) {
    const value = changes[key as keyof NumberChanges];
    if (value === undefined) continue;
    switch (key) {
      case 'voice_routing':
      case 'messaging_routing':
      case 'provider_settings':
        row[key] = JSON.stringify(value);
        break;
      case 'call_forwarding_to':
        row.call_forwarding_to = value ? parsePhoneNumber(value as string, undefined, { pointer: '/features/call_forwarding_to' }).number : null;
        break;
      case 'emergency_address_id':
      case 'address_id':
        // Addresses are named by their uuid, kept in lower case as the addresses' own ids are.
        row[key] = typeof value === 'string' ? value.toLowerCase() : value;
        break;
      case 'emergency_enabled':
        row.emergency_enabled = value;
        row.emergency_status = value ? 'active' : 'disabled';
        break;
      case 'assigned_agent_id':
        row.assigned_agent_id = value;
        row.assigned_at = value ? new Date() : null;
        break;
      case 'external_pin':
        // Stored sealed only; a plain PIN left from before sealing goes with any change of it.
        row.external_pin_sealed = value === null ? null : sealPin(value as string);
        row.external_pin = null;
        break;
      default:
        row[key] = value;
    }
  }
  return row as PhoneNumberPatchRow;
}

/** The caller name a CNAM listing may carry: what the directories take. */
const CNAM_LISTING_DETAILS = /^[A-Za-z0-9 ]{1,15}$/;

/** The voice settings' own rules: a listed caller name is short plain text, and is set only with its listing on. */
function assertVoiceSettings(next: { cnam_listing_enabled: boolean }, changes: NumberChanges) {
  const details = changes.cnam_listing_details;
  if (details === undefined || details === null) return;
  if (!CNAM_LISTING_DETAILS.test(details)) {
    throw errors.validation('A CNAM listing name is 1 to 15 letters, digits or spaces.', { pointer: '/features/cnam_listing_details' });
  }
  if (!next.cnam_listing_enabled) {
    throw errors.validation('A CNAM listing name needs the CNAM listing on: turn cnam_listing on too.', {
      pointer: '/features/cnam_listing',
    });
  }
}

/** Business rules that need the number as it will be after the change. */
function assertConsistent(
  next: { emergency_enabled: boolean; emergency_address_id: string | null; cnam_listing_enabled: boolean },
  changes: NumberChanges,
) {
  if (changes.friendly_name && changes.friendly_name.length > FRIENDLY_NAME_MAX_LENGTH) {
    throw errors.validation(`A friendly name is at most ${FRIENDLY_NAME_MAX_LENGTH} characters.`, { pointer: '/friendly_name' });
  }
  if (next.emergency_enabled && !next.emergency_address_id) {
    throw errors.validation('Emergency calling needs an emergency address: set emergency.address_id too.', {
      pointer: '/emergency/address_id',
    });
  }
  assertVoiceSettings(next, changes);
  for (const [kind, routing] of [['voice', changes.voice_routing], ['messaging', changes.messaging_routing]] as const) {
    if (!routing) continue;
    assertRoutingComplete(kind, routing);
    assertCallbackUrls(kind, routing);
  }
}

/** Whether a change may apply to the number as it is: its status, lifecycle and consistency rules. */
function assertChangeAllowed(current: PhoneNumberRecord, changes: NumberChanges): void {
  if (current.status === 'released') {
    throw errors.numberReleased(current.number, 'changed');
  }
  if (current.status === 'release_pending') {
    throw errors.releaseInProgress(current.number, 'changed');
  }
  if (changes.status) assertTransition(current.status, changes.status);
  if (changes.status === 'released' || changes.status === 'release_pending') {
    throw errors.validation('Release a number with DELETE, not by setting its status.', { pointer: '/status' });
  }
  assertConsistent(
    {
      emergency_enabled: changes.emergency_enabled ?? current.emergency_enabled,
      emergency_address_id: changes.emergency_address_id !== undefined ? changes.emergency_address_id : current.emergency_address_id,
      cnam_listing_enabled: changes.cnam_listing_enabled ?? current.cnam_listing_enabled,
    },
    changes,
  );
}

/** The references from a number to the organization's addresses, where the native API takes each, and what each is. */
const ADDRESS_REFERENCES = [
  ['emergency_address_id', '/emergency/address_id', 'emergency address'],
  ['address_id', '/regulatory/address_id', 'address'],
] as const;

type AddressReferences = Pick<PhoneNumberRecord, 'emergency_address_id' | 'address_id'>;

/** The address ids a change names that the number does not name already (in lower case). */
function newAddressIds(current: AddressReferences | null, changes: NumberChanges): string[] {
  return ADDRESS_REFERENCES.flatMap(([column]) => {
    const id = changes[column]?.toLowerCase();
    return id && id !== current?.[column]?.toLowerCase() ? [id] : [];
  });
}

/**
 * A number's address and emergency address are addresses of its organization: a change that
 * names any other (an unknown id, another organization's address) is refused. `known` holds
 * the ids found to be the organization's addresses.
 */
function assertAddressesKnown(current: AddressReferences | null, changes: NumberChanges, known: ReadonlySet<string>): void {
  const unknown = new Set(newAddressIds(current, changes).filter((id) => !known.has(id)));
  for (const [column, pointer, what] of ADDRESS_REFERENCES) {
    const id = changes[column];
    if (id && unknown.has(id.toLowerCase())) {
      throw errors.validation(`${id} is not an address of this organization: a number's ${what} must be one of its addresses.`, { pointer });
    }
  }
}

/** Whether a number may be assigned to the agent: held, and free or the agent's already. */
function assertAssignable(current: PhoneNumberRecord, agentId: string): void {
  if (!(ASSIGNABLE_STATUSES as readonly string[]).includes(current.status)) {
    throw current.status === 'released' ? errors.numberReleased(current.number, 'assigned') : errors.releaseInProgress(current.number, 'assigned');
  }
  if (current.assigned_agent_id && current.assigned_agent_id !== agentId) {
    throw errors.assignedElsewhere(current.number, current.assigned_agent_id);
  }
}

function found(record: PhoneNumberRecord | undefined, id: string): PhoneNumberRecord {
  if (!record) throw errors.notFound('phone number', id);
  return record;
}

/** The record, unless there is none or it was released: then, not found under the id the client gave. */
export function assertHeld(record: PhoneNumberRecord | undefined, shownAs: string): PhoneNumberRecord {
  if (!record || record.status === 'released') throw errors.notFound('phone number', shownAs);
  return record;
}

/**
 * What a sealed PIN is bound to: its organization, and its kind, so a sealed carrier
 * credential copied into a PIN column does not open as a PIN.
 */
export function pinContext(organizationId: string): string {
  return `external_pin:${organizationId}`;
}

/** What a change of numbers writes: the numbers, in a unit of work that journals each change. */
export interface NumberRepos extends JournaledRepos {
  numbers: NumbersRepo;
}

/** Reads and writes at a version tried before a contended change takes the number's lock. */
const OPTIMISTIC_ATTEMPTS = 2;

/**
 * Numbers an export reads at a time: few enough to keep memory flat (two batches are held, one
 * written while the next is read) and to hold the embedded database's one connection briefly,
 * enough to make each query worth its round trip (the bench found 2,000 to 20,000 alike).
 */
const EXPORT_BATCH_SIZE = 5000;

/** Plain PINs the sealing step reads at a time. */
const PIN_BATCH = 500;

export interface NumbersOptions {
  clock: () => Date;
  /** Seals and opens list cursors. */
  cursors: CursorSigner;
  /** Seals port-out PINs; without DIALTONE_SECRET_KEY a PIN cannot be set. */
  secrets: SecretBox;
}

const DEFAULT_OPTIONS: NumbersOptions = {
  clock: () => new Date(),
  cursors: CursorSigner.ephemeral(),
  secrets: new SecretBox(null),
};

/** The rules of a phone number's life: every API surface goes through here. */
export class NumbersService {
  constructor(
    private readonly repo: NumbersRepo,
    private readonly platform: NumbersPlatformRepo,
    private readonly transact: Transact<NumberRepos>,
    private readonly options: NumbersOptions = DEFAULT_OPTIONS,
  ) {}

  /** A page of the organization's numbers: a read-only path, from a read replica. */
  async list(organizationId: string, options: ListOptions): Promise<ListPage<PhoneNumberRecord>> {
    const sort = options.sort ?? DEFAULT_SORT;
    const after = options.cursor ? decodeCursor(this.options.cursors, options.cursor, options.filters, sort) : undefined;
    const { rows, total } = await this.repo.list(organizationId, {
      filters: options.filters,
      sort,
      limit: options.limit + 1,
      after,
      offset: options.offset,
      includeTotal: options.includeTotal,
    }, 'replica');
    const hasMore = rows.length > options.limit;
    const page = hasMore ? rows.slice(0, options.limit) : rows;
    const last = page.at(-1);
    return {
      // Rows keep their sort_value: every surface renders a record field by field, and copying
      // each row to drop one field was the service's largest cost on a list.
      data: page,
      hasMore,
      next: hasMore && last ? { value: last.sort_value, id: last.id } : null,
      ...(total !== undefined ? { totalCount: total } : {}),
    };
  }

  /**
   * Every number matching the filters, in the sort's order, as an export in `format` writes
   * them: for CSV only its columns, for NDJSON the whole record. Read in batches as the consumer
   * takes them, the next while one is written; the first is read before this returns.
   */
  async export(
    organizationId: string,
    options: Pick<ListOptions, 'filters' | 'sort'>,
    format: ExportFormat,
  ): Promise<ExportRows<NumberCsvFields, PhoneNumberRecord>> {
    const request = { filters: options.filters, sort: options.sort ?? DEFAULT_SORT };
    if (format === 'csv') return { format, batches: await startedBatches(this.repo.listInBatches(organizationId, request, EXPORT_BATCH_SIZE, NUMBER_CSV_COLUMNS)) };
    return { format, batches: await startedBatches(this.repo.listInBatches(organizationId, request, EXPORT_BATCH_SIZE, RECORD_COLUMNS)) };
  }

  /** The opaque cursor that continues a list after a page. */
  cursorFor(page: ListPage<unknown>, options: Pick<ListOptions, 'filters' | 'sort'>): string | null {
    return page.next ? encodeCursor(this.options.cursors, page.next, options.filters, options.sort ?? DEFAULT_SORT) : null;
  }

  /** A number, for a surface's read: from a read replica, which may be a moment behind the primary. */
  async get(organizationId: string, id: string): Promise<PhoneNumberRecord> {
    return found(await this.repo.findById(organizationId, id, 'replica'), id);
  }

  /**
   * A number as the primary holds it now: for a change worked out from it, and for a saga or
   * job reading the number after it changed it.
   */
  async getCurrent(organizationId: string, id: string): Promise<PhoneNumberRecord> {
    return found(await this.repo.findById(organizationId, id), id);
  }

  /**
   * A number the organization holds: a released one is not found. Provider surfaces show only
   * held numbers (to their clients a released number is gone); shownAs is the id as the client
   * gave it, for the not-found answer. `from` is 'primary' for a number a change is about.
   */
  async getHeld(organizationId: string, id: string, shownAs = id, from: ReadFrom = 'replica'): Promise<PhoneNumberRecord> {
    return assertHeld(await this.repo.findById(organizationId, id, from), shownAs);
  }

  /** getHeld by the numeric id, for the surfaces whose ids are digit strings. */
  async getHeldBySeq(organizationId: string, seq: number, shownAs = String(seq), from: ReadFrom = 'replica'): Promise<PhoneNumberRecord> {
    const record = Number.isSafeInteger(seq) && seq > 0 ? await this.repo.findBySeq(organizationId, seq, from) : undefined;
    return assertHeld(record, shownAs);
  }

  /**
   * The organization's numbers a bulk job names, resolved once when the job is made: by id, by
   * number (held ones; any common form; what is no number is left out), or every number the
   * list's filters match.
   */
  async targets(organizationId: string, target: { ids: string[] } | { numbers: string[] } | { filters: NumberFilters }): Promise<NumberTarget[]> {
    if ('ids' in target) return this.repo.targetsByIds(organizationId, target.ids);
    if ('filters' in target) return this.repo.targetsMatching(organizationId, target.filters);
    return this.repo.targetsByNumbers(organizationId, target.numbers.flatMap((number) => this.normalize(number) ?? []));
  }

  /** The organization's held numbers with these numeric ids (digit strings; others are left out), with their numeric id. */
  async targetsBySeqs(organizationId: string, seqs: readonly string[]): Promise<Array<NumberTarget & { seq: string }>> {
    const valid = seqs.filter((seq) => /^[1-9][0-9]{0,15}$/.test(seq) && Number.isSafeInteger(Number(seq))).map(Number);
    return this.repo.targetsBySeqs(organizationId, valid);
  }

  /**
   * Which of these numbers (each in any common form) the organization holds in a state it may
   * still change, by the number as given: a number being released is no longer its to change,
   * and what is no phone number is held by no one.
   */
  async ownership(organizationId: string, numbers: readonly string[]): Promise<Array<{ given: string; held: (NumberTarget & { seq: string }) | null }>> {
    const normalized = numbers.map((given) => ({ given, number: this.normalize(given) }));
    const rows = await this.repo.heldByNumbers(organizationId, [...new Set(normalized.flatMap(({ number }) => number ?? []))]);
    const changeable = new Map(rows.filter((row) => row.status !== 'release_pending').map(({ id, number, seq }) => [number, { id, number, seq }]));
    return normalized.map(({ given, number }) => ({ given, held: (number && changeable.get(number)) || null }));
  }

  /** A number in E.164, given in any common form; undefined when it is not one. */
  normalize(number: string): string | undefined {
    try {
      return parsePhoneNumber(number).number;
    } catch (error) {
      if (error instanceof AppError) return undefined;
      throw error;
    }
  }

  /** The organization's numbers with these ids (those that exist), in the order given. */
  async getMany(organizationId: string, ids: readonly string[]): Promise<PhoneNumberRecord[]> {
    const byId = new Map((await this.repo.findManyByIds(organizationId, ids)).map((record) => [record.id, record]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * What a change worked out from a number would make of it, written nowhere: the number
   * after it, or the error the rules refuse it with (a bulk job's dry run).
   */
  previewUpdate(current: PhoneNumberRecord, derive: (current: PhoneNumberRecord) => NumberChanges): PhoneNumberRecord {
    const changes = derive(current);
    assertChangeAllowed(current, changes);
    return afterPatch(current, this.toRow(current.organization_id, changes), this.options.clock());
  }

  /** What assigning a number to an agent would make of it, written nowhere; or the rule's error. */
  previewAssign(current: PhoneNumberRecord, agentId: string): PhoneNumberRecord {
    assertAssignable(current, agentId);
    if (current.assigned_agent_id === agentId) return current;
    return afterPatch(current, this.toRow(current.organization_id, { assigned_agent_id: agentId }), this.options.clock());
  }

  /** The organization's number, given in any form a person would type it: a read-only path, from a replica. */
  async lookup(organizationId: string, number: string): Promise<PhoneNumberRecord> {
    const parsed = parsePhoneNumber(number, undefined, { parameter: 'number' });
    const record = await this.repo.findHeldByNumber(organizationId, parsed.number, 'replica');
    if (!record) throw errors.notFound('phone number', parsed.number);
    return record;
  }

  /** Operator level: which organization holds a number, and where its calls and messages go. */
  async route(number: string): Promise<RouteLookup> {
    const parsed = parsePhoneNumber(number, undefined, { parameter: 'number' });
    const record = await this.platform.findHolder(parsed.number, 'replica');
    if (!record) throw errors.notFound('held phone number', parsed.number);
    return { organization_id: record.organization_id, phone_number: record };
  }

  async importNumber(organizationId: string, input: ImportNumberInput): Promise<PhoneNumberRecord> {
    await this.assertAddresses(organizationId, input);
    const row = this.newRow(organizationId, input);
    return this.transact(({ numbers }) => numbers.insert(row));
  }

  /**
   * Imports many numbers as one all-or-nothing batch of the valid ones. Each input that is
   * invalid, or whose number is already held, is reported by its index and left out. A dry run
   * writes nothing and answers what the import would do now (a number someone takes meanwhile
   * is refused by the import itself, by the same rule: the index of held numbers).
   */
  async importBatch(organizationId: string, inputs: ImportNumberInput[], options: { dryRun?: boolean } = {}): Promise<BatchResult> {
    const rejected: BatchRejection[] = [];
    const rows: NewPhoneNumberRow[] = [];
    const indexOf = new Map<string, number>();
    const knownAddresses = await this.repo.addressesOf(organizationId, inputs.flatMap((input) => newAddressIds(null, input)));
    inputs.forEach((input, index) => {
      try {
        assertAddressesKnown(null, input, knownAddresses);
        const row = this.newRow(organizationId, input);
        if (indexOf.has(row.number)) throw errors.numberAlreadyHeld(row.number);
        indexOf.set(row.number, index);
        rows.push(row);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        rejected.push({ index, code: error.code, detail: error.detail });
      }
    });
    const inserted = new Set(options.dryRun ? await this.notHeld(rows) : await this.insertAll(rows));
    for (const row of rows) {
      if (!inserted.has(row.number)) {
        const error = errors.numberAlreadyHeld(row.number);
        rejected.push({ index: indexOf.get(row.number)!, code: error.code, detail: error.detail });
      }
    }
    rejected.sort((a, b) => a.index - b.index);
    return { imported: inserted.size, rejected };
  }

  /** Inserts the rows in one unit of work; the numbers it inserted (the others are held). */
  private async insertAll(rows: NewPhoneNumberRow[]): Promise<string[]> {
    const insert = () => this.transact(({ numbers }) => numbers.insertMany(rows));
    // Two batches holding the same numbers can deadlock on the unique index; the loser runs again.
    return insert().catch((error: unknown) => {
      if (!lostRace(error)) throw error;
      return insert();
    });
  }

  /** The numbers of the rows nobody holds now: those an insert of them would take. */
  private async notHeld(rows: NewPhoneNumberRow[]): Promise<string[]> {
    const held = new Set(await this.platform.heldAmong(rows.map((row) => row.number)));
    return rows.map((row) => row.number).filter((number) => !held.has(number));
  }

  /**
   * A CSV of numbers (the columns `dialtone numbers import` reads, a header row first) of at
   * most IMPORT_BATCH_SIZE rows, imported as one batch, or on a dry run only checked: how many
   * rows it holds, how many are (or would be) imported, and every rejected row with its line.
   */
  async importCsv(organizationId: string, csv: string, options: { dryRun: boolean }): Promise<CsvImportResult> {
    const rows = await readCsv(csv);
    const valid = rows.filter((row): row is Extract<NumberCsvRow, { input: ImportNumberInput }> => 'input' in row);
    const batch = await this.importBatch(organizationId, valid.map((row) => row.input), options);
    const rejected: CsvRejection[] = rows.flatMap((row) => ('error' in row ? [{ line: row.line, number: row.number, code: row.error.code, detail: row.error.detail }] : []));
    for (const { index, code, detail } of batch.rejected) {
      const row = valid[index]!;
      rejected.push({ line: row.line, number: row.input.number, code, detail });
    }
    rejected.sort((a, b) => a.line - b.line);
    return { rows: rows.length, imported: batch.imported, rejected };
  }

  private newRow(organizationId: string, input: ImportNumberInput): NewPhoneNumberRow {
    const parsed = parsePhoneNumber(input.number, input.country);
    assertConsistent(
      {
        emergency_enabled: input.emergency_enabled ?? false,
        emergency_address_id: input.emergency_address_id ?? null,
        cnam_listing_enabled: input.cnam_listing_enabled ?? false,
      },
      input,
    );
    // Every field of the input that is not a change (number, country, carrier, source, prices,
    // billing date) is set here, over what toRow passed through.
    const row = this.toRow(organizationId, input) as NewPhoneNumberRow;
    row.organization_id = organizationId;
    row.number = parsed.number;
    row.country = parsed.country;
    row.number_type = parsed.number_type;
    row.national_format = parsed.national_format;
    row.international_format = parsed.international_format;
    row.carrier = input.carrier ?? 'byoc';
    row.source = input.source ?? 'imported';
    row.status = input.source === 'ported' ? 'port_pending' : 'active';
    row.capabilities = input.capabilities ?? ['voice'];
    row.monthly_cost = input.monthly_cost ?? null;
    row.upfront_cost = input.upfront_cost ?? null;
    row.currency = input.currency ?? 'USD';
    row.next_billing_date = input.next_billing_date ?? null;
    return row;
  }

  /** A client's change of a number, checked against the number as it is, with the number locked. */
  async update(organizationId: string, id: string, changes: NumberChanges): Promise<PhoneNumberRecord> {
    return this.updateFrom(organizationId, id, () => changes);
  }

  /**
   * A change worked out from the number as it is (a partial update of its routing, from a
   * surface that sends only some fields of it): derived and written with the number locked,
   * so two such changes made at once both apply, one after the other. `read` is the number as
   * the caller read it already (a bulk job reads a batch's numbers at once): the change is
   * derived from it, and the number read again only if it moved on since.
   */
  async updateFrom(
    organizationId: string,
    id: string,
    derive: (current: PhoneNumberRecord) => NumberChanges,
    read?: PhoneNumberRecord,
  ): Promise<PhoneNumberRecord> {
    const knownAddresses = new Set<string>();
    const rowOf = (current: PhoneNumberRecord) => {
      const changes = derive(current);
      assertChangeAllowed(current, changes);
      assertAddressesKnown(current, changes, knownAddresses);
      return this.toRow(organizationId, changes);
    };
    // Read, derive, then write with its journal in one statement if no one changed the number
    // meanwhile: two round trips (one with `read`). A number changed by several clients at once
    // is changed with it locked instead, each in turn, so none of them is refused for the
    // others. A companion write that must commit with the change (a bulk job's item) rides in
    // the same statement, or in the locked change's transaction.
    const companion = waitingCompanion();
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      const current = attempt === 0 && read?.id === id ? read : await this.getCurrent(organizationId, id);
      await this.learnAddresses(organizationId, current, derive(current), knownAddresses);
      const patch = rowOf(current);
      if (Object.keys(patch).length === 0) return current;
      const written = await this.repo.changeAtVersion(current, patch, currentCause(), companion);
      if (written) return written;
    }
    const [updated] = await this.changeTogether(organizationId, [id], rowOf);
    return updated!;
  }

  /**
   * Assigns several numbers to an agent at once, all or none: a number released, being
   * released, or assigned to another agent leaves every one as it was. With answerCalls the
   * agent also becomes each number's call handler.
   */
  async assignAll(organizationId: string, ids: readonly string[], agentId: string, options: { answerCalls: boolean }): Promise<PhoneNumberRecord[]> {
    return this.changeTogether(organizationId, [...new Set(ids)], (current) => {
      assertAssignable(current, agentId);
      const changes: NumberChanges = {};
      if (current.assigned_agent_id !== agentId) changes.assigned_agent_id = agentId;
      if (options.answerCalls) changes.voice_routing = { handler: 'agent', target: agentId };
      assertChangeAllowed(current, changes);
      return this.toRow(organizationId, changes);
    });
  }

  /**
   * Refuses a change that names an address the organization does not have (a number's address
   * or emergency address): for a change checked before it is made (a bulk job's, when the job
   * is made). Every change made through this service is checked again when it is written.
   */
  async assertAddresses(organizationId: string, changes: NumberChanges): Promise<void> {
    const known = new Set<string>();
    await this.learnAddresses(organizationId, null, changes, known);
    assertAddressesKnown(null, changes, known);
  }

  /** Adds to `known` the addresses a change newly names that are the organization's. */
  private async learnAddresses(organizationId: string, current: AddressReferences | null, changes: NumberChanges, known: Set<string>): Promise<void> {
    const unknown = newAddressIds(current, changes).filter((id) => !known.has(id));
    if (unknown.length) for (const id of await this.repo.addressesOf(organizationId, unknown)) known.add(id);
  }

  /** The columns a change writes, a PIN sealed for the organization. */
  private toRow(organizationId: string, changes: NumberChanges): PhoneNumberPatchRow {
    return toRow(changes, (pin) => {
      if (!this.options.secrets.enabled) throw errors.secretsDisabled('A port-out PIN');
      return this.options.secrets.seal(pin, pinContext(organizationId));
    });
  }

  private async changeTogether(
    organizationId: string,
    ids: readonly string[],
    derive: (current: PhoneNumberRecord) => PhoneNumberPatchRow,
  ): Promise<PhoneNumberRecord[]> {
    const result = await this.transact(({ numbers }) => numbers.updateWith(organizationId, ids, derive));
    if ('missing' in result) throw errors.notFound('phone number', result.missing[0]!);
    return result.updated;
  }



  /**
   * Seals the port-out PINs stored in plain text before PINs were sealed, at start. Without
   * DIALTONE_SECRET_KEY they cannot be: they stay as they are (still reported set, never
   * returned) and are counted, for the operator to be told.
   */
  async sealLegacyPins(): Promise<{ sealed: number; unsealed: number }> {
    const box = this.options.secrets;
    if (!box.enabled) return { sealed: 0, unsealed: await this.platform.countUnsealedPins() };
    let sealed = 0;
    for (let batch = await this.platform.unsealedPins(PIN_BATCH); batch.length; batch = await this.platform.unsealedPins(PIN_BATCH)) {
      for (const { id, organization_id, pin } of batch) {
        if (await this.platform.replaceUnsealedPin(id, box.seal(pin, pinContext(organization_id)))) sealed++;
      }
    }
    return { sealed, unsealed: 0 };
  }

  async assign(organizationId: string, id: string, agentId: string): Promise<PhoneNumberRecord> {
    const [assigned] = await this.assignAll(organizationId, [id], agentId, { answerCalls: false });
    return assigned!;
  }
}
