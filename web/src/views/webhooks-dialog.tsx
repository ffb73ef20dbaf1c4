import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { SecretField } from '../components/SecretField';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: the browser's own <dialog>, shown modal so the page behind is inert. Tab and
 * Shift+Tab go round its controls; Escape closes it, and the focus goes back to where it was.
 * Mount it to open it and unmount it (onClose) to close it.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current!;
    const opener = document.activeElement as HTMLElement | null;
    element.showModal();
    (element.querySelector<HTMLElement>('[autofocus], input, select, textarea') ?? element.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    return () => {
      if (element.open) element.close();
      // The control that opened it may be gone (Disable, once disabled): the view's heading takes the focus.
      if (opener?.isConnected) opener.focus();
      else document.querySelector<HTMLElement>('main h1')?.focus();
    };
  }, []);

  const keepFocusInside = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const controls = [...dialog.current!.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((control) => control.getClientRects().length > 0);
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
  };

  return (
    <dialog
      ref={dialog}
      class={`card dialog${wide ? ' wide' : ''}`}
      aria-labelledby={titleId}
      onKeyDown={keepFocusInside}
      onCancel={(event) => {
        // Escape: the parent closes it by unmounting, so its state says closed too.
        event.preventDefault();
        onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="button quiet" aria-label="Close" onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {children}
    </dialog>
  );
}

/** A signing secret, shown once: to copy and store now. */
export function OnceSecret({ secret, label }: { secret: string; label: string }) {
  // It replaces the form that was focused: the focus moves to the secret, selected to copy.
  return (
    <SecretField id="signing-secret" label={label} value={secret} focus>
      Shown this once: Dialtone keeps it sealed and cannot show it again. Store it where your receiver verifies signatures (Standard Webhooks,
      the <code>webhook-signature</code> header).
    </SecretField>
  );
}
