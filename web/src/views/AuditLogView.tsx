import { useState } from 'preact/hooks';
import { unwrap, type AdminAuditQuery, type Api, type AuditRecord } from '../api/client';
import { ChangeList } from '../components/ChangeList';
import { CursorPager, PageSize } from '../components/CursorPager';
import { ErrorNotice, Notice } from '../components/Notice';
import { useFieldsFollow } from '../form-fields';
import { label } from '../format';
import { navigate, withQuery } from '../router';
import { useLoad } from '../use-load';
import { PAGE_SIZES } from '../vocabulary';
import {
  ACTOR_TYPES,
  auditFilters,
  auditPageQuery,
  fromLocalInput,
  hasAuditFilters,
  localInput,
  OUTCOMES,
  withoutAuditFilters,
} from './audit-query';
import { changed, pageSizeOf } from './numbers-query';
import { SURFACES, surfaceName, who } from './timeline-entries';

/**
 * Whose audit log: an organization's (its key needs audit:read) or, for the operator, every
 * organization's and the operator's own. The same view; the API it reads differs.
 */
export type AuditSource = { kind: 'organization'; api: Api; readsAudit: boolean; readsNumbers: boolean } | { kind: 'operator'; api: Api };

const go = (query: URLSearchParams) => navigate(withQuery('/audit-log', query));

/** To the second: records of one request often share the minute. */
const instant = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function listPage(source: AuditSource, request: AdminAuditQuery) {
  if (source.kind === 'operator') return unwrap(source.api.GET('/v1/admin/audit-log', { params: { query: request } }));
  const { organization_id: _, ...own } = request;
  return unwrap(source.api.GET('/v1/audit-log', { params: { query: own } }));
}

export function AuditLogView({ source, query }: { source: AuditSource; query: URLSearchParams }) {
  const operator = source.kind === 'operator';
  const title = (
    <h1 id="audit-title" tabIndex={-1}>
      Audit log
    </h1>
  );
  if (source.kind === 'organization' && !source.readsAudit) {
    return (
      <section aria-labelledby="audit-title">
        <div class="view-head">{title}</div>
        <Notice title="This key cannot read the audit log">
          <p>
            The audit log needs a key with the <code>audit:read</code> scope. Sign out and sign in with another key, or ask the operator for one.
          </p>
        </Notice>
      </section>
    );
  }
  return (
    <section aria-labelledby="audit-title">
      <div class="view-head">
        <div>
          {title}
          <p class="subtitle">
            {operator
              ? "Every organization's changes and refusals, and the operator's own, newest first."
              : 'Every change and refused attempt in this organization, newest first: who, through what, from what to what.'}
          </p>
        </div>
        <Export source={source} query={query} />
      </div>
      <AuditFilters query={query} operator={operator} />
      <Records source={source} query={query} />
    </section>
  );
}

function Records({ source, query }: { source: AuditSource; query: URLSearchParams }) {
  const request = auditPageQuery(query, source.kind === 'operator');
  const [page, retry] = useLoad(`${source.kind}:${JSON.stringify(request)}`, () => listPage(source, request));
  if (page.state === 'failed') return <ErrorNotice error={page.error} onRetry={retry} />;
  return (
    <div class="table-wrap" aria-busy={page.state === 'loading'}>
      {page.state === 'loading' ? (
        <p class="loading" role="status">
          Loading the audit log…
        </p>
      ) : (
        <>
          {page.value.data.length === 0 ? <Empty query={query} /> : <RecordsTable source={source} query={query} records={page.value.data} />}
          <CursorPager cursor={query.get('cursor')} page={page.value} go={(cursor) => go(changed(query, { cursor }, true))}>
            <PageSize id="audit-page-size" sizes={PAGE_SIZES} value={pageSizeOf(query)} onChange={(limit) => go(changed(query, { limit }))} />
          </CursorPager>
        </>
      )}
    </div>
  );
}

function Empty({ query }: { query: URLSearchParams }) {
  if (hasAuditFilters(query)) {
    return (
      <Notice title="No records match these filters">
        <p>Loosen a filter or widen the dates, or clear them all to see every record.</p>
        <button type="button" class="button" onClick={() => clearFilters(query)}>
          Clear filters
        </button>
      </Notice>
    );
  }
  return (
    <Notice title="No records yet">
      <p>Each change to a number, through any surface, and each refused attempt is recorded here as it happens.</p>
    </Notice>
  );
}

function Choice({
  name,
  text,
  values,
  query,
  format,
}: {
  name: string;
  text: string;
  values: readonly string[];
  query: URLSearchParams;
  format: (value: string) => string;
}) {
  return (
    <div class="field">
      <label for={`audit-${name}`}>{text}</label>
      <select id={`audit-${name}`} name={name} value={query.get(name) ?? ''} onChange={(event) => go(changed(query, { [name]: event.currentTarget.value }))}>
        <option value="">Any</option>
        {values.map((value) => (
          <option value={value}>{format(value)}</option>
        ))}
      </select>
    </div>
  );
}

function TextFilter({ name, text, query, placeholder, maxLength = 200 }: { name: string; text: string; query: URLSearchParams; placeholder?: string; maxLength?: number }) {
  return (
    <div class="field">
      <label for={`audit-${name}`}>{text}</label>
      <input id={`audit-${name}`} name={name} defaultValue={query.get(name) ?? ''} placeholder={placeholder} maxLength={maxLength} autoComplete="off" spellcheck={false} />
    </div>
  );
}

const ACTOR_NAMES: Record<string, string> = { api_key: 'An API key', operator: 'The operator', system: 'Dialtone (a job)', anonymous: 'Unauthenticated' };
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The view without its filters, with the focus on the first filter: the button that cleared them goes with them. */
function clearFilters(query: URLSearchParams) {
  go(withoutAuditFilters(query));
  document.getElementById('audit-actor_type')?.focus();
}

/**
 * The filters the API offers. Lists apply at once; text and dates on Enter or Apply. The form
 * stays as the URL changes, so the control used keeps the focus; its fields follow the URL.
 */
function AuditFilters({ query, operator }: { query: URLSearchParams; operator: boolean }) {
  const form = useFieldsFollow(query.toString());
  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    go(
      changed(query, {
        actor_key_prefix: text('actor_key_prefix'),
        actor_id: text('actor_id'),
        action: text('action'),
        phone_number: text('phone_number'),
        resource_id: text('resource_id'),
        request_id: text('request_id'),
        created_after: fromLocalInput(text('created_after')),
        created_before: fromLocalInput(text('created_before')),
        ...(operator ? { organization_id: text('organization_id') } : {}),
      }),
    );
  };
  return (
    <form class="filters audit-filters" role="search" aria-label="Filter the audit log" onSubmit={apply} ref={form}>
      <Choice name="actor_type" text="Actor" values={ACTOR_TYPES} query={query} format={(v) => ACTOR_NAMES[v] ?? label(v)} />
      <TextFilter name="actor_key_prefix" text="Key prefix" query={query} placeholder="dt_…" maxLength={64} />
      <TextFilter name="actor_id" text="Actor id" query={query} placeholder="Key id or job name" />
      <div class="field">
        <label for="audit-action">Action</label>
        <input
          id="audit-action"
          name="action"
          list="audit-actions"
          defaultValue={query.get('action') ?? ''}
          placeholder="phone_number.*"
          maxLength={200}
          autoComplete="off"
          spellcheck={false}
        />
        <datalist id="audit-actions">
          {[
            'phone_number.*',
            'phone_number.updated',
            'phone_number.created',
            'phone_number.released',
            'numbers.update',
            'api_key.*',
            'organization.created',
            'audit_log.list',
            'audit_log.export',
          ].map((action) => (
            <option value={action} />
          ))}
        </datalist>
      </div>
      <Choice name="outcome" text="Outcome" values={OUTCOMES} query={query} format={label} />
      <Choice name="surface" text="Surface" values={Object.keys(SURFACES)} query={query} format={(v) => capital(surfaceName(v))} />
      <TextFilter name="phone_number" text="Phone number" query={query} placeholder="Any common form" maxLength={32} />
      <TextFilter name="resource_id" text="Resource id" query={query} />
      <TextFilter name="request_id" text="Request id" query={query} maxLength={128} />
      {operator && <TextFilter name="organization_id" text="Organization id" query={query} />}
      <div class="field">
        <label for="audit-created_after">From</label>
        <input id="audit-created_after" name="created_after" type="datetime-local" step={1} defaultValue={localInput(query.get('created_after'))} />
      </div>
      <div class="field">
        <label for="audit-created_before">Before</label>
        <input id="audit-created_before" name="created_before" type="datetime-local" step={1} defaultValue={localInput(query.get('created_before'))} />
      </div>
      <div class="field actions">
        <button type="submit" class="button primary">
          Apply
        </button>
        {hasAuditFilters(query) && (
          <button type="button" class="button quiet" onClick={() => clearFilters(query)}>
            Clear
          </button>
        )}
      </div>
    </form>
  );
}

function RecordsTable({ source, query, records }: { source: AuditSource; query: URLSearchParams; records: AuditRecord[] }) {
  const operator = source.kind === 'operator';
  return (
    <table class="numbers audit-records">
      <caption class="visually-hidden">Audit records, newest first, {records.length} on this page</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          {operator && <th scope="col">Organization</th>}
          <th scope="col">Through</th>
          <th scope="col">Action</th>
          <th scope="col">Concerning</th>
          <th scope="col">Changes</th>
          <th scope="col">Request</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <RecordRow key={record.id} source={source} query={query} record={record} />
        ))}
      </tbody>
    </table>
  );
}

/** A link that narrows the view to one value of a filter. */
const narrowed = (query: URLSearchParams, name: string, value: string) => withQuery('/audit-log', changed(query, { [name]: value }));

function RecordRow({ source, query, record }: { source: AuditSource; query: URLSearchParams; record: AuditRecord }) {
  const { actor } = record;
  const actorName = capital(who({ type: actor.type, prefix: actor.key_prefix, id: actor.id }));
  const changes = Object.entries(record.changes ?? {}).map(([field, change]) => ({ field, from: change.from, to: change.to }));
  const numberLink = source.kind === 'organization' && source.readsNumbers && record.resource?.type === 'phone_number';
  return (
    <tr class={`record ${record.outcome}`}>
      <th scope="row">
        <time dateTime={record.created_at}>{instant.format(new Date(record.created_at))}</time>
      </th>
      <td>
        {actor.type === 'api_key' && actor.key_prefix ? (
          <a href={narrowed(query, 'actor_key_prefix', actor.key_prefix)} title="Only this key's records">
            {actorName}
          </a>
        ) : (
          actorName
        )}
      </td>
      {source.kind === 'operator' && (
        <td>{record.organization_id ? <a href={`/organizations/${record.organization_id}`}>{record.organization_id.slice(0, 8)}…</a> : <span class="muted">None</span>}</td>
      )}
      <td>{capital(surfaceName(record.surface))}</td>
      <td>
        <code>{record.action}</code>{' '}
        {record.outcome === 'refused' ? (
          <span class="badge bad">Refused{record.error_code ? `: ${record.error_code}` : ''}</span>
        ) : (
          <span class="badge good">Done</span>
        )}
      </td>
      <td>
        <Concerning record={record} numberLink={numberLink} />
      </td>
      <td class="wrap">{changes.length ? <ChangeList changes={changes} /> : <span class="muted">—</span>}</td>
      <td class="wrap small">
        {record.request_id ? (
          <a href={narrowed(query, 'request_id', record.request_id)} title="Only this request's records">
            <code>{record.request_id}</code>
          </a>
        ) : (
          <span class="muted">—</span>
        )}
        {(record.client_ip || record.user_agent) && (
          <div class="muted">
            {[record.client_ip, record.user_agent].filter(Boolean).join(' · ')}
          </div>
        )}
      </td>
    </tr>
  );
}

/** The number a record concerns, else its resource by kind and the start of its id (all of it on hover). */
function Concerning({ record, numberLink }: { record: AuditRecord; numberLink: boolean }) {
  const { resource, phone_number: number } = record;
  if (!resource) return number ? <>{number}</> : <span class="muted">—</span>;
  const short = resource.id.length > 12 ? `${resource.id.slice(0, 8)}…` : resource.id;
  const text = number ?? (
    <>
      {label(resource.type)} <code>{short}</code>
    </>
  );
  const full = `${label(resource.type)} ${resource.id}`;
  return numberLink ? (
    <a href={`/numbers/${resource.id}`} title={full}>
      {text}
    </a>
  ) : (
    <span title={full}>{text}</span>
  );
}

type ExportFormat = 'csv' | 'ndjson';

/** The export of the current filters, fetched with the key in its header and saved from a Blob: the key never goes in a URL. */
async function exportFile(source: AuditSource, query: URLSearchParams, format: ExportFormat): Promise<{ name: string; size: number }> {
  const options = { parseAs: 'blob' as const };
  const call =
    source.kind === 'operator'
      ? source.api.GET('/v1/admin/audit-log/export', { params: { query: { ...auditFilters(query, true), format } }, ...options })
      : source.api.GET('/v1/audit-log/export', { params: { query: { ...auditFilters(query, false), format } }, ...options });
  const blob = await unwrap<Blob>(call);
  const disposition = (await call).response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `audit-log.${format}`;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started; the page's goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: blob.size };
}

function Export({ source, query }: { source: AuditSource; query: URLSearchParams }) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [status, setStatus] = useState<{ tone: 'ok' | 'error' | ''; text: string }>({ tone: '', text: '' });
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setStatus({ tone: '', text: 'Exporting…' });
    try {
      const file = await exportFile(source, query, format);
      setStatus({ tone: 'ok', text: `Downloaded ${file.name} (${(file.size / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} KB).` });
    } catch (error) {
      setStatus({ tone: 'error', text: `Not exported: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="audit-export" role="group" aria-label="Export">
      <div class="field inline">
        <label for="audit-export-format">Export as</label>
        <select id="audit-export-format" value={format} onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}>
          <option value="csv">CSV</option>
          <option value="ndjson">NDJSON</option>
        </select>
      </div>
      <button type="button" class="button" onClick={run} disabled={busy}>
        {busy ? 'Exporting…' : hasAuditFilters(query) ? 'Export these records' : 'Export all records'}
      </button>
      <p class={`form-status ${status.tone}`} role="status">
        {status.text}
      </p>
    </div>
  );
}
