import { useEffect } from 'preact/hooks';

/**
 * A view that shows a placeholder heading while it loads replaces it once loaded: the focus the
 * shell gave the placeholder would fall to the page's body, so it moves to the new heading.
 */
export function useHeadingFocus(ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    const focused = document.activeElement;
    if (!focused || focused === document.body) document.querySelector<HTMLElement>('main h1')?.focus();
  }, [ready]);
}
