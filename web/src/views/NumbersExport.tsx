import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, unwrap } from '../api/client';
import type { operations } from '../api/openapi';
import type { Session } from '../session';
import { filterOf } from './bulk-request';
import { sortOf } from './numbers-query';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
/** How often the progress is redrawn while bytes arrive. */
const REDRAW_MS = 150;

/**
 * Counts the rows of a CSV as its bytes arrive: line ends outside quoted cells (a name may hold
 * a line break). Byte by byte, as UTF-8 never uses these two bytes inside another character.
 */
class CsvRowCounter {
  lines = 0;
  private quoted = false;
  add(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === QUOTE) this.quoted = !this.quoted;
      else if (byte === NEWLINE && !this.quoted) this.lines++;
    }
  }
  /** The data rows so far: the lines after the header. */
  get rows(): number {
    return Math.max(0, this.lines - 1);
  }
}

type State =
  | { phase: 'idle' }
  | { phase: 'running'; rows: number; bytes: number; total: number | null }
  | { phase: 'done'; rows: number; url: string; filename: string }
  | { phase: 'failed'; error: ApiError };

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024).toLocaleString()} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

function filenameOf(response: Response): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? 'phone-numbers.csv';
}

/**
 * Export of the view's filters as CSV (GET /v1/phone-numbers/export, the import's columns):
 * fetched with the key in the Authorization header, read as it streams with the rows counted
 * against the count of matches, and handed to the browser as a file from a Blob (a key never
 * goes in a URL).
 */
export function NumbersExport({ session, query }: { session: Session; query: URLSearchParams }) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const link = useRef<HTMLAnchorElement>(null);
  const url = state.phase === 'done' ? state.url : null;

  // The file is offered as soon as it is whole; its Blob is let go when another export or leaving the view replaces it.
  useEffect(() => {
    if (!url) return;
    link.current?.click();
    return () => URL.revokeObjectURL(url);
  }, [url]);
  useEffect(() => () => abort.current?.abort(), []);

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    const filter = filterOf(query);
    let total: number | null = null;
    setState({ phase: 'running', rows: 0, bytes: 0, total });
    // The count of matches, asked beside the export, turns the row count into a share done.
    void unwrap(session.api.GET('/v1/phone-numbers', { params: { query: { ...filter, limit: 1, include_total: true } }, signal: controller.signal })).then(
      (page) => (total = page.total_count ?? null),
      () => undefined,
    );
    try {
      const { body, response } = await exportStream(session, { ...filter, ...sortOf(query), format: 'csv' }, controller.signal);
      const counter = new CsvRowCounter();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      let drawn = 0;
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        counter.add(value);
        bytes += value.length;
        if (Date.now() - drawn > REDRAW_MS) {
          drawn = Date.now();
          setState({ phase: 'running', rows: counter.rows, bytes, total });
        }
      }
      const blob = new Blob(chunks as BlobPart[], { type: 'text/csv' });
      setState({ phase: 'done', rows: counter.rows, url: URL.createObjectURL(blob), filename: filenameOf(response) });
    } catch (error) {
      if (controller.signal.aborted) setState({ phase: 'idle' });
      else setState({ phase: 'failed', error: error instanceof ApiError ? error : new ApiError({ status: 0, title: 'The export stopped', detail: String(error) }) });
    } finally {
      if (abort.current === controller) abort.current = null;
    }
  };

  return (
    <div class="export">
      {state.phase === 'running' ? (
        <button type="button" class="button" onClick={() => abort.current?.abort()}>
          Stop export
        </button>
      ) : (
        <button type="button" class="button" onClick={start}>
          Export CSV
        </button>
      )}
      {state.phase === 'running' && <ExportProgress {...state} />}
      <div class="export-status" role="status">
        {state.phase === 'running' && <span class="visually-hidden">Exporting the numbers…</span>}
        {state.phase === 'done' && (
          <span>
            Exported {state.rows.toLocaleString()} {state.rows === 1 ? 'number' : 'numbers'}.{' '}
            <a ref={link} href={state.url} download={state.filename}>
              Save {state.filename} again
            </a>
          </span>
        )}
        {state.phase === 'failed' && <span class="field-error">Export failed: {state.error.problem.detail ?? state.error.problem.title}</span>}
      </div>
    </div>
  );
}

function ExportProgress({ rows, bytes, total }: { rows: number; bytes: number; total: number | null }) {
  const share = total ? Math.min(100, Math.round((rows / total) * 100)) : null;
  return (
    <span class="export-progress">
      {share !== null && (
        <progress max={100} value={share} aria-label="Export progress">
          {share}%
        </progress>
      )}
      Exporting… {rows.toLocaleString()}
      {total !== null ? ` of ${total.toLocaleString()}` : ''} numbers ({size(bytes)})
    </span>
  );
}

type ExportQuery = NonNullable<operations['numbers.export']['parameters']['query']>;

/** The export's answer as a stream of bytes; an error answer becomes an ApiError. */
async function exportStream(session: Session, query: ExportQuery, signal: AbortSignal): Promise<{ body: ReadableStream<Uint8Array>; response: Response }> {
  const call = session.api.GET('/v1/phone-numbers/export', { params: { query }, parseAs: 'stream', signal });
  const body = await unwrap(call);
  const { response } = await call;
  if (!body) throw new ApiError({ status: response.status, title: 'The export answered nothing', detail: 'Try again.' });
  return { body, response };
}
