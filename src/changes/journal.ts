import type { EventType } from '../events/event-types.js';
import { resourceTypeOf } from '../events/event-types.js';
import type { Cause } from './cause.js';
import type { JournalEntry, JournalRepo, WrittenEvent } from './journal.repo.js';

/** A change as its event and audit record tell it, before the journal writes them. */
export interface ChangeNote {
  organizationId: string;
  type: EventType;
  resourceId: string;
  /** The resource's version after the change, when it has one. */
  resourceVersion?: number | null;
  /** The number in E.164 when the resource is, or concerns, a phone number. */
  phoneNumber?: string | null;
  /** The resource as it is now, in the native API's shape. */
  data: Record<string, unknown>;
  /** For a change of an existing resource: the fields that changed, as they were. */
  previousAttributes?: Record<string, unknown> | null;
  /** Only to this webhook endpoint, whatever the subscriptions (a test event). */
  onlyEndpointId?: string;
}

/**
 * A change no event tells of (an endpoint's own settings, a secret rotated): recorded in the
 * audit log only, with the same cause as every other record of its unit of work.
 */
export interface AuditNote {
  organizationId: string;
  /** What was done: `<resource>.<verb in the past>`, e.g. webhook_endpoint.secret_rotated. */
  action: string;
  resourceType: string;
  resourceId: string;
  /** The number the change concerns, when it concerns one (a number added to a group). */
  phoneNumber?: string | null;
  /** Field by field, from and to; redacted where the field is a secret. */
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

/** A field whose value no audit record shows. */
const SECRET_FIELD = /secret|password|token|credential|(^|_)pin($|_)/i;

/** What an audit record or an event shows of a secret that holds a value. */
export const REDACTED = '[redacted]';

function redact(key: string, value: unknown): unknown {
  return SECRET_FIELD.test(key) && value !== null && typeof value !== 'boolean' ? REDACTED : value;
}

/** A field-by-field change for an audit record, secrets redacted: each field from `before` to `after`. */
export function changesBetween(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const from = before?.[key] ?? null;
    const to = after?.[key] ?? null;
    if (!sameValue(from, to)) changes[key] = { from: redact(key, from), to: redact(key, to) };
  }
  return changes;
}

/** The audit record's field-by-field change: each changed field from what it was to what it is. */
export function auditChanges(note: ChangeNote): Record<string, { from: unknown; to: unknown }> | null {
  if (!note.previousAttributes) return null;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, from] of Object.entries(note.previousAttributes)) {
    // A secret the resource never shows (a PIN replaced by another) was replaced: redacted both ways.
    const to = key in note.data ? note.data[key] : from;
    changes[key] = { from: redact(key, from), to: redact(key, to) };
  }
  return changes;
}

/**
 * The fields of `after` that differ from `before`, as they were in `before`: an update's
 * previous_attributes. Fields compared whole (a nested object that changed is given whole).
 */
export function previousAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  ignore: readonly string[] = [],
): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (ignore.includes(key)) continue;
    if (!sameValue(before[key], after[key])) previous[key] = before[key] ?? null;
  }
  return previous;
}

/** A note as the journal writes it: with its resource's type and its audit record's changes. */
export function journalEntry(note: ChangeNote): JournalEntry {
  return { ...note, resourceType: resourceTypeOf(note.type), changes: auditChanges(note) };
}

/**
 * What a unit of work changed, written when it commits: every change noted during the work
 * becomes one event and one audit record (and a delivery per subscribed webhook endpoint), in
 * the same transaction as the change, as the last write before the commit.
 */
export class Journal {
  private notes: ChangeNote[] = [];
  private audits: AuditNote[] = [];

  constructor(
    private readonly repo: JournalRepo,
    private readonly cause: Cause,
  ) {}

  note(change: ChangeNote): void {
    this.notes.push(change);
  }

  /** Notes a change that has an audit record and no event. */
  audit(note: AuditNote): void {
    this.audits.push(note);
  }

  get size(): number {
    return this.notes.length + this.audits.length;
  }

  /** The changes noted so far (not the audit-only notes), as they will be written. */
  get changes(): readonly ChangeNote[] {
    return this.notes;
  }

  /** Writes what was noted; called by the unit of work just before it commits. */
  async write(): Promise<WrittenEvent[]> {
    const notes = this.notes;
    const audits = this.audits;
    this.notes = [];
    this.audits = [];
    if (audits.length) await this.repo.appendAudit(audits, this.cause);
    if (!notes.length) return [];
    return this.repo.append(notes.map(journalEntry), this.cause);
  }
}

/** Whether two JSON values are the same: primitives at once, objects and arrays by their JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
