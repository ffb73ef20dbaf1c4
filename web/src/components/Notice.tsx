import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';

/** A state with nothing to show, or a message about the view: says what to do next. */
export function Notice({ title, children, tone = 'neutral' }: { title: string; children?: ComponentChildren; tone?: 'neutral' | 'error' }) {
  return (
    <div class={`notice ${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** An API error in words, with the request id to quote when asking for help. */
export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { problem } = error;
  return (
    <Notice title={problem.title} tone="error">
      {problem.detail && <p>{problem.detail}</p>}
      {problem.request_id && (
        <p class="muted">
          Request id <code>{problem.request_id}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </Notice>
  );
}

/** Why a form or an action was refused, said at once by assistive technology; nothing when there is no reason. */
export function FieldError({ id, message }: { id?: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p id={id} class="field-error" role="alert">
      {message}
    </p>
  );
}
