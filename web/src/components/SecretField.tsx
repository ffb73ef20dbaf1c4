import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A secret the API shows this once (an API key, a webhook signing secret): read only, selected
 * when focused, with a Copy button that says whether the browser copied it and, when it refused,
 * leaves it selected to copy by hand.
 */
export function SecretField({
  id,
  label,
  value,
  focus = false,
  children,
}: {
  id: string;
  label: string;
  value: string;
  /** Whether the field takes the focus as it appears (when it replaces the focused form). */
  focus?: boolean;
  /** What to do with it, read with the field. */
  children?: ComponentChildren;
}) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  useEffect(() => {
    if (focus) field.current?.focus();
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied to the clipboard.');
    } catch {
      field.current?.select();
      setCopied('The browser refused to copy: it is selected, press Ctrl+C (⌘C on a Mac).');
    }
  };

  return (
    <div class="secret-once">
      <label for={id}>{label}</label>
      <div class="copy-field">
        <input
          id={id}
          ref={field}
          readOnly
          value={value}
          spellcheck={false}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby={children ? `${id}-help` : undefined}
        />
        <button type="button" class="button" onClick={copy}>
          Copy
        </button>
      </div>
      {children && (
        <p id={`${id}-help`} class="muted small">
          {children}
        </p>
      )}
      <p class="form-status ok" role="status">
        {copied}
      </p>
    </div>
  );
}
