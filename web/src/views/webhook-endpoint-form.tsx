import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import { ALL_EVENTS, EVENT_GROUPS, normalizedPatterns } from './webhook-event-types';
import { FieldError } from '../components/Notice';

export interface EndpointFields {
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
}

const idOf = (pattern: string) => `event-${pattern === ALL_EVENTS ? 'all' : pattern.replace(/[^a-z0-9_]/gi, '-')}`;

/** The text of an API error for a form's status line. */
export const problemText = (error: unknown) => {
  const problem = (error as Partial<ApiError>).problem;
  return problem ? (problem.detail ?? problem.title) : error instanceof Error ? error.message : String(error);
};

/**
 * An endpoint's URL, description and the events it is sent, for creating one (with whether it
 * starts enabled) or editing one. onSubmit throws to report the API's refusal in the form.
 */
export function EndpointForm({
  initial,
  submitLabel,
  withEnabled,
  onSubmit,
}: {
  initial: EndpointFields;
  submitLabel: string;
  withEnabled: boolean;
  onSubmit: (fields: EndpointFields) => Promise<void>;
}) {
  const [url, setUrl] = useState(initial.url);
  const [description, setDescription] = useState(initial.description);
  const [selected, setSelected] = useState(() => new Set(initial.event_types));
  const [enabled, setEnabled] = useState(initial.enabled);
  const [error, setError] = useState<string | null>(null);
  const [typesMissing, setTypesMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const event_types = normalizedPatterns(selected);
    setTypesMissing(event_types.length === 0);
    if (event_types.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ url: url.trim(), description: description.trim(), event_types, enabled });
    } catch (failure) {
      setError(problemText(failure));
      setBusy(false);
    }
  };

  return (
    <form class="endpoint-form" onSubmit={submit}>
      <label for="endpoint-url">URL</label>
      <input
        id="endpoint-url"
        name="url"
        type="url"
        required
        maxLength={2000}
        placeholder="https://example.com/hooks/dialtone"
        value={url}
        aria-describedby="endpoint-url-help"
        onInput={(event) => setUrl(event.currentTarget.value)}
      />
      <p id="endpoint-url-help" class="muted small">
        Events are POSTed here, signed. An https address on the internet; plain http and private addresses only where the operator allows them.
      </p>
      <label for="endpoint-description">Description</label>
      <input
        id="endpoint-description"
        name="description"
        maxLength={500}
        placeholder="CRM sync"
        value={description}
        onInput={(event) => setDescription(event.currentTarget.value)}
      />
      <EventTypePicker selected={selected} onChange={setSelected} invalid={typesMissing} />
      {withEnabled && (
        <div class="check">
          <input id="endpoint-enabled" type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} />
          <label for="endpoint-enabled">Enabled: send events from now on</label>
        </div>
      )}
      <FieldError message={error} />
      <div class="dialog-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

function Check({ pattern, text, hint, checked, disabled, onToggle }: { pattern: string; text: string; hint?: string; checked: boolean; disabled?: boolean; onToggle: (on: boolean) => void }) {
  return (
    <div class="check">
      <input id={idOf(pattern)} type="checkbox" value={pattern} checked={checked} disabled={disabled} onChange={(event) => onToggle(event.currentTarget.checked)} />
      <label for={idOf(pattern)}>
        {text}
        {hint && <code class="muted"> {hint}</code>}
      </label>
    </div>
  );
}

/**
 * The events an endpoint is sent, from the types Dialtone publishes: every event, every event of
 * a resource (a wildcard, which also covers types added later), or single types.
 */
function EventTypePicker({ selected, onChange, invalid }: { selected: Set<string>; onChange: (next: Set<string>) => void; invalid: boolean }) {
  const toggle = (pattern: string) => (on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(pattern);
    else next.delete(pattern);
    onChange(next);
  };
  const all = selected.has(ALL_EVENTS);
  const known = new Set([ALL_EVENTS, ...EVENT_GROUPS.flatMap((group) => [group.wildcard, ...group.types.map((t) => t.type)])]);
  const others = [...selected].filter((pattern) => !known.has(pattern));
  return (
    <fieldset class="event-types" aria-describedby={invalid ? 'event-types-error' : undefined}>
      <legend>Events to send</legend>
      {invalid && (
        <p id="event-types-error" class="field-error" role="alert">
          Choose at least one event type.
        </p>
      )}
      <Check pattern={ALL_EVENTS} text="Every event" hint="*" checked={all} onToggle={toggle(ALL_EVENTS)} />
      <div class="event-groups">
        {EVENT_GROUPS.map((group) => {
          const wildcard = all || selected.has(group.wildcard);
          return (
            <fieldset class="event-group">
              <legend>{group.name}</legend>
              <Check pattern={group.wildcard} text={group.every} hint={group.wildcard} checked={wildcard} disabled={all} onToggle={toggle(group.wildcard)} />
              {group.types.map(({ type, name }) => (
                <Check
                  pattern={type}
                  text={name}
                  hint={type}
                  checked={wildcard || selected.has(type)}
                  disabled={wildcard}
                  onToggle={toggle(type)}
                />
              ))}
            </fieldset>
          );
        })}
      </div>
      {others.map((pattern) => (
        <Check pattern={pattern} text={pattern} checked onToggle={toggle(pattern)} />
      ))}
      <p class="muted small">An "every" choice also covers the event types later versions of Dialtone add.</p>
    </fieldset>
  );
}
