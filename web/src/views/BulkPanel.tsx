import { useEffect, useRef, useState } from 'preact/hooks';
import type { Session } from '../session';
import { can } from '../session';
import { BulkChangeForm } from './BulkChangeForm';
import { BulkJobProgress } from './BulkJobProgress';
import { BulkPreview } from './BulkPreview';
import type { BulkJob, Change, Target } from './bulk-request';

type Step = { name: 'choose'; change?: Change } | { name: 'preview'; change: Change; attempt: number } | { name: 'job'; job: BulkJob };

const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

/**
 * The bulk action panel over the numbers the user selected: choose what to change, see the
 * API's dry run number by number, run it as a bulk job, and follow the job to its end. A
 * modal dialog: the page behind it is inert, Escape closes it, and the focus goes back to the
 * button that opened it.
 */
export function BulkPanel({ session, target, onClose, onChanged }: { session: Session; target: Target; onClose: () => void; onChanged: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [step, setStep] = useState<Step>({ name: 'choose' });

  useEffect(() => {
    const node = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    node?.showModal();
    return () => {
      node?.close();
      // Back where the user was; when that button is gone (the job ended the selection), to the view's heading.
      if (opener?.isConnected) opener.focus();
      else document.querySelector<HTMLElement>('main h1')?.focus();
    };
  }, []);

  // Each step starts at its heading, so a screen reader says where the user is.
  const stepKey = step.name === 'job' ? step.job.id : step.name === 'preview' ? `preview-${step.attempt}` : step.name;
  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('.step-title')?.focus();
  }, [stepKey]);

  const title = target.kind === 'ids' ? `Change ${plural(target.ids.length, 'selected number', 'selected numbers')}` : `Change all ${plural(target.count, 'matching number', 'matching numbers')}`;
  return (
    <dialog
      ref={dialog}
      class="bulk-panel"
      aria-labelledby="bulk-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // A browser may close a modal dialog by itself (Escape without a cancel event): the panel goes with it.
      onClose={onClose}
    >
      <div class="bulk-head">
        <h2 id="bulk-title">{title}</h2>
        <button type="button" class="button quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {target.kind === 'filter' && <p class="muted small">Every number the table's search and filters match when the job starts.</p>}
      {step.name === 'choose' && (
        <BulkChangeForm initial={step.change} canRelease={can(session, 'phone_numbers:release')} onPreview={(change) => setStep({ name: 'preview', change, attempt: 0 })} />
      )}
      {step.name === 'preview' && (
        <BulkPreview
          key={step.attempt}
          session={session}
          target={target}
          change={step.change}
          onBack={() => setStep({ name: 'choose', change: step.change })}
          onPreviewAgain={() => setStep({ ...step, attempt: step.attempt + 1 })}
          onStarted={(job) => setStep({ name: 'job', job })}
        />
      )}
      {step.name === 'job' && (
        <BulkJobProgress key={step.job.id} session={session} initial={step.job} onEnded={onChanged} onRetried={(job) => setStep({ name: 'job', job })} onClose={onClose} />
      )}
    </dialog>
  );
}
