import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';
import { Dialog, DialogActions } from './Dialog';

/**
 * A question before an action, as a modal dialog: the focus starts on Cancel, the safe answer.
 * While the action runs, both buttons and Escape wait.
 */
export function ConfirmDialog({
  title,
  children,
  confirm,
  danger = true,
  busy = false,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ComponentChildren;
  confirm: string;
  /** An action that cannot be undone, in the colour that warns; false for one that can. */
  danger?: boolean;
  busy?: boolean;
  error?: string | null | undefined;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  const bodyId = useId();
  return (
    <Dialog title={title} onClose={onClose} busy={busy} closeButton={false} describedBy={bodyId} initialFocus={cancel}>
      <div id={bodyId}>{children}</div>
      <DialogActions error={error} busy={busy} label={confirm} danger={danger} onConfirm={onConfirm} onCancel={onClose} cancelRef={cancel} />
    </Dialog>
  );
}
