import { useState } from 'preact/hooks';
import { ApiError, unwrap, type NumberChanges, type PhoneNumber, type Problem } from '../api/client';
import type { Session } from '../session';

export interface FormStatus {
  tone: 'ok' | 'error';
  text: string;
}

export interface Save {
  busy: boolean;
  status: FormStatus | null;
  /** The API's message for the body field at this pointer (e.g. /voice/url), if the last save was refused for it. */
  errorAt(pointer: string): string | undefined;
  /** Sends the changes with PATCH; the number as the API answers it goes to onSaved. */
  save(changes: NumberChanges): Promise<void>;
  say(status: FormStatus): void;
}

/**
 * One form's save of a number: busy while the PATCH runs, then "Saved." or the API's own error,
 * which is also kept by the field it names so the form can show it beside that field.
 */
export function useSave(session: Session, number: PhoneNumber, onSaved: (number: PhoneNumber) => void): Save {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<FormStatus | null>(null);
  const [fieldError, setFieldError] = useState<{ pointer: string; text: string } | null>(null);

  const save = async (changes: NumberChanges) => {
    setBusy(true);
    setFieldError(null);
    try {
      const updated = await unwrap(session.api.PATCH('/v1/phone-numbers/{id}', { params: { path: { id: number.id } }, body: changes }));
      setStatus({ tone: 'ok', text: 'Saved.' });
      onSaved(updated);
    } catch (error) {
      const problem: Problem = error instanceof ApiError ? error.problem : { status: 0, title: String(error) };
      const text = problem.detail ?? problem.title;
      if (problem.pointer) setFieldError({ pointer: problem.pointer, text });
      setStatus({ tone: 'error', text: `Not saved: ${text}` });
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    status,
    errorAt: (pointer) => (fieldError?.pointer === pointer ? fieldError.text : undefined),
    save,
    say: setStatus,
  };
}

/** Empty text as the API's "none": null. */
export const orNull = (text: string) => text.trim() || null;
