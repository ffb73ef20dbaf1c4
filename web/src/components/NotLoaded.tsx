import type { ComponentChildren } from 'preact';
import type { Load } from '../use-load';
import { ErrorNotice, Notice } from './Notice';

/**
 * A view of one thing (an order, an endpoint) until it has it: a placeholder heading while it
 * loads, which the shell focuses, then either "not found" (the API answers 400 or 404 to an id
 * that is malformed or another organization's) or the API's error with a retry.
 */
export function NotLoaded({
  load,
  onRetry,
  title,
  thing,
  children,
}: {
  load: Exclude<Load<unknown>, { state: 'ready' }>;
  onRetry: () => void;
  /** The heading while it loads, e.g. "Order". */
  title: string;
  /** What the view shows, in lower case, e.g. "order". */
  thing: string;
  /** Why there may be none with this id, and where to go instead. */
  children: ComponentChildren;
}) {
  const missing = load.state === 'failed' && [400, 404].includes(load.error.problem.status);
  const heading = load.state === 'loading' ? title : missing ? `${thing[0]!.toUpperCase()}${thing.slice(1)} not found` : `Could not load the ${thing}`;
  return (
    <section>
      <h1 tabIndex={-1}>{heading}</h1>
      {load.state === 'loading' ? (
        <p class="loading" role="status">
          Loading the {thing}…
        </p>
      ) : missing ? (
        <Notice title={`No ${thing} with this id`}>
          <p>{children}</p>
        </Notice>
      ) : (
        <ErrorNotice error={load.error} onRetry={onRetry} />
      )}
    </section>
  );
}
