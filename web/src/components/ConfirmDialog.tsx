import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab from the last control goes back to the first, Shift+Tab from the first to the last: the focus never leaves the dialog. */
function keepFocusIn(event: KeyboardEvent, dialog: HTMLDialogElement | null) {
  if (event.key !== 'Tab' || !dialog) return;
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items[items.length - 1];
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
 * A question before an action that cannot be undone, as a modal dialog: the browser's own
 * <dialog> opened with showModal, so the page behind is inert, Tab cycles within it and Escape
 * closes it. Focus starts on Cancel, the safe answer, and goes back where it was after
 * (when that is still on the page). While the action runs, both buttons wait.
 */
export function ConfirmDialog({
  title,
  children,
  confirm,
  busy = false,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ComponentChildren;
  confirm: string;
  busy?: boolean;
  error?: string | null | undefined;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
    cancel.current?.focus();
    return () => {
      dialog.current?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      onKeyDown={(event) => keepFocusIn(event, dialog.current)}
      class="dialog"
      aria-busy={busy}
      aria-labelledby="dialog-title"
      aria-describedby="dialog-body"
      onCancel={(event) => {
        // Escape: closed by the view's state, so the dialog and the view never disagree.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <div id="dialog-body">{children}</div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button" ref={cancel} onClick={() => !busy && onClose()}>
          Cancel
        </button>
        <button type="button" class="button danger" onClick={() => !busy && onConfirm()}>
          {busy ? 'Working…' : confirm}
        </button>
      </div>
    </dialog>
  );
}
