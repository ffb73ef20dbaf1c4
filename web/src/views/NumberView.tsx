import { useState } from 'preact/hooks';
import { ApiError, unwrap, type PhoneNumber } from '../api/client';
import { DetailRow } from '../components/DetailRow';
import { NotLoaded } from '../components/NotLoaded';
import { Notice } from '../components/Notice';
import { StatusBadge } from '../components/StatusBadge';
import { capabilityName, day, label, money, regionName, when } from '../format';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { useHeadingFocus } from './focus-heading';
import { NumberSettings } from './NumberSettings';
import { ReleaseNumber } from './ReleaseNumber';
import { Timeline } from './Timeline';
import { splitTags } from './bulk-request';

/**
 * One number: its details in readable form; its name, tags, routing, assignment, emergency
 * calling and renewal to edit; its release; and its history.
 */
export function NumberView({ session, id }: { session: Session; id: string }) {
  // A save answers with the number as it now is: shown at once, and the timeline reloads.
  const [saved, setSaved] = useState<PhoneNumber | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [number, retry] = useLoad(id, () => unwrap(session.api.GET('/v1/phone-numbers/{id}', { params: { path: { id } } })));

  useHeadingFocus(number.state === 'ready');

  if (number.state !== 'ready') {
    return (
      <NotLoaded load={number} onRetry={retry} title="Number" thing="number">
        It may have been mistyped, or belong to another organization. <a href="/numbers">Back to the numbers</a>.
      </NotLoaded>
    );
  }
  const value = saved?.id === id ? saved : number.value;
  const onSaved = (updated: PhoneNumber) => {
    setSaved(updated);
    setRefresh((n) => n + 1);
  };
  return (
    <article aria-labelledby="number-title" class="number-view">
      <p class="crumbs">
        <a href="/numbers">Numbers</a> <span aria-hidden="true">/</span>
      </p>
      <div class="view-head">
        <div>
          <h1 id="number-title" tabIndex={-1}>
            {value.international_format}
          </h1>
          <p class="subtitle">
            {value.friendly_name ?? <span class="muted">No name</span>} · <StatusBadge status={value.status} />
          </p>
        </div>
      </div>
      <div class="columns">
        <Details session={session} number={value} />
        {can(session, 'phone_numbers:write') ? (
          <EditNumber session={session} number={value} onSaved={onSaved} />
        ) : (
          <Notice title="Read only">
            <p>
              This key cannot change numbers (it lacks <code>phone_numbers:write</code>).
            </p>
          </Notice>
        )}
      </div>
      {can(session, 'phone_numbers:write') && <NumberSettings session={session} number={value} onSaved={onSaved} />}
      <ReleaseNumber session={session} number={value} onReleased={onSaved} />
      <Timeline session={session} number={value} refresh={refresh} />
    </article>
  );
}

function Details({ session, number }: { session: Session; number: PhoneNumber }) {
  const { pricing, renewal, assignment } = number;
  return (
    <section class="card" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <dl class="details">
        <DetailRow term="International">{number.international_format}</DetailRow>
        <DetailRow term="National">{number.national_format}</DetailRow>
        <DetailRow term="E.164">
          <code>{number.number}</code>
        </DetailRow>
        <DetailRow term="Country">
          {regionName(number.country)} ({number.country})
        </DetailRow>
        <Place session={session} e164={number.number} />
        <DetailRow term="Type">{label(number.number_type)}</DetailRow>
        <DetailRow term="Carrier">
          {label(number.carrier)}
          {number.is_sandbox ? ' (sandbox)' : ''}
        </DetailRow>
        <DetailRow term="Capabilities">{number.capabilities.map(capabilityName).join(', ') || 'None'}</DetailRow>
        <DetailRow term="Monthly cost">{money(pricing.monthly_cost, pricing.currency)}</DetailRow>
        <DetailRow term="Upfront cost">{money(pricing.upfront_cost, pricing.currency)}</DetailRow>
        <DetailRow term="Renewal">
          {renewal.next_billing_date
            ? `${renewal.auto_renew ? 'Renews' : 'Released'} on ${day(renewal.next_billing_date)}${renewal.days_until_renewal !== null ? ` (in ${renewal.days_until_renewal} days)` : ''}`
            : 'No billing date'}
          {!renewal.auto_renew && renewal.next_billing_date ? ' — auto-renew is off' : ''}
        </DetailRow>
        <DetailRow term="Assignment">{assignment.agent_id ? `Assigned to ${assignment.agent_id}` : 'Free'}</DetailRow>
        <DetailRow term="Voice">{label(number.voice.handler)}</DetailRow>
        <DetailRow term="Messaging">{label(number.messaging.handler)}</DetailRow>
        <DetailRow term="Tags">{number.tags.length ? number.tags.map((tag) => <span class="tag">{tag}</span>) : 'None'}</DetailRow>
        <DetailRow term="Source">{label(number.source)}</DetailRow>
        <DetailRow term="Added">{when(number.created_at)}</DetailRow>
        <DetailRow term="Id">
          <code>{number.id}</code>
        </DetailRow>
      </dl>
    </section>
  );
}

/**
 * Where the number is, as the lookup API's numbering data places it: its region (ISO 3166-2, as
 * number search takes it) and its city, or the area its range serves when the data names no city.
 * Nothing while it loads, for a number the data does not place (toll-free), or if the lookup
 * fails: the country above still says where the number is.
 */
function Place({ session, e164 }: { session: Session; e164: string }) {
  const [lookup] = useLoad(e164, () => unwrap(session.api.GET('/v1/lookups/{number}', { params: { path: { number: e164 } } })));
  const location = lookup.state === 'ready' ? lookup.value.location : null;
  if (!location) return null;
  return (
    <>
      {location.region && <DetailRow term="Region">{location.region}</DetailRow>}
      {location.city ? (
        <DetailRow term="City">{location.city}</DetailRow>
      ) : (
        location.description && <DetailRow term="Area">{location.description}</DetailRow>
      )}
    </>
  );
}

function EditNumber({ session, number, onSaved }: { session: Session; number: PhoneNumber; onSaved: (number: PhoneNumber) => void }) {
  const [name, setName] = useState(number.friendly_name ?? '');
  const [tags, setTags] = useState(number.tags.join(', '));
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: Event) => {
    event.preventDefault();
    const changes: { friendly_name?: string | null; tags?: string[] } = {};
    const nextName = name.trim() || null;
    if (nextName !== number.friendly_name) changes.friendly_name = nextName;
    const nextTags = splitTags(tags);
    if (nextTags.join(',') !== number.tags.join(',')) changes.tags = nextTags;
    if (!Object.keys(changes).length) {
      setStatus({ tone: 'ok', text: 'Nothing to save: no field changed.' });
      return;
    }
    setBusy(true);
    try {
      const updated = await unwrap(session.api.PATCH('/v1/phone-numbers/{id}', { params: { path: { id: number.id } }, body: changes }));
      setStatus({ tone: 'ok', text: 'Saved.' });
      onSaved(updated);
    } catch (error) {
      const problem = (error as ApiError).problem;
      setStatus({ tone: 'error', text: `Not saved: ${problem?.detail ?? problem?.title ?? String(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card edit" onSubmit={save} aria-labelledby="edit-title">
      <h2 id="edit-title">Edit</h2>
      <label for="edit-name">Name</label>
      <input id="edit-name" name="friendly_name" maxLength={200} value={name} onInput={(event) => setName(event.currentTarget.value)} />
      <label for="edit-tags">Tags</label>
      <input
        id="edit-tags"
        name="tags"
        value={tags}
        aria-describedby="edit-tags-help"
        onInput={(event) => setTags(event.currentTarget.value)}
      />
      <p id="edit-tags-help" class="muted small">
        Separate tags with commas.
      </p>
      <button type="submit" class="button primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save changes'}
      </button>
      <p class={`form-status ${status?.tone ?? ''}`} role="status">
        {status?.text ?? ''}
      </p>
    </form>
  );
}
