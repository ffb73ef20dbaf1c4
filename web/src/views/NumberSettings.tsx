import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { unwrap, type NumberChanges, type PhoneNumber } from '../api/client';
import type { operations } from '../api/openapi';
import { Notice } from '../components/Notice';
import { day, label, money } from '../format';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { orNull, useSave, type Save } from './number-save';
import { MESSAGING_HANDLERS, VOICE_HANDLERS } from './bulk-request';

/**
 * A number's settings, each its own form saved with PATCH as the API takes them: routing
 * (voice and messaging handlers), assignment, emergency calling and renewal.
 */

type Voice = PhoneNumber['voice'];
type Messaging = PhoneNumber['messaging'];
type Address = NonNullable<operations['addresses.list']['responses'][200]['content']['application/json']>['data'][number];


// Every handler the API knows is offered (here and in bulk changes): a new one fails to compile here until it is.
type Unlisted = Exclude<Voice['handler'], (typeof VOICE_HANDLERS)[number]> | Exclude<Messaging['handler'], (typeof MESSAGING_HANDLERS)[number]>;
const everyHandlerListed: [Unlisted] extends [never] ? true : never = true;
void everyHandlerListed;

const HANDLER_NAMES: Record<string, string> = {
  none: 'Nothing (not answered)',
  webhook: 'Webhook (your URL)',
  sip_endpoint: 'SIP endpoint',
  ai_agent: 'AI agent',
  relay_verto_endpoint: 'Relay Verto endpoint',
};
export const handlerName = (handler: string) => HANDLER_NAMES[handler] ?? label(handler);

/** What the target field of a handler names. */
const TARGET_NAMES: Record<string, string> = {
  agent: 'Agent id',
  ai_agent: 'AI agent id',
  sip_endpoint: 'SIP endpoint',
  application: 'Application id',
  messaging_profile: 'Messaging profile id',
};

export function NumberSettings({ session, number, onSaved }: { session: Session; number: PhoneNumber; onSaved: (number: PhoneNumber) => void }) {
  if (number.status === 'released' || number.status === 'release_pending') {
    return (
      <Notice title={number.status === 'released' ? 'Released: nothing to change' : 'Being released: nothing to change'}>
        <p>
          {number.status === 'released'
            ? 'A released number keeps its record, but its routing, assignment, emergency calling and renewal can no longer change.'
            : 'While its carrier lets it go, the number cannot be changed. Dialtone finishes the release within minutes.'}
        </p>
      </Notice>
    );
  }
  return (
    <section aria-labelledby="settings-title" class="number-settings">
      <h2 id="settings-title">Settings</h2>
      <div class="settings-grid">
        <RoutingForm session={session} number={number} onSaved={onSaved} />
        <AssignmentForm session={session} number={number} onSaved={onSaved} />
        <EmergencyForm session={session} number={number} onSaved={onSaved} />
        <RenewalForm session={session} number={number} onSaved={onSaved} />
      </div>
    </section>
  );
}

interface FormProps {
  session: Session;
  number: PhoneNumber;
  onSaved: (number: PhoneNumber) => void;
}

/** A labelled control with the API's error for its field below it. */
function Field({ id, title, error, help, children }: { id: string; title: string; error?: string; help?: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{title}</label>
      {children}
      {help && (
        <p id={`${id}-help`} class="muted small">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error small">
          {error}
        </p>
      )}
    </div>
  );
}

/** The accessibility attributes of a control whose field may have help and an error. */
const described = (id: string, error: string | undefined, help = false) => {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
};

function FormFoot({ save, label: text, children }: { save: Save; label: string; children?: ComponentChildren }) {
  return (
    <>
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={save.busy}>
          {save.busy ? 'Saving…' : text}
        </button>
        {children}
      </div>
      <p class={`save-status ${save.status?.tone ?? ''}`} role="status">
        {save.status?.text ?? ''}
      </p>
    </>
  );
}

// ---- routing ------------------------------------------------------------------------------

interface RouteDraft {
  handler: string;
  url: string;
  method: 'GET' | 'POST';
  fallback_url: string;
  target: string;
}

const draftOf = (routing: Voice | Messaging): RouteDraft => ({
  handler: routing.handler,
  url: routing.url ?? '',
  method: routing.method ?? 'POST',
  fallback_url: routing.fallback_url ?? '',
  target: routing.target ?? '',
});

/** The routing as PATCH takes it: the number's own, with the fields the form edits. */
function routingOf<R extends Voice | Messaging>(current: R, draft: RouteDraft): R {
  return {
    ...current,
    handler: draft.handler as R['handler'],
    url: orNull(draft.url),
    method: draft.method,
    fallback_url: orNull(draft.fallback_url),
    target: orNull(draft.target),
  };
}

const sameDraft = (a: RouteDraft, b: RouteDraft) => JSON.stringify(a) === JSON.stringify(b);

function RoutingForm({ session, number, onSaved }: FormProps) {
  const [voice, setVoice] = useState(() => draftOf(number.voice));
  const [messaging, setMessaging] = useState(() => draftOf(number.messaging));
  const save = useSave(session, number, onSaved);

  const submit = (event: Event) => {
    event.preventDefault();
    const changes: NumberChanges = {};
    if (!sameDraft(voice, draftOf(number.voice))) changes.voice = routingOf(number.voice, voice);
    if (!sameDraft(messaging, draftOf(number.messaging))) changes.messaging = routingOf(number.messaging, messaging);
    if (!Object.keys(changes).length) return save.say({ tone: 'ok', text: 'Nothing to save: no field changed.' });
    void save.save(changes);
  };

  return (
    <form class="card edit" onSubmit={submit} aria-labelledby="routing-title">
      <h3 id="routing-title">Routing</h3>
      <RouteFields kind="voice" title="Calls" handlers={VOICE_HANDLERS} draft={voice} onChange={setVoice} save={save} />
      <RouteFields kind="messaging" title="Messages" handlers={MESSAGING_HANDLERS} draft={messaging} onChange={setMessaging} save={save} />
      <FormFoot save={save} label="Save routing" />
    </form>
  );
}

function RouteFields(props: {
  kind: 'voice' | 'messaging';
  title: string;
  handlers: readonly string[];
  draft: RouteDraft;
  onChange: (draft: RouteDraft) => void;
  save: Save;
}) {
  const { kind, title, handlers, draft, onChange, save } = props;
  const set = (field: keyof RouteDraft) => (event: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    onChange({ ...draft, [field]: event.currentTarget.value });
  const id = (field: string) => `${kind}-${field}`;
  const error = (field: string) => save.errorAt(`/${kind}/${field}`);
  return (
    <fieldset class="route">
      <legend>{title}</legend>
      <Field id={id('handler')} title={`${title}: handled by`} error={error('handler')}>
        <select {...described(id('handler'), error('handler'))} value={draft.handler} onChange={set('handler')}>
          {handlers.map((handler) => (
            <option value={handler}>{handlerName(handler)}</option>
          ))}
        </select>
      </Field>
      {draft.handler === 'webhook' && (
        <>
          <Field id={id('url')} title={`${title}: webhook URL`} error={error('url')}>
            <input {...described(id('url'), error('url'))} type="url" inputMode="url" maxLength={2000} value={draft.url} onInput={set('url')} />
          </Field>
          <Field id={id('method')} title={`${title}: method`} error={error('method')}>
            <select {...described(id('method'), error('method'))} value={draft.method} onChange={set('method')}>
              <option value="POST">POST</option>
              <option value="GET">GET</option>
            </select>
          </Field>
          <Field id={id('fallback_url')} title={`${title}: fallback URL`} error={error('fallback_url')} help="Tried when the webhook URL fails. Optional.">
            <input
              {...described(id('fallback_url'), error('fallback_url'), true)}
              type="url"
              inputMode="url"
              maxLength={2000}
              value={draft.fallback_url}
              onInput={set('fallback_url')}
            />
          </Field>
        </>
      )}
      {draft.handler !== 'webhook' && draft.handler !== 'none' && (
        <Field id={id('target')} title={`${title}: ${(TARGET_NAMES[draft.handler] ?? 'target').toLowerCase()}`} error={error('target')}>
          <input {...described(id('target'), error('target'))} maxLength={200} value={draft.target} onInput={set('target')} />
        </Field>
      )}
    </fieldset>
  );
}

// ---- assignment ---------------------------------------------------------------------------

function AssignmentForm({ session, number, onSaved }: FormProps) {
  const [agent, setAgent] = useState(number.assignment.agent_id ?? '');
  const save = useSave(session, number, onSaved);
  const current = number.assignment.agent_id;
  const error = save.errorAt('/assignment/agent_id');

  const submit = (event: Event) => {
    event.preventDefault();
    const next = orNull(agent);
    if (next === current) return save.say({ tone: 'ok', text: 'Nothing to save: no field changed.' });
    void save.save({ assignment: { agent_id: next } });
  };
  const free = () => {
    setAgent('');
    void save.save({ assignment: { agent_id: null } });
  };

  return (
    <form class="card edit" onSubmit={submit} aria-labelledby="assignment-title">
      <h3 id="assignment-title">Assignment</h3>
      <p class="muted small">{current ? `Assigned to ${current}.` : 'Free: assigned to no agent.'}</p>
      <Field id="assignment-agent" title="Agent or application id" error={error} help="Leave empty to free the number.">
        <input {...described('assignment-agent', error, true)} maxLength={200} value={agent} onInput={(event) => setAgent(event.currentTarget.value)} />
      </Field>
      <FormFoot save={save} label="Save assignment">
        {current && (
          <button type="button" class="button" disabled={save.busy} onClick={free}>
            Free the number
          </button>
        )}
      </FormFoot>
    </form>
  );
}

// ---- emergency ----------------------------------------------------------------------------

const addressLine = (address: Address) =>
  [address.friendly_name ?? address.customer_name, address.street, address.city, address.region, address.iso_country].filter(Boolean).join(', ');

function EmergencyForm({ session, number, onSaved }: FormProps) {
  const [enabled, setEnabled] = useState(number.emergency.enabled);
  const [addressId, setAddressId] = useState(number.emergency.address_id ?? '');
  const save = useSave(session, number, onSaved);
  const readsAddresses = can(session, 'addresses:read');
  const [addresses] = useLoad(readsAddresses ? 'addresses' : 'no-addresses', async () =>
    readsAddresses ? (await unwrap(session.api.GET('/v1/addresses', { params: { query: { limit: 200 } } }))).data : ([] as Address[]),
  );
  const error = save.errorAt('/emergency/address_id');
  const enabledError = save.errorAt('/emergency/enabled');
  const list = addresses.state === 'ready' ? addresses.value : [];
  const unknownCurrent = addressId && !list.some((address) => address.id === addressId);

  const submit = (event: Event) => {
    event.preventDefault();
    const changes: { enabled?: boolean; address_id?: string | null } = {};
    if (enabled !== number.emergency.enabled) changes.enabled = enabled;
    if (orNull(addressId) !== number.emergency.address_id) changes.address_id = orNull(addressId);
    if (!Object.keys(changes).length) return save.say({ tone: 'ok', text: 'Nothing to save: no field changed.' });
    void save.save({ emergency: changes });
  };

  return (
    <form class="card edit" onSubmit={submit} aria-labelledby="emergency-title">
      <h3 id="emergency-title">Emergency calling</h3>
      <p class="muted small">
        Now {number.emergency.enabled ? 'on' : 'off'} ({label(number.emergency.status)}).
      </p>
      <div class="check">
        <input
          type="checkbox"
          id="emergency-enabled"
          checked={enabled}
          aria-invalid={enabledError ? 'true' : undefined}
          onChange={(event) => setEnabled(event.currentTarget.checked)}
        />
        <label for="emergency-enabled">Emergency calling on</label>
      </div>
      <Field
        id="emergency-address"
        title="Emergency address"
        error={error}
        help={
          !readsAddresses ? (
            <>
              This key cannot read the organization's addresses (it lacks <code>addresses:read</code>).
            </>
          ) : addresses.state === 'failed' ? (
            `The addresses could not be loaded: ${addresses.error.problem.detail ?? addresses.error.problem.title}`
          ) : addresses.state === 'ready' && !list.length ? (
            <>
              The organization has no addresses yet: add one with <code>POST /v1/addresses</code>.
            </>
          ) : (
            'Where emergency services are sent: one of the organization’s addresses.'
          )
        }
      >
        <select {...described('emergency-address', error, true)} value={addressId} disabled={addresses.state === 'loading'} onChange={(event) => setAddressId(event.currentTarget.value)}>
          <option value="">No address</option>
          {unknownCurrent && <option value={addressId}>{addressId} (not among the addresses)</option>}
          {list.map((address) => (
            <option value={address.id}>
              {addressLine(address)}
              {address.emergency_enabled ? '' : ' (not registered for emergency calling)'}
            </option>
          ))}
        </select>
      </Field>
      <FormFoot save={save} label="Save emergency settings" />
    </form>
  );
}

// ---- renewal ------------------------------------------------------------------------------

function RenewalForm({ session, number, onSaved }: FormProps) {
  const [autoRenew, setAutoRenew] = useState(number.renewal.auto_renew);
  const save = useSave(session, number, onSaved);
  const { next_billing_date: next } = number.renewal;
  const cost = number.pricing.monthly_cost !== null ? money(number.pricing.monthly_cost, number.pricing.currency) : null;

  const submit = (event: Event) => {
    event.preventDefault();
    if (autoRenew === number.renewal.auto_renew) return save.say({ tone: 'ok', text: 'Nothing to save: no field changed.' });
    void save.save({ renewal: { auto_renew: autoRenew } });
  };

  return (
    <form class="card edit" onSubmit={submit} aria-labelledby="renewal-title">
      <h3 id="renewal-title">Renewal</h3>
      <p class="muted small" id="renewal-help">
        {!next
          ? 'The number has no billing date: Dialtone does not bill it.'
          : number.renewal.auto_renew
            ? `Renews on ${day(next)}${cost ? ` for ${cost} a month` : ''}.`
            : `Not renewed: released on ${day(next)}, at the end of the paid period.`}
      </p>
      <div class="check">
        <input
          type="checkbox"
          id="renewal-auto"
          aria-describedby="renewal-help"
          checked={autoRenew}
          onChange={(event) => setAutoRenew(event.currentTarget.checked)}
        />
        <label for="renewal-auto">Renew automatically</label>
      </div>
      <FormFoot save={save} label="Save renewal" />
    </form>
  );
}
