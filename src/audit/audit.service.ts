import { currentCause, type Cause } from '../changes/cause.js';
import { actorColumns } from '../changes/journal.repo.js';
import type { CreatedCursor } from '../db/created-order.js';
import type { AuditRow } from '../db/schema.js';
import { startedBatches } from '../exports/batches.js';
import { parsePhoneNumber } from '../numbers/e164.js';
import type { AuditFilter, AuditRepo, NewAuditRecord } from './audit.repo.js';

/** Whose records a reader sees: one organization's (an API key's), or everyone's (the operator). */
export type AuditReader = { organizationId: string } | 'operator';

/** A reader's filters as asked for: the action may end in `.*`, the number in any common form. */
export interface AuditFilterInput extends Omit<AuditFilter, 'action' | 'actionPrefix' | 'phoneNumber'> {
  action?: string;
  phoneNumber?: string;
  /** The operator's view only: one organization's records. */
  organizationId?: string;
}

/** A refused attempt as the audit log keeps it: what was tried, on what, and the error it met. */
export interface Refusal {
  action: string;
  errorCode: string;
  resource: { type: string; id: string } | null;
}

/** How many records the export reads at a time: its memory stays one page, whatever the log's size. */
const EXPORT_PAGE_SIZE = 1000;

/** The cursor just past a row, in the log's newest-first order. */
function positionOf(row: AuditRow): CreatedCursor {
  return { createdAt: row.created_at.toISOString(), id: row.id };
}

function recordOf(cause: Cause, action: string, outcome: NewAuditRecord['outcome']): NewAuditRecord {
  return {
    ...actorColumns(cause.actor),
    surface: cause.surface,
    action,
    outcome,
    resource_type: null,
    resource_id: null,
    request_id: cause.requestId ?? null,
    client_ip: cause.clientIp ?? null,
    user_agent: cause.userAgent ?? null,
    error_code: null,
  };
}

/**
 * The audit log: who changed what, who was refused what, and who read the log. Changes are
 * recorded by the journal with the change itself; this service records what no change
 * journals, and reads.
 *
 * A read of the log is recorded after its first page is read: that page, and every later page
 * or line of the same read (older still), never show the read itself; the next read does. A
 * read that cannot be recorded fails rather than go unrecorded.
 */
export class AuditService {
  constructor(private readonly repo: AuditRepo) {}

  /** Files a refused attempt under the caller's organization (none for the operator). */
  async recordRefusal(organizationId: string | null, cause: Cause, refusal: Refusal): Promise<void> {
    await this.repo.insert(organizationId, {
      ...recordOf(cause, refusal.action, 'refused'),
      resource_type: refusal.resource?.type ?? null,
      resource_id: refusal.resource?.id ?? null,
      error_code: refusal.errorCode,
    });
  }

  /** One page of the log, newest first; the read is then recorded. */
  async list(reader: AuditReader, input: AuditFilterInput, limit: number, after?: CreatedCursor): Promise<AuditRow[]> {
    const rows = await this.read(reader, filterOf(input), limit, after);
    await this.recordRead(reader, 'audit_log.list');
    return rows;
  }

  /**
   * Every record matching the filters, newest first, read a page at a time as the consumer
   * takes them. The first page is read, and the export recorded, before this returns, so an
   * export that cannot start fails as a whole instead of as a broken stream.
   */
  async export(reader: AuditReader, input: AuditFilterInput): Promise<AsyncIterable<readonly AuditRow[]>> {
    const filter = filterOf(input);
    const rows = await startedBatches(this.pages(reader, filter));
    await this.recordRead(reader, 'audit_log.export');
    return rows;
  }

  /** The records, a page at a time, each page read after the one before was taken. */
  private async *pages(reader: AuditReader, filter: AuditFilter): AsyncIterable<AuditRow[]> {
    let after: CreatedCursor | undefined;
    for (;;) {
      const page = await this.read(reader, filter, EXPORT_PAGE_SIZE, after);
      if (page.length) yield page;
      const last = page.at(-1);
      if (page.length < EXPORT_PAGE_SIZE || !last) return;
      after = positionOf(last);
    }
  }

  private read(reader: AuditReader, filter: AuditFilter & { organizationId?: string }, limit: number, after?: CreatedCursor) {
    if (reader === 'operator') return this.repo.listAcrossOrganizations(filter, limit, after);
    return this.repo.listForOrganization(reader.organizationId, filter, limit, after);
  }

  /** The read itself, as its reader's action; the operator's reads concern no one organization. */
  private async recordRead(reader: AuditReader, action: 'audit_log.list' | 'audit_log.export'): Promise<void> {
    const organizationId = reader === 'operator' ? null : reader.organizationId;
    await this.repo.insert(organizationId, recordOf(currentCause(), action, 'succeeded'));
  }
}

/** The repository's filter: `phone_number.*` as a prefix, the number in E.164. */
function filterOf(input: AuditFilterInput): AuditFilter & { organizationId?: string } {
  const { action, phoneNumber, ...rest } = input;
  const filter: AuditFilter & { organizationId?: string } = { ...rest };
  if (action?.endsWith('.*')) filter.actionPrefix = action.slice(0, -1);
  else if (action !== undefined) filter.action = action;
  if (phoneNumber !== undefined) filter.phoneNumber = parsePhoneNumber(phoneNumber, undefined, { parameter: 'phone_number' }).number;
  return filter;
}
