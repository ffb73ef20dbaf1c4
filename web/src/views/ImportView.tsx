import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, unwrap } from '../api/client';
import type { operations } from '../api/openapi';
import { ErrorNotice, Notice } from '../components/Notice';
import { can, type Session } from '../session';
import { splitCsv, type CsvPart } from './import-csv';

/**
 * Importing numbers from a CSV: the file is checked first (a dry run of the import API, part by
 * part) and every row it would reject shown by its line, before anything is written; then the
 * import, part by part with its progress, and a summary.
 */

type ImportAnswer = operations['number_imports.create']['responses'][200]['content']['application/json'];
type Rejection = ImportAnswer['rejected'][number];

/**
 * Rows checked in one request: the most the API takes, so a number given twice within 2,000
 * rows is found before the import (one given twice further apart is refused by the import).
 */
const ROWS_PER_CHECK = 2000;
/** Rows imported in one request: fewer, so the progress moves on a file of a few thousand. */
const ROWS_PER_IMPORT = 500;
/** Characters sent in one request, far below the API's 1 MiB body. */
const CHARS_PER_PART = 250_000;

const COLUMNS = ['number', 'country', 'friendly_name', 'tags', 'capabilities', 'carrier', 'customer_reference', 'connection_id', 'billing_group_id'];

interface Tally {
  done: number;
  imported: number;
  rejected: Rejection[];
}

type Phase =
  | { step: 'choose' }
  | { step: 'checking'; file: string; rows: number; progress: number }
  | { step: 'preview'; file: string; text: string; rows: number; tally: Tally }
  | { step: 'importing'; file: string; rows: number; progress: number; imported: number }
  | { step: 'done'; file: string; rows: number; tally: Tally; stopped?: ApiError }
  | { step: 'failed'; file: string; error: ApiError };

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function ImportView({ session }: { session: Session }) {
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });

  if (!can(session, 'phone_numbers:write')) {
    return (
      <section>
        <h1 tabIndex={-1}>Import numbers</h1>
        <Notice title="This key cannot import numbers">
          <p>
            Importing needs a key with the <code>phone_numbers:write</code> scope. Sign out and sign in with another key.
          </p>
        </Notice>
      </section>
    );
  }

  /** Sends every part, one at a time, adding up the answers; an error stops it where it is. */
  const run = async (parts: CsvPart[], dryRun: boolean, onPart: (tally: Tally) => void): Promise<{ tally: Tally; error?: ApiError }> => {
    const tally: Tally = { done: 0, imported: 0, rejected: [] };
    for (const part of parts) {
      try {
        const answer = await unwrap(session.api.POST('/v1/phone-numbers/imports', { body: { csv: part.csv, dry_run: dryRun } }));
        tally.imported += answer.imported_count;
        tally.rejected.push(...answer.rejected.map((rejection) => ({ ...rejection, line: rejection.line + part.offset })));
      } catch (error) {
        return { tally, error: error instanceof ApiError ? error : new ApiError({ status: 0, title: 'Something went wrong', detail: String(error) }) };
      }
      tally.done += part.rows;
      onPart({ ...tally });
    }
    return { tally };
  };

  const check = async (file: File) => {
    const text = await file.text();
    const { parts, rows } = splitCsv(text, ROWS_PER_CHECK, CHARS_PER_PART);
    setPhase({ step: 'checking', file: file.name, rows, progress: 0 });
    const { tally, error } = await run(parts, true, (t) => setPhase({ step: 'checking', file: file.name, rows, progress: t.done }));
    if (error) setPhase({ step: 'failed', file: file.name, error });
    else setPhase({ step: 'preview', file: file.name, text, rows, tally });
  };

  const start = async (file: string, text: string) => {
    const { parts, rows } = splitCsv(text, ROWS_PER_IMPORT, CHARS_PER_PART);
    setPhase({ step: 'importing', file, rows, progress: 0, imported: 0 });
    const { tally, error } = await run(parts, false, (t) => setPhase({ step: 'importing', file, rows, progress: t.done, imported: t.imported }));
    setPhase({ step: 'done', file, rows, tally, ...(error ? { stopped: error } : {}) });
  };

  const again = () => setPhase({ step: 'choose' });

  return (
    <section class="import-view" aria-labelledby="import-title">
      <p class="crumbs">
        <a href="/numbers">Numbers</a> <span aria-hidden="true">/</span>
      </p>
      <h1 id="import-title" tabIndex={-1}>
        Import numbers
      </h1>
      <p class="subtitle">Numbers you already own (your SIP trunk, another carrier), from a CSV file. Nothing is written until you confirm.</p>
      {phase.step === 'choose' && <Choose onFile={(file) => void check(file)} />}
      {phase.step === 'checking' && <Progress title={`Checking ${phase.file}`} done={phase.progress} total={phase.rows} verb="checked" />}
      {phase.step === 'failed' && (
        <>
          <Heading>{phase.file} could not be checked</Heading>
          <ErrorNotice error={phase.error} />
          <p>
            Nothing was imported. Correct the file and{' '}
            <button type="button" class="button" onClick={again}>
              choose it again
            </button>
          </p>
        </>
      )}
      {phase.step === 'preview' && <Preview phase={phase} onImport={() => void start(phase.file, phase.text)} onCancel={again} />}
      {phase.step === 'importing' && (
        <Progress title={`Importing ${phase.file}`} done={phase.progress} total={phase.rows} verb="done" extra={`${count(phase.imported, 'number')} imported so far`} />
      )}
      {phase.step === 'done' && <Summary phase={phase} onAgain={again} />}
    </section>
  );
}

/** A step's heading, which takes the focus as the step appears: a screen reader says where the import is. */
function Heading({ id, children }: { id?: string; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h2 id={id} ref={heading} tabIndex={-1}>
      {children}
    </h2>
  );
}

function Choose({ onFile }: { onFile: (file: File) => void }) {
  return (
    <div class="card import-choose">
      <label for="import-file">CSV file</label>
      <input
        id="import-file"
        type="file"
        accept=".csv,text/csv"
        aria-describedby="import-file-help"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) onFile(file);
        }}
      />
      <div id="import-file-help" class="muted small">
        <p>
          A header row, then a number a row. The columns: <code>number</code> (E.164, or national with a <code>country</code>), and optionally{' '}
          {COLUMNS.slice(1).map((column, i) => (
            <>
              {i ? ', ' : ''}
              <code>{column}</code>
            </>
          ))}
          . Separate tags and capabilities with <code>;</code>. A file exported from Dialtone imports as it is.
        </p>
      </div>
    </div>
  );
}

function Progress({ title, done, total, verb, extra }: { title: string; done: number; total: number; verb: string; extra?: string }) {
  return (
    <div class="card import-progress">
      <Heading id="import-progress-title">{title}</Heading>
      <progress aria-labelledby="import-progress-title" max={Math.max(total, 1)} value={done} />
      <p role="status">
        {done.toLocaleString()} of {count(total, 'row')} {verb}
        {extra ? `; ${extra}` : ''}.
      </p>
    </div>
  );
}

function Preview({ phase, onImport, onCancel }: { phase: Extract<Phase, { step: 'preview' }>; onImport: () => void; onCancel: () => void }) {
  const { rows, tally } = phase;
  return (
    <div class="card import-preview">
      <Heading>Checked {phase.file}: nothing written yet</Heading>
      {rows === 0 ? (
        <p>The file has no rows besides its header row. Choose a file with a number a row.</p>
      ) : (
        <p role="status">
          {count(rows, 'row')}: <strong>{count(tally.imported, 'number')} would be imported</strong>,{' '}
          <strong>{count(tally.rejected.length, 'row')} rejected</strong>
          {tally.rejected.length ? ' (below, by line: correct them in the file and check it again, or import the rest).' : '.'}
        </p>
      )}
      <Rejections rejected={tally.rejected} caption="Rows that would be rejected" />
      <div class="form-actions">
        {tally.imported > 0 && (
          <button type="button" class="button primary" onClick={onImport}>
            Import {count(tally.imported, 'number')}
          </button>
        )}
        <button type="button" class="button" onClick={onCancel}>
          Choose another file
        </button>
      </div>
    </div>
  );
}

function Summary({ phase, onAgain }: { phase: Extract<Phase, { step: 'done' }>; onAgain: () => void }) {
  const { tally, rows, stopped } = phase;
  return (
    <div class="card import-summary">
      <Heading>{stopped ? `Import of ${phase.file} stopped` : `Imported ${phase.file}`}</Heading>
      <p role="status">
        <strong>{count(tally.imported, 'number')} imported</strong>, {count(tally.rejected.length, 'row')} rejected
        {stopped ? `, ${count(rows - tally.done, 'row')} not sent` : ''} (of {count(rows, 'row')}).
      </p>
      {stopped && (
        <>
          <ErrorNotice error={stopped} />
          <p>Import the file again to finish: the numbers imported already are then reported as held.</p>
        </>
      )}
      <Rejections rejected={tally.rejected} caption="Rows rejected" />
      <div class="form-actions">
        <a class="button primary" href="/numbers">
          See the numbers
        </a>
        <button type="button" class="button" onClick={onAgain}>
          Import another file
        </button>
      </div>
    </div>
  );
}

function Rejections({ rejected, caption }: { rejected: Rejection[]; caption: string }) {
  if (!rejected.length) return null;
  return (
    <div class="table-wrap">
      <table class="numbers rejections">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Number</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rejected.map((rejection) => (
            <tr>
              <td>{rejection.line}</td>
              <td>
                <code>{rejection.number || '(empty)'}</code>
              </td>
              <td>{rejection.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
