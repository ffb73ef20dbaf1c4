import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, unwrap, type NewApiKey, type Organization, type OrganizationApiKey, type Scope } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CursorPager } from '../components/CursorPager';
import { NotLoaded } from '../components/NotLoaded';
import { ErrorNotice, FieldError, Notice } from '../components/Notice';
import { SecretField } from '../components/SecretField';
import { when } from '../format';
import { navigate, withQuery } from '../router';
import type { OperatorSession } from '../session';
import { useLoad } from '../use-load';
import { useHeadingFocus } from './focus-heading';
import { SCOPE_DESCRIPTIONS, SCOPES } from './scope-names';

const problemText = (failure: unknown) => {
  const problem = failure instanceof ApiError ? failure.problem : null;
  return problem?.detail ?? problem?.title ?? String(failure);
};

/** One organization for the operator: what it is, its API keys, a new key, a key revoked. */
export function OrganizationView({ operator, id, query }: { operator: OperatorSession; id: string; query: URLSearchParams }) {
  const [org, retry] = useLoad(id, () => unwrap(operator.api.GET('/v1/organizations/{id}', { params: { path: { id } } })));

  useHeadingFocus(org.state === 'ready');

  if (org.state !== 'ready') {
    return (
      <NotLoaded load={org} onRetry={retry} title="Organization" thing="organization">
        Check the link, or pick the organization from the list. <a href="/organizations">Back to the organizations</a>.
      </NotLoaded>
    );
  }
  return <OrganizationPage operator={operator} org={org.value} query={query} />;
}

function OrganizationPage({ operator, org, query }: { operator: OperatorSession; org: Organization; query: URLSearchParams }) {
  // Bumped by a new key or a revocation: the list reads the keys again.
  const [version, setVersion] = useState(0);
  return (
    <article aria-labelledby="organization-title">
      <p class="crumbs">
        <a href="/organizations">Organizations</a> <span aria-hidden="true">/</span>
      </p>
      <div class="view-head">
        <div>
          <h1 id="organization-title" tabIndex={-1}>
            {org.name}
          </h1>
          <p class="subtitle">
            Created {when(org.created_at)} · <a href={withQuery('/audit-log', new URLSearchParams({ organization_id: org.id }))}>Its audit log</a>
          </p>
        </div>
      </div>
      <section class="card org-details" aria-labelledby="organization-details-title">
        <h2 id="organization-details-title">Details</h2>
        <dl class="details">
          <div class="row">
            <dt>Id</dt>
            <dd>
              <code>{org.id}</code>
            </dd>
          </div>
          <div class="row">
            <dt>Account SID (Twilio-compatible APIs)</dt>
            <dd>
              <code>{org.account_sid}</code>
            </dd>
          </div>
        </dl>
      </section>
      <div class="columns">
        <ApiKeys operator={operator} org={org} query={query} version={version} onRevoked={() => setVersion((n) => n + 1)} />
        <CreateKey operator={operator} org={org} onCreated={() => setVersion((n) => n + 1)} />
      </div>
    </article>
  );
}

function ApiKeys({
  operator,
  org,
  query,
  version,
  onRevoked,
}: {
  operator: OperatorSession;
  org: Organization;
  query: URLSearchParams;
  version: number;
  onRevoked: () => void;
}) {
  const cursor = query.get('cursor');
  const request = { limit: 50, ...(cursor ? { cursor } : {}) };
  const [page, retry] = useLoad(`${org.id}:${JSON.stringify(request)}:${version}`, () =>
    unwrap(operator.api.GET('/v1/organizations/{id}/api-keys', { params: { path: { id: org.id }, query: request } })),
  );
  const [revoking, setRevoking] = useState<OrganizationApiKey | null>(null);
  const [status, setStatus] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  const revoked = (key: OrganizationApiKey) => {
    setRevoking(null);
    setStatus(`Key ${key.prefix}… (${key.name}) is revoked: it authenticates nothing from now on.`);
    // Its Revoke button is gone: the focus goes to the list it was in.
    heading.current?.focus();
    onRevoked();
  };

  return (
    <section class="card keys" aria-labelledby="keys-title">
      <h2 id="keys-title" ref={heading} tabIndex={-1}>
        API keys
      </h2>
      <p class="form-status ok" role="status">
        {status}
      </p>
      {page.state === 'failed' ? (
        <ErrorNotice error={page.error} onRetry={retry} />
      ) : page.state === 'loading' ? (
        <p class="loading" role="status">
          Loading the keys…
        </p>
      ) : page.value.data.length === 0 && !cursor ? (
        <Notice title="No keys yet">
          <p>Create one with the form beside this list: nobody can use this organization until it has a key.</p>
        </Notice>
      ) : (
        <>
          <KeysTable keys={page.value.data} onRevoke={setRevoking} />
          <CursorPager
            cursor={cursor}
            page={page.value}
            go={(next) => navigate(withQuery(`/organizations/${org.id}`, new URLSearchParams(next ? { cursor: next } : {})))}
          />
        </>
      )}
      {revoking && <RevokeKey operator={operator} apiKey={revoking} onRevoked={revoked} onClose={() => setRevoking(null)} />}
    </section>
  );
}

function KeysTable({ keys, onRevoke }: { keys: OrganizationApiKey[]; onRevoke: (key: OrganizationApiKey) => void }) {
  return (
    // Focusable, so a keyboard can scroll it when it is wider than its column.
    <div class="table-scroll" tabIndex={0} role="region" aria-label="API keys">
      <table class="numbers api-keys">
        <caption class="visually-hidden">API keys, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} class={key.revoked_at ? 'revoked' : undefined}>
              <th scope="row">{key.name}</th>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td class="wrap">
                {key.scopes.map((scope) => (
                  <span class="tag">{scope}</span>
                ))}
              </td>
              <td>{when(key.created_at)}</td>
              <td>{key.last_used_at ? when(key.last_used_at) : 'Never'}</td>
              <td>
                {key.revoked_at ? (
                  <span class="badge muted">Revoked {when(key.revoked_at)}</span>
                ) : (
                  <span class="key-state">
                    <span class="badge good">Active</span>
                    <button type="button" class="button quiet danger-text" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name} (${key.prefix}…)`}>
                      Revoke
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevokeKey({
  operator,
  apiKey,
  onRevoked,
  onClose,
}: {
  operator: OperatorSession;
  apiKey: OrganizationApiKey;
  onRevoked: (key: OrganizationApiKey) => void;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      const key = await unwrap(
        operator.api.DELETE('/v1/organizations/{id}/api-keys/{key_id}', { params: { path: { id: apiKey.organization_id, key_id: apiKey.id } } }),
      );
      onRevoked(key);
    } catch (failure) {
      setError(`Not revoked: ${problemText(failure)}`);
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog title={`Revoke the key ${apiKey.name}?`} confirm="Revoke key" busy={busy} error={error} onConfirm={revoke} onClose={onClose}>
      <p>
        Every request made with <code>{apiKey.prefix}…</code> is refused from the next one on, on every surface. This cannot be undone: whoever
        uses it will need a new key.
      </p>
    </ConfirmDialog>
  );
}

/** A new key with the scopes ticked; its secret is shown this once, with a copy button. */
function CreateKey({ operator, org, onCreated }: { operator: OperatorSession; org: Organization; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<Scope>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<NewApiKey | null>(null);
  // Back from the new key's panel, the focus goes to the form's first field.
  const nameField = useRef<HTMLInputElement>(null);
  const returning = useRef(false);
  useEffect(() => {
    if (created || !returning.current) return;
    returning.current = false;
    nameField.current?.focus();
  }, [created]);

  const toggle = (scope: Scope, on: boolean) => {
    const next = new Set(scopes);
    if (on) next.add(scope);
    else next.delete(scope);
    setScopes(next);
  };

  const create = async (event: Event) => {
    event.preventDefault();
    if (scopes.size === 0) {
      setError('Choose at least one scope: a key without any could do nothing.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = { scopes: SCOPES.filter((scope) => scopes.has(scope)), ...(name.trim() ? { name: name.trim() } : {}) };
      setCreated(await unwrap(operator.api.POST('/v1/organizations/{id}/api-keys', { params: { path: { id: org.id } }, body })));
      setName('');
      setScopes(new Set());
      onCreated();
    } catch (failure) {
      setError(`Not created: ${problemText(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    const done = () => {
      returning.current = true;
      setCreated(null);
    };
    return <NewKey created={created} onDone={done} />;
  }
  return (
    <form class="card edit create-key" onSubmit={create} aria-labelledby="create-key-title" noValidate>
      <h2 id="create-key-title">New API key</h2>
      <label for="key-name">Name</label>
      <input
        id="key-name"
        ref={nameField}
        name="name"
        maxLength={200}
        autoComplete="off"
        placeholder="production"
        value={name}
        aria-describedby="key-name-help"
        onInput={(event) => setName(event.currentTarget.value)}
      />
      <p id="key-name-help" class="muted small">
        Who or what will use it, to recognise it in the list and the audit log.
      </p>
      <fieldset class="scopes" aria-describedby={error ? 'create-key-error' : undefined}>
        <legend>Scopes</legend>
        {SCOPES.map((scope) => (
          <div class="scope">
            <input id={`scope-${scope}`} type="checkbox" checked={scopes.has(scope)} onChange={(event) => toggle(scope, event.currentTarget.checked)} />
            <label for={`scope-${scope}`}>
              <code>{scope}</code>
              <span class="muted">{SCOPE_DESCRIPTIONS[scope]}</span>
            </label>
          </div>
        ))}
      </fieldset>
      <FieldError id="create-key-error" message={error} />
      <button type="submit" class="button primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}

function NewKey({ created, onDone }: { created: NewApiKey; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);

  // The one chance to take the key: the focus goes to it, so a screen reader reads the warning.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section class="card edit new-key" aria-labelledby="new-key-title" aria-describedby="new-key-warning">
      <h2 id="new-key-title" ref={heading} tabIndex={-1}>
        Key {created.name} created
      </h2>
      <p id="new-key-warning" class="warning">
        Copy this key now: <strong>you will not see it again.</strong> Dialtone keeps only its hash; if it is lost, revoke it and create
        another.
      </p>
      <SecretField id="new-key-value" label="The key" value={created.key} />
      <p class="muted small">Scopes: {created.scopes.join(', ')}</p>
      <button type="button" class="button" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}
