import { unwrap, type ApiEvent, type AuditRecord, type PhoneNumber } from '../api/client';
import { ChangeList } from '../components/ChangeList';
import { ErrorNotice, Notice } from '../components/Notice';
import { when } from '../format';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { timelineEntries, type TimelineEntry } from './timeline-entries';

const HISTORY_LIMIT = 100;

/** The number's events and audit records, newest first, as far as the key may read them. */
export function Timeline({ session, number, refresh }: { session: Session; number: PhoneNumber; refresh: number }) {
  const readsEvents = can(session, 'events:read');
  const readsAudit = can(session, 'audit:read');
  const [history, retry] = useLoad(`${number.id}:${refresh}`, async () => {
    const [events, records] = await Promise.all([
      readsEvents
        ? unwrap(session.api.GET('/v1/events', { params: { query: { resource_id: number.id, order: 'desc', limit: HISTORY_LIMIT } } })).then((page) => page.data)
        : ([] as ApiEvent[]),
      readsAudit
        ? unwrap(session.api.GET('/v1/audit-log', { params: { query: { resource_id: number.id, limit: HISTORY_LIMIT } } })).then((page) => page.data)
        : ([] as AuditRecord[]),
    ]);
    return timelineEntries(events, records);
  });

  return (
    <section class="card timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {!readsEvents && !readsAudit ? (
        <Notice title="History hidden">
          <p>
            This key can read neither events (<code>events:read</code>) nor the audit log (<code>audit:read</code>).
          </p>
        </Notice>
      ) : history.state === 'loading' ? (
        <p class="loading" role="status">
          Loading the history…
        </p>
      ) : history.state === 'failed' ? (
        <ErrorNotice error={history.error} onRetry={retry} />
      ) : history.value.length === 0 ? (
        <p class="muted">No changes recorded yet.</p>
      ) : (
        <ol class="entries">
          {history.value.map((entry) => (
            <Entry entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}

function Entry({ entry }: { entry: TimelineEntry }) {
  return (
    <li class={`entry ${entry.outcome}`}>
      <div class="entry-head">
        <strong>{entry.title}</strong>
        <time dateTime={entry.at}>{when(entry.at)}</time>
      </div>
      <p class="entry-who">
        by {entry.who} through {entry.surface}
        {entry.requestId && (
          <span class="muted">
            {' '}
            · request <code>{entry.requestId}</code>
          </span>
        )}
      </p>
      {entry.changes.length > 0 && <ChangeList changes={entry.changes} />}
    </li>
  );
}
