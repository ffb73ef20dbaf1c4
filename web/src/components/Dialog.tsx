import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { FieldError } from './Notice';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab from the last visible control goes back to the first, Shift+Tab from the first to the last: the focus never leaves the dialog. */
function keepFocusIn(event: KeyboardEvent, dialog: HTMLDialogElement | null) {
  if (event.key !== 'Tab' || !dialog) return;
  const controls = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((control) => control.getClientRects().length > 0);
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * The console's modal dialog: the browser's own <dialog> opened with showModal, so the page
 * behind is inert. Tab and Shift+Tab go round its controls; Escape closes it, unless its work is
 * running. Mount it to open it and unmount it (onClose) to close it, so the view's state and the
 * dialog never disagree.
 *
 * The focus starts on initialFocus when given (a confirmation's safe answer), else on the first
 * field (a form's), else on the first control. On closing it goes back to the control that opened
 * the dialog or, when that is gone (a row's button after the row changed), to the view's heading.
 */
export function Dialog({
  title,
  onClose,
  children,
  busy = false,
  wide = false,
  closeButton = true,
  describedBy,
  initialFocus,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** While the dialog's work runs: Escape waits, and assistive technology hears it is busy. */
  busy?: boolean;
  wide?: boolean;
  /** The × in the head; a confirmation goes without, its Cancel says the same. */
  closeButton?: boolean;
  /** The id of the text that says what the dialog asks. */
  describedBy?: string;
  initialFocus?: RefObject<HTMLElement>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    (initialFocus?.current ?? element.querySelector<HTMLElement>('[autofocus], input, select, textarea') ?? element.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    return () => {
      if (element.open) element.close();
      if (opener?.isConnected) opener.focus();
      else document.querySelector<HTMLElement>('main h1')?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      class={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      aria-busy={busy}
      onKeyDown={(event) => keepFocusIn(event, dialog.current)}
      onCancel={(event) => {
        // Escape: the parent closes it by unmounting it.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id={titleId}>{title}</h2>
        {closeButton && (
          <button type="button" class="button quiet" aria-label="Close" onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
      {children}
    </dialog>
  );
}

/**
 * The foot of a dialog that asks for an action: the API's refusal, then Cancel and the action.
 * Without onConfirm the action submits the dialog's form. While the action runs its button says
 * so and ignores presses, but keeps the focus (a disabled button would drop it).
 */
export function DialogActions({
  error,
  busy,
  label,
  busyLabel = 'Working…',
  danger = false,
  onConfirm,
  onCancel,
  cancelRef,
}: {
  error?: string | null | undefined;
  busy: boolean;
  label: string;
  busyLabel?: string;
  danger?: boolean;
  onConfirm?: () => void;
  onCancel: () => void;
  cancelRef?: RefObject<HTMLButtonElement>;
}) {
  return (
    <>
      <FieldError message={error} />
      <div class="dialog-actions">
        <button type="button" class="button" ref={cancelRef} onClick={() => !busy && onCancel()}>
          Cancel
        </button>
        <button
          type={onConfirm ? 'button' : 'submit'}
          class={`button ${danger ? 'danger' : 'primary'}`}
          aria-disabled={busy}
          onClick={(event) => {
            if (busy) event.preventDefault();
            else onConfirm?.();
          }}
        >
          {busy ? busyLabel : label}
        </button>
      </div>
    </>
  );
}
