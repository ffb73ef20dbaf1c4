import { useState } from 'preact/hooks';
import { label } from '../format';
import { MESSAGING_HANDLERS, routing, splitTags, VOICE_HANDLERS, type Change, type MessagingHandler, type VoiceHandler } from './bulk-request';

type Kind = 'tags' | 'assignment' | 'routing' | 'auto_renew' | 'release';

const KINDS: { kind: Kind; text: string; hint: string }[] = [
  { kind: 'tags', text: 'Tags', hint: 'Add or remove tags; the other tags stay.' },
  { kind: 'assignment', text: 'Assignment', hint: 'Assign to an agent or application, or free the numbers.' },
  { kind: 'routing', text: 'Routing', hint: 'Where inbound calls and messages go.' },
  { kind: 'auto_renew', text: 'Auto-renew', hint: 'Renew at the end of each period, or let the numbers go.' },
  { kind: 'release', text: 'Release', hint: 'Give the numbers up. This cannot be undone.' },
];

interface Fields {
  kind: Kind;
  add: string;
  remove: string;
  assign: 'assign' | 'unassign';
  agentId: string;
  voice: VoiceHandler | '';
  voiceAddress: string;
  messaging: MessagingHandler | '';
  messagingAddress: string;
  autoRenew: 'on' | 'off';
}

function fieldsOf(change: Change | undefined): Fields {
  const fields: Fields = { kind: 'tags', add: '', remove: '', assign: 'assign', agentId: '', voice: '', voiceAddress: '', messaging: '', messagingAddress: '', autoRenew: 'on' };
  if (!change) return fields;
  switch (change.kind) {
    case 'tags':
      return { ...fields, add: change.add.join(', '), remove: change.remove.join(', ') };
    case 'assign':
      return { ...fields, kind: 'assignment', agentId: change.agentId };
    case 'unassign':
      return { ...fields, kind: 'assignment', assign: 'unassign' };
    case 'routing':
      return {
        ...fields,
        kind: 'routing',
        voice: change.voice?.handler ?? '',
        voiceAddress: change.voice?.url ?? change.voice?.target ?? '',
        messaging: change.messaging?.handler ?? '',
        messagingAddress: change.messaging?.url ?? change.messaging?.target ?? '',
      };
    case 'auto_renew':
      return { ...fields, kind: 'auto_renew', autoRenew: change.on ? 'on' : 'off' };
    case 'release':
      return { ...fields, kind: 'release' };
  }
}

/** The form's fields as a change, or what is missing in words. */
function changeOf(fields: Fields): Change | string {
  switch (fields.kind) {
    case 'tags': {
      const add = splitTags(fields.add);
      const remove = splitTags(fields.remove);
      if (!add.length && !remove.length) return 'Name a tag to add or to remove.';
      const both = add.filter((tag) => remove.includes(tag));
      if (both.length) return `A tag is added or removed, not both: ${both.join(', ')}.`;
      return { kind: 'tags', add, remove };
    }
    case 'assignment':
      if (fields.assign === 'unassign') return { kind: 'unassign' };
      return fields.agentId.trim() ? { kind: 'assign', agentId: fields.agentId.trim() } : 'Name the agent or application to assign the numbers to.';
    case 'routing': {
      if (!fields.voice && !fields.messaging) return 'Choose a voice handler, a messaging handler, or both.';
      for (const [kind, handler, address] of [
        ['voice', fields.voice, fields.voiceAddress],
        ['messaging', fields.messaging, fields.messagingAddress],
      ] as const) {
        if (handler && handler !== 'none' && !address.trim()) return `The ${kind} handler needs ${handler === 'webhook' ? 'its URL' : 'its target'}.`;
      }
      return {
        kind: 'routing',
        ...(fields.voice ? { voice: routing(fields.voice, fields.voiceAddress) } : {}),
        ...(fields.messaging ? { messaging: routing(fields.messaging, fields.messagingAddress) } : {}),
      };
    }
    case 'auto_renew':
      return { kind: 'auto_renew', on: fields.autoRenew === 'on' };
    case 'release':
      return { kind: 'release' };
  }
}

/** What the bulk action does: one kind of change and its settings, then a preview. */
export function BulkChangeForm({ initial, canRelease, onPreview }: { initial?: Change; canRelease: boolean; onPreview: (change: Change) => void }) {
  const [fields, setFields] = useState(() => fieldsOf(initial));
  const [error, setError] = useState('');
  const set = (changes: Partial<Fields>) => setFields((current) => ({ ...current, ...changes }));
  const text = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;

  const submit = (event: Event) => {
    event.preventDefault();
    const change = changeOf(fields);
    if (typeof change === 'string') setError(change);
    else onPreview(change);
  };

  return (
    <form class="bulk-form" onSubmit={submit} noValidate>
      <h3 class="step-title" tabIndex={-1}>
        1. What to change
      </h3>
      <fieldset class="choices">
        <legend>Action</legend>
        {KINDS.filter(({ kind }) => kind !== 'release' || canRelease).map(({ kind, text: name, hint }) => (
          <label class="choice" key={kind}>
            <input type="radio" name="bulk-kind" value={kind} checked={fields.kind === kind} onChange={() => set({ kind })} />
            <span>
              <strong>{name}</strong>
              <span class="muted small"> {hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {fields.kind === 'tags' && (
        <div class="bulk-fields">
          <div class="field">
            <label for="bulk-add-tags">Tags to add</label>
            <input id="bulk-add-tags" value={fields.add} aria-describedby="bulk-tags-help" onInput={(e) => set({ add: text(e) })} autoComplete="off" />
          </div>
          <div class="field">
            <label for="bulk-remove-tags">Tags to remove</label>
            <input id="bulk-remove-tags" value={fields.remove} aria-describedby="bulk-tags-help" onInput={(e) => set({ remove: text(e) })} autoComplete="off" />
          </div>
          <p id="bulk-tags-help" class="muted small">
            Separate tags with commas.
          </p>
        </div>
      )}

      {fields.kind === 'assignment' && (
        <div class="bulk-fields">
          <fieldset class="choices inline">
            <legend>Assignment</legend>
            <label class="choice">
              <input type="radio" name="bulk-assign" checked={fields.assign === 'assign'} onChange={() => set({ assign: 'assign' })} /> Assign
            </label>
            <label class="choice">
              <input type="radio" name="bulk-assign" checked={fields.assign === 'unassign'} onChange={() => set({ assign: 'unassign' })} /> Unassign (free the numbers)
            </label>
          </fieldset>
          {fields.assign === 'assign' && (
            <div class="field">
              <label for="bulk-agent">Agent or application id</label>
              <input id="bulk-agent" value={fields.agentId} maxLength={200} onInput={(e) => set({ agentId: text(e) })} autoComplete="off" />
            </div>
          )}
        </div>
      )}

      {fields.kind === 'routing' && (
        <div class="bulk-fields">
          <RoutingFields
            kind="voice"
            name="Voice"
            handlers={VOICE_HANDLERS}
            handler={fields.voice}
            address={fields.voiceAddress}
            onHandler={(voice) => set({ voice: voice as VoiceHandler | '' })}
            onAddress={(voiceAddress) => set({ voiceAddress })}
          />
          <RoutingFields
            kind="messaging"
            name="Messaging"
            handlers={MESSAGING_HANDLERS}
            handler={fields.messaging}
            address={fields.messagingAddress}
            onHandler={(messaging) => set({ messaging: messaging as MessagingHandler | '' })}
            onAddress={(messagingAddress) => set({ messagingAddress })}
          />
        </div>
      )}

      {fields.kind === 'auto_renew' && (
        <fieldset class="choices inline bulk-fields">
          <legend>Auto-renew</legend>
          <label class="choice">
            <input type="radio" name="bulk-renew" checked={fields.autoRenew === 'on'} onChange={() => set({ autoRenew: 'on' })} /> On
          </label>
          <label class="choice">
            <input type="radio" name="bulk-renew" checked={fields.autoRenew === 'off'} onChange={() => set({ autoRenew: 'off' })} /> Off
          </label>
        </fieldset>
      )}

      {fields.kind === 'release' && (
        <p class="bulk-fields warning-text">
          Released numbers leave the organization: a number another customer takes cannot be had back. The preview shows which numbers would be released, and
          which would be refused (a deletion lock, a pending port).
        </p>
      )}

      <p class="form-status error" role="alert">
        {error}
      </p>
      <div class="bulk-actions">
        <button type="submit" class="button primary">
          Preview the change
        </button>
      </div>
    </form>
  );
}

function RoutingFields(props: {
  kind: string;
  name: string;
  handlers: readonly string[];
  handler: string;
  address: string;
  onHandler: (handler: string) => void;
  onAddress: (address: string) => void;
}) {
  const { kind, name, handlers, handler, address } = props;
  return (
    <div class="routing-fields">
      <div class="field">
        <label for={`bulk-${kind}-handler`}>{name} handler</label>
        <select id={`bulk-${kind}-handler`} value={handler} onChange={(event) => props.onHandler(event.currentTarget.value)}>
          <option value="">Leave as it is</option>
          {handlers.map((value) => (
            <option value={value} key={value}>
              {label(value)}
            </option>
          ))}
        </select>
      </div>
      {handler && handler !== 'none' && (
        <div class="field grow">
          <label for={`bulk-${kind}-address`}>{handler === 'webhook' ? `${name} webhook URL` : `${name} target`}</label>
          <input
            id={`bulk-${kind}-address`}
            type={handler === 'webhook' ? 'url' : 'text'}
            value={address}
            maxLength={handler === 'webhook' ? 2000 : 200}
            placeholder={handler === 'webhook' ? 'https://example.com/inbound' : 'The application, endpoint, agent, context or topic'}
            onInput={(event) => props.onAddress(event.currentTarget.value)}
            autoComplete="off"
          />
        </div>
      )}
    </div>
  );
}
