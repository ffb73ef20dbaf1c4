import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Dialog, DialogActions } from '../components/Dialog';
import { when } from '../format';
import { navigate } from '../router';
import type { Session } from '../session';
import { EndpointForm, problemText, type EndpointFields } from './webhook-endpoint-form';
import type { EndpointChanges, EndpointWithSecret, WebhookEndpoint } from './webhooks-api';
import { OnceSecret } from './webhook-secret';

/** The dialogs of an endpoint's page: each calls the API once (recover twice) and reports its answer. */

interface Props {
  session: Session;
  endpoint: WebhookEndpoint;
  onClose: () => void;
}

const path = (endpoint: WebhookEndpoint) => ({ params: { path: { id: endpoint.id } } });

/** A call of the API from a dialog: busy while it runs, its refusal shown. */
function useCall() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function EditEndpoint({ session, endpoint, onClose, onSaved }: Props & { onSaved: (endpoint: WebhookEndpoint) => void }) {
  const initial: EndpointFields = { url: endpoint.url, description: endpoint.description ?? '', event_types: endpoint.event_types, enabled: endpoint.enabled };
  const save = async (fields: EndpointFields) => {
    const changes: EndpointChanges = {};
    if (fields.url !== endpoint.url) changes.url = fields.url;
    if ((fields.description || null) !== endpoint.description) changes.description = fields.description || null;
    if ([...fields.event_types].sort().join() !== [...endpoint.event_types].sort().join()) changes.event_types = fields.event_types;
    if (Object.keys(changes).length === 0) throw new Error('Nothing to save: no field changed.');
    onSaved(await unwrap(session.api.PATCH('/v1/webhook-endpoints/{id}', { ...path(endpoint), body: changes })));
    onClose();
  };
  return (
    <Dialog title="Edit the endpoint" onClose={onClose} wide>
      <EndpointForm initial={initial} submitLabel="Save changes" withEnabled={false} onSubmit={save} />
    </Dialog>
  );
}

export function DisableEndpoint({ session, endpoint, onClose, onDone }: Props & { onDone: (endpoint: WebhookEndpoint) => void }) {
  const { busy, error, run } = useCall();
  const disable = () =>
    run(async () => {
      onDone(await unwrap(session.api.PATCH('/v1/webhook-endpoints/{id}', { ...path(endpoint), body: { enabled: false } })));
      onClose();
    });
  return (
    <ConfirmDialog title="Disable the endpoint?" confirm="Disable endpoint" danger={false} busy={busy} error={error} onConfirm={disable} onClose={onClose}>
      <p>
        Nothing is sent to <code class="wrap">{endpoint.url}</code> while it is disabled. Deliveries still due to it fail now; after you enable it again,
        Resend failures queues them again.
      </p>
    </ConfirmDialog>
  );
}

const GRACE_PERIODS: readonly [seconds: number, text: string][] = [
  [0, 'None: the current secret stops signing now'],
  [3_600, '1 hour'],
  [21_600, '6 hours'],
  [86_400, '1 day'],
  [172_800, '2 days'],
  [259_200, '3 days'],
  [604_800, '7 days'],
];

export function RotateSecret({ session, endpoint, onClose, onRotated }: Props & { onRotated: (endpoint: WebhookEndpoint) => void }) {
  const [grace, setGrace] = useState(86_400);
  const [rotated, setRotated] = useState<EndpointWithSecret | null>(null);
  const { busy, error, run } = useCall();
  const rotate = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      const answer = await unwrap(session.api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { ...path(endpoint), body: { grace_period_seconds: grace } }));
      setRotated(answer);
      const { secret: _shownOnce, ...next } = answer;
      onRotated(next);
    });
  };
  if (rotated) {
    return (
      <Dialog title="Secret rotated" onClose={onClose}>
        <OnceSecret secret={rotated.secret} label="New signing secret" />
        <p>
          {rotated.previous_secret_expires_at && Date.parse(rotated.previous_secret_expires_at) > Date.now()
            ? `Until ${when(rotated.previous_secret_expires_at)} each delivery carries a signature by the former secret too, so your receiver can switch without losing one.`
            : 'The former secret no longer signs: deliveries carry the new signature only.'}
        </p>
        <div class="dialog-actions">
          <button type="button" class="button primary" onClick={onClose}>
            I have stored the secret
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Rotate the signing secret" onClose={onClose} busy={busy}>
      <form onSubmit={rotate}>
        <p>A new secret signs every delivery from now on; it is shown once. The former secret can go on signing too for a while.</p>
        <label for="grace-period">The former secret also signs for</label>
        <select id="grace-period" value={String(grace)} onChange={(event) => setGrace(Number(event.currentTarget.value))}>
          {GRACE_PERIODS.map(([seconds, text]) => (
            <option value={String(seconds)}>{text}</option>
          ))}
        </select>
        <DialogActions error={error} busy={busy} label="Rotate secret" busyLabel="Rotating…" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** A time for a datetime-local field: the browser's local time, to the minute. */
function localInput(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * Queues again the failed deliveries queued since a time: after an outage of the receiver.
 * A disabled endpoint is enabled first, as Dialtone sends a disabled one nothing.
 */
export function RecoverEndpoint({ session, endpoint, onClose, onDone }: Props & { onDone: (endpoint: WebhookEndpoint, text: string) => void }) {
  // A delivery queued before the endpoint began failing may have failed since: start a day earlier.
  const [since, setSince] = useState(() => localInput(new Date((endpoint.failing_since ? Date.parse(endpoint.failing_since) : Date.now()) - 86_400_000)));
  const { busy, error, run } = useCall();
  const recover = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      const from = new Date(since);
      if (Number.isNaN(from.getTime())) throw new Error('Give the date and time to resend from.');
      const current = endpoint.enabled ? endpoint : await unwrap(session.api.PATCH('/v1/webhook-endpoints/{id}', { ...path(endpoint), body: { enabled: true } }));
      const queued = await unwrap(session.api.POST('/v1/webhook-endpoints/{id}/recover', { ...path(endpoint), body: { since: from.toISOString() } })).catch(
        (failure: unknown) => {
          // Enabled, but nothing queued: the page shows it enabled, the dialog why nothing was queued.
          if (current !== endpoint) onDone(current, 'Enabled; the failed deliveries were not queued again.');
          throw failure;
        },
      );
      const count = `${queued.queued} failed ${queued.queued === 1 ? 'delivery' : 'deliveries'} queued again`;
      onDone(current, endpoint.enabled ? `${count}.` : `Enabled; ${count}.`);
      onClose();
    });
  };
  return (
    <Dialog title={endpoint.enabled ? 'Resend failed deliveries' : 'Enable and resend failed deliveries'} onClose={onClose} busy={busy}>
      <form onSubmit={recover}>
        <p>
          {endpoint.enabled ? '' : 'The endpoint is enabled first. '}Every delivery to it that failed and was queued at or after this time is sent again,
          with a fresh round of retries.
        </p>
        <label for="recover-since">Queued since</label>
        <input
          id="recover-since"
          type="datetime-local"
          required
          value={since}
          aria-describedby="recover-since-help"
          onInput={(event) => setSince(event.currentTarget.value)}
        />
        <p id="recover-since-help" class="muted small">
          Your browser's local time.{' '}
          {endpoint.failing_since
            ? `It starts a day before the endpoint began failing (${when(endpoint.failing_since)}), to take in deliveries queued earlier that failed since.`
            : 'It starts a day ago.'}
        </p>
        <DialogActions error={error} busy={busy} label={endpoint.enabled ? 'Resend failures' : 'Enable and resend'} busyLabel="Queuing…" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function DeleteEndpoint({ session, endpoint, onClose }: Props) {
  const { busy, error, run } = useCall();
  const remove = () =>
    run(async () => {
      await unwrap(session.api.DELETE('/v1/webhook-endpoints/{id}', path(endpoint)));
      onClose();
      navigate('/webhooks');
    });
  return (
    <ConfirmDialog title="Delete the endpoint?" confirm="Delete endpoint" busy={busy} error={error} onConfirm={remove} onClose={onClose}>
      <p>
        Nothing more is sent to <code class="wrap">{endpoint.url}</code>, and its delivery log goes with it. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
