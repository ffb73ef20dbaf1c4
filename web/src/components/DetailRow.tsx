import type { ComponentChildren } from 'preact';

/** One term and its value in a view's list of details (a `<dl class="details">`). */
export function DetailRow({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div class="row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
