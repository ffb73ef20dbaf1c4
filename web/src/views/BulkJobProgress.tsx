import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, unwrap } from '../api/client';
import { ErrorNotice } from '../components/Notice';
import { label } from '../format';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { isActive, newIdempotencyKey, type BulkJob } from './bulk-request';

const POLL_MS = 700;
const FAILURES_PAGE = 25;

const TONES: Record<BulkJob['status'], string> = { queued: 'info', running: 'info', completed: 'good', failed: 'bad', canceled: 'warn' };

const numbers = (count: number) => `${count.toLocaleString()} ${count === 1 ? 'number' : 'numbers'}`;

/** The job's state in one sentence: what a screen reader announces as it changes. */
function summary(job: BulkJob): string {
  const { succeeded, failed, canceled } = job.counts;
  switch (job.status) {
    case 'queued':
      return 'Queued: the job starts in a moment.';
    case 'running':
      return 'Running: numbers are being changed one by one.';
    case 'completed':
      return `Done: ${numbers(succeeded)} succeeded${failed ? `, ${numbers(failed)} failed` : ''}.`;
    case 'failed':
      return `Failed: every number failed (${numbers(failed)}).`;
    case 'canceled':
      return `Canceled: ${numbers(succeeded)} done, ${numbers(canceled)} left as they were${failed ? `, ${numbers(failed)} failed` : ''}.`;
  }
}

/** Follows a bulk job to its end: its progress and counts, cancel while it runs, then its failures and a retry of them. */
export function BulkJobProgress(props: { session: Session; initial: BulkJob; onEnded: () => void; onRetried: (job: BulkJob) => void; onClose: () => void }) {
  const { session } = props;
  const [job, setJob] = useState(props.initial);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'cancel' | 'retry' | null>(null);
  const [retryKey] = useState(newIdempotencyKey);
  const active = isActive(job);
  const ended = useRef(false);

  // Polls while the job is active; a failed poll is shown and polling goes on.
  useEffect(() => {
    if (!active) return;
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const next = await unwrap(session.api.GET('/v1/phone-numbers/jobs/{id}', { params: { path: { id: job.id } } }));
        if (current) setJob(next);
      } catch (error) {
        if (current) {
          setProblem(error as ApiError);
          setJob({ ...job });
        }
      }
    }, POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [job]);

  useEffect(() => {
    if (active || ended.current) return;
    ended.current = true;
    props.onEnded();
  }, [active]);

  const cancel = async () => {
    setBusy('cancel');
    try {
      setJob(await unwrap(session.api.POST('/v1/phone-numbers/jobs/{id}/cancel', { params: { path: { id: job.id } } })));
    } catch (error) {
      // 409: it ended meanwhile; the next answer shows how.
      if (!(error instanceof ApiError && error.problem.status === 409)) setProblem(error as ApiError);
      setJob(await unwrap(session.api.GET('/v1/phone-numbers/jobs/{id}', { params: { path: { id: job.id } } })).catch(() => job));
    } finally {
      setBusy(null);
    }
  };

  const retry = async () => {
    setBusy('retry');
    try {
      const next = await unwrap(session.api.POST('/v1/phone-numbers/jobs/{id}/retry-failed', { params: { path: { id: job.id } }, headers: { 'idempotency-key': retryKey } }));
      props.onRetried(next);
    } catch (error) {
      setProblem(error as ApiError);
      setBusy(null);
    }
  };

  const percent = Math.round(job.progress * 100);
  return (
    <div class="bulk-job">
      <h3 class="step-title" tabIndex={-1}>
        3. {job.retry_of ? 'Retry of the failed numbers' : 'The job'}{' '}
        <span class={`badge ${TONES[job.status]}`}>{label(job.status)}</span>
      </h3>
      <p role="status" class="job-summary">
        {summary(job)}
      </p>
      <div class="job-progress">
        <label for="job-progress">Progress</label>
        <progress id="job-progress" max={100} value={percent}>
          {percent}%
        </progress>
        <span aria-hidden="true">{percent}%</span>
      </div>
      <dl class="job-counts">
        {(['total', 'succeeded', 'failed', 'pending', 'canceled'] as const).map((name) => (
          <div key={name} class={`job-count ${name}`}>
            <dt>{label(name)}</dt>
            <dd>{job.counts[name].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {problem && <ErrorNotice error={problem} />}
      {!active && job.counts.failed > 0 && <Failures session={session} job={job} />}
      <div class="bulk-actions">
        {active && (
          <button type="button" class="button" onClick={cancel} disabled={busy !== null}>
            {busy === 'cancel' ? 'Canceling…' : 'Cancel the job'}
          </button>
        )}
        {!active && job.counts.failed > 0 && (
          <button type="button" class="button" onClick={retry} disabled={busy !== null}>
            {busy === 'retry' ? 'Starting…' : `Retry the ${numbers(job.counts.failed)} that failed`}
          </button>
        )}
        <button type="button" class="button primary" onClick={props.onClose}>
          {active ? 'Close (the job goes on)' : 'Done'}
        </button>
      </div>
    </div>
  );
}

/** The numbers the job failed on, with each error's code and detail, a page at a time. */
function Failures({ session, job }: { session: Session; job: BulkJob }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [page, retry] = useLoad(`${job.id}:${job.updated_at}:${cursor ?? ''}`, () =>
    unwrap(
      session.api.GET('/v1/phone-numbers/jobs/{id}/items', {
        params: { path: { id: job.id }, query: { outcome: 'failed', limit: FAILURES_PAGE, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  return (
    <section class="failures" aria-labelledby="failures-title">
      <h4 id="failures-title">Failed numbers</h4>
      {page.state === 'loading' && (
        <p class="loading" role="status">
          Loading the failures…
        </p>
      )}
      {page.state === 'failed' && <ErrorNotice error={page.error} onRetry={retry} />}
      {page.state === 'ready' && (
        <>
          <div class="table-wrap">
            <table class="numbers failures-table">
              <caption class="visually-hidden">Numbers the job failed on, with the error of each</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Error</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {page.value.data.map((item) => (
                  <tr key={item.position}>
                    <th scope="row">{item.phone_number}</th>
                    <td>
                      <code>{item.error?.code ?? '—'}</code>
                    </td>
                    <td class="wrap">{item.error?.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(cursors.length > 0 || page.value.has_more) && (
            <nav class="pager" aria-label="Failure pages">
              <div>
                {cursors.length > 0 && (
                  <button type="button" class="button" onClick={() => setCursors(cursors.slice(0, -1))}>
                    Previous failures
                  </button>
                )}
                {page.value.next_cursor && (
                  <button type="button" class="button" onClick={() => setCursors([...cursors, page.value.next_cursor!])}>
                    More failures
                  </button>
                )}
              </div>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
