import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api/client';

export type Load<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: ApiError };

/** Loads with the API whenever key changes; an answer to an older key is dropped. */
export function useLoad<T>(key: string, load: () => Promise<T>): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => current && setResult({ state: 'ready', value }),
      (error: unknown) =>
        current &&
        setResult({ state: 'failed', error: error instanceof ApiError ? error : new ApiError({ status: 0, title: 'Something went wrong', detail: String(error) }) }),
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);
  return [result, useCallback(() => setAttempt((n) => n + 1), [])];
}
