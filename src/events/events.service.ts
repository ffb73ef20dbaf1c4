import type { CursorSigner } from '../cursors/cursor-signer.js';
import type { EventRow } from '../db/schema.js';
import { errors } from '../errors/catalogue.js';
import { parsePhoneNumber } from '../numbers/e164.js';
import { EVENT_TYPES, isEventPattern, typeMatches, type EventType } from './event-types.js';
import type { EventFilters, EventsRepo } from './events.repo.js';

/** A list of events as a client asks for it: patterns and numbers as typed, the cursor as given. */
export interface EventListOptions {
  types?: readonly string[];
  resourceId?: string;
  phoneNumber?: string;
  /** The country of a phoneNumber written without its country code. */
  country?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  order?: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

export interface EventPage {
  data: EventRow[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** Where a cursor stands: after this sequence of this organization, in this direction. */
interface EventPosition {
  organizationId: string;
  sequence: number;
  descending: boolean;
}

/**
 * Reading an organization's events. A list reads only up to the organization's horizon (the
 * last sequence handed out once the changes in flight have settled: EventsRepo.horizon), so a
 * reader past sequence N never sees a smaller one appear later: a cursor holding the last
 * sequence seen resumes exactly there.
 */
export class EventsService {
  constructor(
    private readonly repo: EventsRepo,
    private readonly cursors: CursorSigner,
  ) {}

  async list(organizationId: string, options: EventListOptions): Promise<EventPage> {
    const descending = options.order === 'desc';
    const after = options.cursor ? this.openCursor(options.cursor, organizationId, descending) : undefined;
    const filters = toFilters(options);
    const rows = await this.repo.list(organizationId, {
      filters,
      descending,
      afterSequence: after?.sequence,
      upToSequence: await this.repo.horizon(organizationId),
      limit: options.limit + 1,
    });
    const data = rows.slice(0, options.limit);
    const hasMore = rows.length > options.limit;
    const last = data.at(-1);
    const afterLast = last && this.sealCursor({ organizationId, sequence: Number(last.sequence), descending });
    // Oldest first, the end of the list is only the end for now: the position after the last
    // event (or the one given) stays usable to poll from. Newest first, nothing can ever follow
    // the oldest event.
    const nextCursor = descending
      ? (hasMore && afterLast) || null
      : afterLast || options.cursor || this.sealCursor({ organizationId, sequence: 0, descending });
    return { data, hasMore, nextCursor };
  }

  async get(organizationId: string, id: string): Promise<EventRow> {
    const row = await this.repo.findById(organizationId, id);
    if (!row) throw errors.notFound('event', id);
    return row;
  }

  private sealCursor(position: EventPosition): string {
    return this.cursors.seal({ k: 'events', o: position.organizationId, s: position.sequence, d: position.descending ? 'desc' : 'asc' });
  }

  private openCursor(cursor: string, organizationId: string, descending: boolean): EventPosition {
    const { k, o, s, d } = (this.cursors.open(cursor) ?? {}) as Record<string, unknown>;
    if (k !== 'events' || o !== organizationId || typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) {
      throw errors.validation('cursor is not one this API gave out for these events.', { parameter: 'cursor' });
    }
    if (d !== (descending ? 'desc' : 'asc')) {
      throw errors.validation('cursor belongs to a list in the other order; send the same order as the first page.', { parameter: 'cursor' });
    }
    return { organizationId, sequence: s, descending };
  }
}

/** Exact types for a list of patterns (wildcards expanded); undefined when `*` asks for every type. */
function expandTypes(patterns: readonly string[] | undefined): EventType[] | undefined {
  if (!patterns) return undefined;
  for (const pattern of patterns) {
    if (!isEventPattern(pattern)) {
      throw errors.validation(`"${pattern}" is not an event type, nor a wildcard over some (\`phone_number.*\`, \`*\`).`, {
        parameter: 'type',
      });
    }
  }
  if (patterns.includes('*')) return undefined;
  return EVENT_TYPES.filter((type) => patterns.some((pattern) => typeMatches(pattern, type)));
}

function toFilters(options: EventListOptions): EventFilters {
  const filters: EventFilters = {};
  const types = expandTypes(options.types);
  if (types) filters.types = types;
  if (options.resourceId !== undefined) filters.resourceId = options.resourceId;
  if (options.phoneNumber !== undefined) {
    filters.phoneNumber = parsePhoneNumber(options.phoneNumber, options.country, { parameter: 'phone_number' }).number;
  }
  if (options.createdAfter) filters.createdAfter = options.createdAfter;
  if (options.createdBefore) filters.createdBefore = options.createdBefore;
  return filters;
}
