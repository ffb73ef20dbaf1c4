import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, unwrap, type ApiEvent, type AuditRecord, type PhoneNumber } from '../api/client';
import { ChangeList } from '../components/ChangeList';
import { ErrorNotice, Notice } from '../components/Notice';
import { when } from '../format';
import { withQuery } from '../router';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { timelineEntries, type TimelineEntry } from './timeline-entries';
import { following, shownEntries, UNREAD, type Paged } from './timeline-history';

/** Events and audit records read at a time, from each list. */
const HISTORY_PAGE = 100;

/** What a timeline has read of a number's events and of its audit records. */
interface History {
  events: Paged<ApiEvent>;
  records: Paged<AuditRecord>;
}

/** The older pages read on demand, for one load of the history (a save reads it again from the newest). */
interface Older {
  key: string;
  history: History;
  busy: boolean;
  error: ApiError | null;
}

/** The number's events and audit records, newest first, as far as the key may read them; older ones a page at a time. */
export function Timeline({ session, number, refresh }: { session: Session; number: PhoneNumber; refresh: number }) {
  const reads = { events: can(session, 'events:read'), audit: can(session, 'audit:read') };
  const key = `${number.id}:${refresh}`;
  const [first, retry] = useLoad(key, () =>
    readHistory(session, number.id, { events: reads.events ? undefined : UNREAD, records: reads.audit ? undefined : UNREAD }),
  );
  const [older, setOlder] = useState<Older | null>(null);
  const list = useRef<HTMLOListElement>(null);
  // After older entries are read, the focus goes to the first of them (the list's end, if none shows yet).
  const focusFrom = useRef<number | null>(null);

  const paged = older?.key === key ? older : null;
  const history = paged?.history ?? (first.state === 'ready' ? first.value : null);
  const shown = history && shownEntries(timelineEntries(history.events.items, history.records.items), [history.events, history.records]);

  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || !list.current) return;
    focusFrom.current = null;
    const items = list.current.querySelectorAll<HTMLElement>(':scope > li');
    (items[from] ?? items[items.length - 1])?.focus();
  }, [paged?.history]);

  const showOlder = async () => {
    if (!history || !shown || paged?.busy) return;
    setOlder({ key, history, busy: true, error: null });
    try {
      const next = await readHistory(session, number.id, history);
      focusFrom.current = shown.entries.length;
      setOlder({ key, history: next, busy: false, error: null });
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError({ status: 0, title: 'Something went wrong', detail: String(error) });
      setOlder({ key, history, busy: false, error: failure });
    }
  };

  return (
    <section class="card timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {!reads.events && !reads.audit ? (
        <Notice title="History hidden">
          <p>
            This key can read neither events (<code>events:read</code>) nor the audit log (<code>audit:read</code>).
          </p>
        </Notice>
      ) : first.state === 'failed' ? (
        <ErrorNotice error={first.error} onRetry={retry} />
      ) : !shown ? (
        <p class="loading" role="status">
          Loading the history…
        </p>
      ) : shown.entries.length === 0 && !shown.older ? (
        <p class="muted">No changes recorded yet.</p>
      ) : (
        <>
          <ol class="entries" ref={list}>
            {shown.entries.map((entry) => (
              <Entry key={entry.id} entry={entry} />
            ))}
          </ol>
          {shown.older && (
            <div class="timeline-more">
              <p id="timeline-cut" class="muted">
                The {shown.entries.length} latest changes are shown; older ones are not read yet.
                {reads.audit && (
                  <>
                    {' '}
                    They are also in{' '}
                    <a href={withQuery('/audit-log', new URLSearchParams({ resource_id: number.id }))}>the audit log of this number</a>.
                  </>
                )}
              </p>
              {/* Not disabled while it reads: a disabled button would drop the focus. */}
              <button type="button" class="button" onClick={showOlder} aria-disabled={paged?.busy} aria-describedby="timeline-cut">
                {paged?.busy ? 'Reading older changes…' : 'Show older'}
              </button>
              {paged?.error && <ErrorNotice error={paged.error} onRetry={showOlder} />}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The next page of each list that has more, or the first page of each list not read yet (undefined). */
async function readHistory(session: Session, numberId: string, before: { events?: Paged<ApiEvent>; records?: Paged<AuditRecord> }): Promise<History> {
  const cursorOf = (list: Paged<unknown> | undefined) => (list?.next ? { cursor: list.next } : {});
  const readEvents = async () => {
    const query = { resource_id: numberId, order: 'desc' as const, limit: HISTORY_PAGE, ...cursorOf(before.events) };
    return following(before.events, await unwrap(session.api.GET('/v1/events', { params: { query } })));
  };
  const readRecords = async () => {
    const query = { resource_id: numberId, limit: HISTORY_PAGE, ...cursorOf(before.records) };
    return following(before.records, await unwrap(session.api.GET('/v1/audit-log', { params: { query } })));
  };
  const [events, records] = await Promise.all([
    before.events && before.events.next === null ? before.events : readEvents(),
    before.records && before.records.next === null ? before.records : readRecords(),
  ]);
  return { events, records };
}

function Entry({ entry }: { entry: TimelineEntry }) {
  return (
    <li class={`entry ${entry.outcome}`} tabIndex={-1}>
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
