import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, unwrap, type PhoneNumber, type Problem } from '../api/client';
import { ErrorNotice } from '../components/Notice';
import { day, label, money, when } from '../format';
import { can, type Session } from '../session';

/**
 * Releasing a number: what it costs and when the number is gone, said before; the number typed
 * to confirm; the outcome after (released, or pending while its carrier answers).
 */
export function ReleaseNumber({ session, number, onReleased }: { session: Session; number: PhoneNumber; onReleased: (number: PhoneNumber) => void }) {
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<PhoneNumber | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  if (!can(session, 'phone_numbers:release')) return null;

  const close = () => {
    setOpen(false);
    // Back where the user was, or to the view's heading when the button is gone (released).
    requestAnimationFrame(() => (opener.current ?? document.querySelector<HTMLElement>('main h1'))?.focus());
  };

  return (
    <section class="card release" aria-labelledby="release-title">
      <h2 id="release-title">Release</h2>
      {outcome?.id === number.id && outcome.status === number.status ? (
        <Outcome number={number} />
      ) : number.status === 'released' ? (
        <p>Released on {when(number.released_at)}. The record stays readable; nothing more is billed.</p>
      ) : number.status === 'release_pending' ? (
        <Outcome number={number} />
      ) : number.deletion_lock_enabled ? (
        <p>
          The deletion lock is on: the number cannot be released until it is turned off (<code>deletion_lock_enabled</code>).
        </p>
      ) : (
        <>
          <p class="muted">Give the number up. You are asked to type it before anything happens.</p>
          <button type="button" class="button danger" ref={opener} onClick={() => setOpen(true)}>
            Release this number…
          </button>
        </>
      )}
      {open && (
        <ReleaseDialog
          session={session}
          number={number}
          onClose={close}
          onReleased={(released) => {
            setOutcome(released);
            onReleased(released);
            close();
          }}
        />
      )}
    </section>
  );
}

function Outcome({ number }: { number: PhoneNumber }) {
  return number.status === 'released' ? (
    <div role="status">
      <p>
        <strong>Released</strong> on {when(number.released_at)}. Nothing more is billed for it; the record stays readable.
      </p>
    </div>
  ) : (
    <div role="status">
      <p>
        <strong>Release pending.</strong> The carrier has not confirmed yet. Dialtone asks it again and finishes the release within minutes;
        meanwhile the number is still held, is not billed, and cannot be changed. If the carrier refuses, the number is put back as it was.
      </p>
    </div>
  );
}

/** Only digits: a number typed in any common form. */
const digits = (text: string) => text.replace(/\D/g, '');

/** Whether the text is the number, as E.164 or as dialled within its country. */
export function confirms(typed: string, number: PhoneNumber): boolean {
  const given = digits(typed);
  return given.length > 0 && (given === digits(number.number) || given === digits(number.national_format));
}

/** What releasing this number costs: nothing, and what is no longer billed. */
function costText(number: PhoneNumber): string {
  const { monthly_cost: monthly, currency } = number.pricing;
  const next = number.renewal.next_billing_date;
  if (monthly === null || Number(monthly) === 0 || !next) return 'Releasing costs nothing, and nothing more is billed for this number.';
  return (
    `Releasing costs nothing. Nothing more is billed for this number: it is not renewed on ${day(next)} ` +
    `(${money(monthly, currency)} a month). The period already billed is not refunded.`
  );
}

/** When the number is gone, as the release API works: at once, or once its carrier lets it go. */
function goneText(number: PhoneNumber): string {
  if (number.source === 'purchased') {
    return (
      `Dialtone gives it back to ${label(number.carrier)} first, and it is released as soon as the carrier confirms, usually at once. ` +
      'If the carrier does not answer in time, it shows "Release pending" (still held, not billed, not changeable) until Dialtone ' +
      'finishes within minutes; if the carrier refuses, it stays as it is.'
    );
  }
  return (
    'It is released in Dialtone at once. Dialtone did not buy it, so the carrier or trunk that serves it ' +
    `(${label(number.carrier)}) keeps it until you cancel it there.`
  );
}

function ReleaseDialog(props: { session: Session; number: PhoneNumber; onClose: () => void; onReleased: (number: PhoneNumber) => void }) {
  const { session, number, onClose, onReleased } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ready = confirms(typed, number);

  // A modal dialog: the page behind it is inert (the focus stays inside) and Escape closes it.
  useEffect(() => {
    dialog.current?.showModal();
    dialog.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  const release = async (event: Event) => {
    event.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      onReleased(await unwrap(session.api.DELETE('/v1/phone-numbers/{id}', { params: { path: { id: number.id } } })));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError({ status: 0, title: 'Something went wrong', detail: String(caught) } satisfies Problem));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="release-dialog-title"
      aria-describedby="release-dialog-cost release-dialog-gone"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form onSubmit={release}>
        <h2 id="release-dialog-title">Release {number.international_format}?</h2>
        <h3>What it costs</h3>
        <p id="release-dialog-cost">{costText(number)}</p>
        <h3>When it is gone</h3>
        <p id="release-dialog-gone">{goneText(number)}</p>
        <p class="muted small">Afterwards the number leaves its groups and may be taken by anyone; its record and history stay readable here.</p>
        {error && <ErrorNotice error={error} />}
        <label for="release-confirm">Type the number to confirm</label>
        <input
          id="release-confirm"
          autoComplete="off"
          inputMode="tel"
          aria-describedby="release-confirm-help"
          value={typed}
          onInput={(event) => setTyped(event.currentTarget.value)}
        />
        <p id="release-confirm-help" class="muted small">
          {number.number} or {number.national_format}
        </p>
        <div class="form-actions">
          <button type="submit" class="button danger" disabled={!ready || busy}>
            {busy ? 'Releasing…' : 'Release number'}
          </button>
          <button type="button" class="button" disabled={busy} onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
