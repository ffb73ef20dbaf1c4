import { useState } from 'preact/hooks';
import { ApiError, unwrap, type Organization } from '../api/client';
import { CursorPager } from '../components/CursorPager';
import { ErrorNotice, FieldError, Notice } from '../components/Notice';
import { when } from '../format';
import { navigate, withQuery } from '../router';
import type { OperatorSession } from '../session';
import { useLoad } from '../use-load';

/** The operator's list of organizations, newest first by cursor, and the form that creates one. */
export function OrganizationsView({ operator, query }: { operator: OperatorSession; query: URLSearchParams }) {
  const cursor = query.get('cursor');
  const request = { limit: 50, ...(cursor ? { cursor } : {}) };
  const [page, retry] = useLoad(JSON.stringify(request), () => unwrap(operator.api.GET('/v1/organizations', { params: { query: request } })));

  return (
    <section aria-labelledby="organizations-title">
      <div class="view-head">
        <div>
          <h1 id="organizations-title" tabIndex={-1}>
            Organizations
          </h1>
          <p class="subtitle">Each organization holds its own numbers, keys and audit log.</p>
        </div>
      </div>
      <CreateOrganization operator={operator} />
      {page.state === 'failed' ? (
        <ErrorNotice error={page.error} onRetry={retry} />
      ) : (
        <div class="table-wrap" aria-busy={page.state === 'loading'}>
          {page.state === 'loading' ? (
            <p class="loading" role="status">
              Loading organizations…
            </p>
          ) : page.value.data.length === 0 ? (
            <Notice title="No organizations yet">
              <p>Create the first one above, then give it an API key.</p>
            </Notice>
          ) : (
            <>
              <OrganizationsTable organizations={page.value.data} />
              <CursorPager cursor={cursor} page={page.value} go={(next) => navigate(withQuery('/organizations', new URLSearchParams(next ? { cursor: next } : {})))} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

function OrganizationsTable({ organizations }: { organizations: Organization[] }) {
  return (
    <table class="numbers organizations">
      <caption class="visually-hidden">Organizations, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Id</th>
          <th scope="col">Account SID</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {organizations.map((org) => (
          <tr key={org.id}>
            <th scope="row">
              <a href={`/organizations/${org.id}`}>{org.name}</a>
            </th>
            <td>
              <code>{org.id}</code>
            </td>
            <td>
              <code>{org.account_sid}</code>
            </td>
            <td>{when(org.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A new organization opens at once: its next step is an API key. */
function CreateOrganization({ operator }: { operator: OperatorSession }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const org = await unwrap(operator.api.POST('/v1/organizations', { body: { name: name.trim() } }));
      navigate(`/organizations/${org.id}`);
    } catch (failure) {
      const problem = failure instanceof ApiError ? failure.problem : null;
      setError(`Not created: ${problem?.detail ?? problem?.title ?? String(failure)}`);
      setBusy(false);
    }
  };

  return (
    <form class="card inline-form" onSubmit={create} aria-labelledby="create-organization-title">
      <h2 id="create-organization-title">New organization</h2>
      <div class="field grow">
        <label for="organization-name">Name</label>
        <input
          id="organization-name"
          name="name"
          required
          maxLength={200}
          autoComplete="off"
          value={name}
          aria-invalid={error ? 'true' : undefined}
          aria-errormessage={error ? 'create-organization-error' : undefined}
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </div>
      <button type="submit" class="button primary" disabled={busy || !name.trim()}>
        {busy ? 'Creating…' : 'Create organization'}
      </button>
      <FieldError id="create-organization-error" message={error} />
    </form>
  );
}
