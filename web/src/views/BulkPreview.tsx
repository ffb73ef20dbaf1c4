import { useState } from 'preact/hooks';
import { unwrap, type ApiError } from '../api/client';
import { ErrorNotice, Notice } from '../components/Notice';
import { changeValue } from '../format';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { describeChange, fieldChanges, jobBody, newIdempotencyKey, type BulkJob, type Change, type Preview, type PreviewItem, type Target } from './bulk-request';

const PREVIEW_PAGE = 25;

const OUTCOMES: Record<PreviewItem['outcome'], { text: string; tone: string }> = {
  would_change: { text: 'Would change', tone: 'info' },
  unchanged: { text: 'Already so', tone: 'muted' },
  would_fail: { text: 'Would fail', tone: 'bad' },
};

/**
 * The API's dry run of the change, a page at a time: how many numbers the job would work, and
 * each one's fields as they are and as they would be. Nothing is written until Run; the count
 * shown is the count the job is sent with, so a filter that matches another count by then is
 * refused rather than run.
 */
export function BulkPreview(props: {
  session: Session;
  target: Target;
  change: Change;
  onBack: () => void;
  onPreviewAgain: () => void;
  onStarted: (job: BulkJob) => void;
}) {
  const { session, target, change } = props;
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const body = jobBody(change, target, { dryRun: true });
  const [page, retry] = useLoad(JSON.stringify([body, cursor]), async () => {
    const answer = await unwrap(session.api.POST('/v1/phone-numbers/jobs', { params: { query: { limit: PREVIEW_PAGE, ...(cursor ? { cursor } : {}) } }, body }));
    return answer as Preview;
  });

  return (
    <div class="bulk-preview">
      <h3 class="step-title" tabIndex={-1}>
        2. Preview: {describeChange(change)}
      </h3>
      {page.state === 'loading' && (
        <p class="loading" role="status">
          Asking for a dry run…
        </p>
      )}
      {page.state === 'failed' && <ErrorNotice error={page.error} onRetry={retry} />}
      {page.state === 'ready' && (
        <>
          <p role="status" class="preview-count">
            {page.value.count === 1 ? '1 number' : `${page.value.count.toLocaleString()} numbers`} in the job. Nothing has changed yet.
          </p>
          <PreviewTable items={page.value.data} />
          {(cursors.length > 0 || page.value.has_more) && (
            <nav class="pager" aria-label="Preview pages">
              <div>
                {cursors.length > 0 && (
                  <button type="button" class="button" onClick={() => setCursors(cursors.slice(0, -1))}>
                    Previous preview page
                  </button>
                )}
                {page.value.next_cursor && (
                  <button type="button" class="button" onClick={() => setCursors([...cursors, page.value.next_cursor!])}>
                    Next preview page
                  </button>
                )}
              </div>
            </nav>
          )}
          <RunJob {...props} count={page.value.count} />
        </>
      )}
      {page.state !== 'ready' && (
        <div class="bulk-actions">
          <button type="button" class="button" onClick={props.onBack}>
            Back
          </button>
        </div>
      )}
    </div>
  );
}

function PreviewTable({ items }: { items: PreviewItem[] }) {
  if (!items.length) return <Notice title="No numbers to change">Nothing matches now: close this panel and change the filters.</Notice>;
  return (
    <div class="table-wrap">
      <table class="numbers preview">
        <caption class="visually-hidden">What the change would do to each number</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Outcome</th>
            <th scope="col">Now → after</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => {
            const outcome = OUTCOMES[item.outcome];
            return (
              <tr key={`${item.phone_number}-${index}`}>
                <th scope="row">{item.phone_number}</th>
                <td>
                  <span class={`badge ${outcome.tone}`}>{outcome.text}</span>
                </td>
                <td class="wrap">
                  {item.error ? (
                    <span>
                      <code>{item.error.code}</code> {item.error.detail}
                    </span>
                  ) : (
                    <ul class="changes">
                      {fieldChanges(item.before, item.after).map((line) => (
                        <li key={line.field}>
                          <span class="field-name">{line.field}</span>: <del>{changeValue(line.before)}</del> → <ins>{changeValue(line.after)}</ins>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Run: the job, sent once (an Idempotency-Key makes a second click the same job); a release asks for the count typed first. */
function RunJob(props: { session: Session; target: Target; change: Change; count: number; onBack: () => void; onPreviewAgain: () => void; onStarted: (job: BulkJob) => void }) {
  const { session, target, change, count } = props;
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [typed, setTyped] = useState('');
  const release = change.kind === 'release';
  const phrase = `release ${count}`;
  const confirmed = !release || typed.trim().toLowerCase() === phrase;
  const mismatch = problem?.problem.code === 'count_mismatch';

  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const body = jobBody(change, target, { expectedCount: count });
      const job = await unwrap(session.api.POST('/v1/phone-numbers/jobs', { body, headers: { 'idempotency-key': idempotencyKey } }));
      props.onStarted(job as BulkJob);
    } catch (error) {
      setProblem(error as ApiError);
      setBusy(false);
    }
  };

  return (
    <div class="run-job">
      {mismatch ? (
        <Notice title="The numbers changed since the preview: nothing was run" tone="error">
          <p>{problem.problem.detail}</p>
          <button type="button" class="button" onClick={props.onPreviewAgain}>
            Preview again
          </button>
        </Notice>
      ) : (
        problem && <ErrorNotice error={problem} />
      )}
      {release && count > 0 && (
        <div class="field confirm">
          <label for="bulk-confirm">
            To release {count === 1 ? 'this number' : `these ${count.toLocaleString()} numbers`}, type <kbd>{phrase}</kbd>
          </label>
          <input id="bulk-confirm" value={typed} onInput={(event) => setTyped(event.currentTarget.value)} autoComplete="off" />
        </div>
      )}
      <div class="bulk-actions">
        <button type="button" class="button" onClick={props.onBack} disabled={busy}>
          Back
        </button>
        {count > 0 && (
          <button type="button" class={`button primary${release ? ' danger' : ''}`} onClick={run} disabled={busy || !confirmed || mismatch}>
            {busy ? 'Starting…' : release ? `Release ${count === 1 ? '1 number' : `${count.toLocaleString()} numbers`}` : `Run on ${count === 1 ? '1 number' : `${count.toLocaleString()} numbers`}`}
          </button>
        )}
      </div>
    </div>
  );
}
