import { useState } from 'preact/hooks';
import { unwrap, type NumbersPage, type PhoneNumber } from '../api/client';
import { CursorPager, PageSize } from '../components/CursorPager';
import { ErrorNotice, Notice } from '../components/Notice';
import { StatusBadge } from '../components/StatusBadge';
import { useFieldsFollow } from '../form-fields';
import { capabilityName, day, label, regionName } from '../format';
import { navigate, withQuery } from '../router';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { CAPABILITIES, CARRIERS, NUMBER_TYPES, PAGE_SIZES, STATUSES, type SortKey } from '../vocabulary';
import { BulkPanel } from './BulkPanel';
import { filterOf, type Target } from './bulk-request';
import { NumbersExport } from './NumbersExport';
import { changed, hasFilters, listQuery, pageSizeOf, sortOf, splitList, withoutFilters } from './numbers-query';

const go = (query: URLSearchParams) => navigate(withQuery('/numbers', query));

/**
 * What the bulk actions would work on: numbers ticked by id (kept across pages), or every number
 * the filters match (counted when asked). A selection belongs to the filters it was made under.
 */
interface Selection {
  filters: string;
  ids: ReadonlySet<string>;
  allMatching: number | null;
}

export function NumbersView({ session, query }: { session: Session; query: URLSearchParams }) {
  const request = listQuery(query);
  // A bulk job's end reloads the page, as the numbers on it may have changed.
  const [refresh, setRefresh] = useState(0);
  const [page, retry] = useLoad(JSON.stringify([request, refresh]), () => unwrap(session.api.GET('/v1/phone-numbers', { params: { query: request } })));
  const filters = JSON.stringify(filterOf(query));
  const [stored, setSelection] = useState<Selection>({ filters, ids: new Set(), allMatching: null });
  const selection = stored.filters === filters ? stored : { filters, ids: new Set<string>(), allMatching: null };
  const [bulk, setBulk] = useState<Target | null>(null);
  const selectable = can(session, 'phone_numbers:write');
  const numbers = page.state === 'ready' ? page.value.data : [];

  const open = () =>
    setBulk(selection.allMatching !== null ? { kind: 'filter', filter: filterOf(query), count: selection.allMatching } : { kind: 'ids', ids: [...selection.ids] });
  const ended = () => {
    setSelection({ filters, ids: new Set(), allMatching: null });
    setRefresh((n) => n + 1);
  };

  return (
    <section aria-labelledby="numbers-title">
      <div class="view-head">
        <h1 id="numbers-title" tabIndex={-1}>
          Numbers
        </h1>
        <div class="head-tools">
          <NumbersExport session={session} query={query} />
          <MatchCount session={session} query={query} />
        </div>
      </div>
      <Filters query={query} />
      {selectable && page.state === 'ready' && (
        <SelectionBar session={session} query={query} selection={selection} page={page.value} onChange={setSelection} onOpen={open} />
      )}
      {page.state === 'failed' ? (
        <ErrorNotice error={page.error} onRetry={retry} />
      ) : (
        <div class="table-wrap" aria-busy={page.state === 'loading'}>
          <NumbersTable query={query} numbers={numbers} selection={selectable ? selection : null} onSelect={setSelection} />
          {page.state === 'loading' && (
            <p class="loading" role="status">
              Loading numbers…
            </p>
          )}
          {page.state === 'ready' && page.value.data.length === 0 && <Empty query={query} />}
          {page.state === 'ready' && (
            <CursorPager cursor={query.get('cursor')} page={page.value} go={(cursor) => go(changed(query, { cursor }, true))}>
              <PageSize id="page-size" sizes={PAGE_SIZES} value={pageSizeOf(query)} onChange={(limit) => go(changed(query, { limit }))} />
            </CursorPager>
          )}
        </div>
      )}
      {bulk && <BulkPanel session={session} target={bulk} onClose={() => setBulk(null)} onChanged={ended} />}
    </section>
  );
}

const countOf = (count: number, one = 'number', many = 'numbers') => `${count.toLocaleString()} ${count === 1 ? one : many}`;

/**
 * How many numbers are selected, the step from a whole page to every matching number (counted
 * then, as the list counts only on demand), and the button that opens the bulk action panel.
 */
function SelectionBar(props: { session: Session; query: URLSearchParams; selection: Selection; page: NumbersPage; onChange: (selection: Selection) => void; onOpen: () => void }) {
  const { session, query, selection, page, onChange } = props;
  const [counting, setCounting] = useState<{ filters: string; error?: string } | null>(null);
  const wholePage = page.data.length > 0 && page.data.every((number) => selection.ids.has(number.id));
  const more = page.has_more || Boolean(query.get('cursor'));
  const clear = () => onChange({ ...selection, ids: new Set(), allMatching: null });
  const selectAll = async () => {
    setCounting({ filters: selection.filters });
    try {
      const counted = await unwrap(session.api.GET('/v1/phone-numbers', { params: { query: { ...filterOf(query), limit: 1, include_total: true } } }));
      setCounting(null);
      onChange({ ...selection, allMatching: counted.total_count ?? 0 });
    } catch (error) {
      setCounting({ filters: selection.filters, error: (error as Error).message });
    }
  };
  if (!selection.ids.size && selection.allMatching === null) {
    return (
      <p class="selection-hint muted small">
        Tick numbers to change several at once, or tick the box in the header to select the page.
      </p>
    );
  }
  const busy = counting?.filters === selection.filters && !counting.error;
  return (
    <div class="selection-bar" role="region" aria-label="Selection">
      <p role="status">
        {selection.allMatching !== null
          ? `All ${countOf(selection.allMatching, 'matching number', 'matching numbers')} selected.`
          : `${countOf(selection.ids.size)} selected${wholePage ? ' (this whole page)' : ''}.`}
        {busy ? ' Counting the matches…' : ''}
        {counting?.error ? ` Could not count: ${counting.error}` : ''}
      </p>
      {selection.allMatching === null && wholePage && more && (
        <button type="button" class="button quiet" onClick={selectAll} disabled={busy}>
          Select all matching numbers
        </button>
      )}
      <button type="button" class="button quiet" onClick={clear}>
        Clear selection
      </button>
      <button type="button" class="button primary" onClick={props.onOpen}>
        Change selected…
      </button>
    </div>
  );
}

function Empty({ query }: { query: URLSearchParams }) {
  if (hasFilters(query)) {
    return (
      <Notice title="No numbers match these filters">
        <p>Loosen a filter, or clear them all to see every number.</p>
        <button type="button" class="button" onClick={() => clearFilters(query)}>
          Clear filters
        </button>
      </Notice>
    );
  }
  return (
    <Notice title="No numbers yet">
      <p>
        Buy numbers with <code>POST /v1/number-orders</code>, or import the ones you hold with <code>dialtone numbers import</code>. The{' '}
        <a href="/docs">API reference</a> shows how.
      </p>
    </Notice>
  );
}

/** The count of every match, asked for on demand: counting costs a query the list does not. */
function MatchCount({ session, query }: { session: Session; query: URLSearchParams }) {
  const filters = { ...listQuery(query), cursor: undefined, limit: 1, include_total: true };
  const key = JSON.stringify(filters);
  const [count, setCount] = useState<{ key: string; text: string } | null>(null);
  const ask = async () => {
    setCount({ key, text: 'Counting…' });
    try {
      const page = await unwrap(session.api.GET('/v1/phone-numbers', { params: { query: filters } }));
      const total = page.total_count ?? 0;
      setCount({ key, text: `${total.toLocaleString()} ${total === 1 ? 'number matches' : 'numbers match'}` });
    } catch (error) {
      setCount({ key, text: `Could not count: ${(error as Error).message}` });
    }
  };
  return (
    <div class="match-count">
      <span role="status">{count?.key === key ? count.text : ''}</span>
      <button type="button" class="button quiet" onClick={ask}>
        Count matches
      </button>
    </div>
  );
}

/** The view without its filters, with the focus on the search: the button that cleared them goes with them. */
function clearFilters(query: URLSearchParams) {
  go(withoutFilters(query));
  document.getElementById('filter-search')?.focus();
}

/** A list filter that applies at once. A link may hold several values (status=active,suspended): shown as one choice. */
function Select({ name, text, values, query, format = label }: { name: string; text: string; values: readonly string[]; query: URLSearchParams; format?: (v: string) => string }) {
  const value = query.get(name) ?? '';
  const several = value.includes(',') ? value : null;
  return (
    <div class="field">
      <label for={`filter-${name}`}>{text}</label>
      <select id={`filter-${name}`} name={name} value={value} onChange={(event) => go(changed(query, { [name]: event.currentTarget.value }))}>
        <option value="">Any</option>
        {several && <option value={several}>{splitList(several).map(format).join(' or ')}</option>}
        {values.map((value) => (
          <option value={value}>{format(value)}</option>
        ))}
      </select>
    </div>
  );
}

function TextFilter(props: { name: string; text: string; query: URLSearchParams; placeholder?: string; maxLength: number }) {
  const { name, query } = props;
  return (
    <div class="field">
      <label for={`filter-${name}`}>{props.text}</label>
      <input
        id={`filter-${name}`}
        name={name}
        placeholder={props.placeholder}
        maxLength={props.maxLength}
        defaultValue={query.get(name) ?? ''}
        autoComplete="off"
        spellcheck={false}
      />
    </div>
  );
}

function DateFilter({ name, text, query }: { name: string; text: string; query: URLSearchParams }) {
  return (
    <div class="field">
      <label for={`filter-${name}`}>{text}</label>
      <input id={`filter-${name}`} name={name} type="date" defaultValue={query.get(name) ?? ''} />
    </div>
  );
}

const TEXT_FILTERS = ['search', 'country', 'tag', 'assigned_agent_id', 'renewal_after', 'renewal_before'] as const;

/**
 * Search and filters. Lists apply at once; text and dates on Enter or Apply. The form stays as
 * the URL changes, so the control used keeps the focus; its fields follow the URL.
 */
function Filters({ query }: { query: URLSearchParams }) {
  const form = useFieldsFollow(query.toString());
  const apply = (event: Event) => {
    event.preventDefault();
    const fields = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(fields.get(name) ?? '').trim();
    const values = Object.fromEntries(TEXT_FILTERS.map((name) => [name, text(name)]));
    go(changed(query, { ...values, country: splitList(values.country!.toUpperCase()).join(','), tag: splitList(values.tag!).join(',') }));
  };
  return (
    <form class="filters" role="search" aria-label="Search and filter numbers" onSubmit={apply} ref={form}>
      <div class="field grow">
        <label for="filter-search">Search</label>
        <input id="filter-search" name="search" type="search" placeholder="Number in any format, name or id" defaultValue={query.get('search') ?? ''} maxLength={200} />
      </div>
      <Select name="status" text="Status" values={STATUSES} query={query} />
      <Select name="number_type" text="Type" values={NUMBER_TYPES} query={query} />
      <Select name="carrier" text="Carrier" values={CARRIERS} query={query} />
      <Select name="capability" text="Capability" values={CAPABILITIES} query={query} format={capabilityName} />
      <Select name="assigned" text="Assignment" values={['true', 'false']} query={query} format={(v) => (v === 'true' ? 'Assigned' : 'Free')} />
      <TextFilter name="assigned_agent_id" text="Agent id" query={query} maxLength={200} />
      <TextFilter name="country" text="Countries" query={query} placeholder="US, GB" maxLength={80} />
      <TextFilter name="tag" text="Tags" query={query} placeholder="support, emea" maxLength={1400} />
      <Select name="without_tags" text="Tagging" values={['false', 'true']} query={query} format={(v) => (v === 'true' ? 'No tags' : 'Has tags')} />
      <DateFilter name="renewal_after" text="Renews from" query={query} />
      <DateFilter name="renewal_before" text="Renews before" query={query} />
      <div class="field actions">
        <button type="submit" class="button primary">
          Apply
        </button>
        {hasFilters(query) && (
          <button type="button" class="button quiet" onClick={() => clearFilters(query)}>
            Clear
          </button>
        )}
      </div>
    </form>
  );
}

function SortHeader({ query, sortKey, children }: { query: URLSearchParams; sortKey: SortKey; children: string }) {
  const { sort, order } = sortOf(query);
  const active = sort === sortKey;
  const next = active ? (order === 'asc' ? 'desc' : 'asc') : sortKey === 'created_at' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" class="sort" onClick={() => go(changed(query, { sort: sortKey, order: next }))}>
        {children}
        <span aria-hidden="true" class="sort-mark">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
        <span class="visually-hidden">, sort {next === 'asc' ? 'ascending' : 'descending'}</span>
      </button>
    </th>
  );
}

function NumbersTable(props: { query: URLSearchParams; numbers: PhoneNumber[]; selection: Selection | null; onSelect: (selection: Selection) => void }) {
  const { query, numbers, selection } = props;
  return (
    <table class="numbers">
      <caption class="visually-hidden">Phone numbers, {numbers.length} on this page</caption>
      <thead>
        <tr>
          {selection && <SelectPage numbers={numbers} selection={selection} onSelect={props.onSelect} />}
          <SortHeader query={query} sortKey="number">
            Number
          </SortHeader>
          <SortHeader query={query} sortKey="friendly_name">
            Name
          </SortHeader>
          <th scope="col">Status</th>
          <th scope="col">Region</th>
          <th scope="col">Type</th>
          <th scope="col">Carrier</th>
          <th scope="col">Capabilities</th>
          <th scope="col">Tags</th>
          <SortHeader query={query} sortKey="next_billing_date">
            Renews
          </SortHeader>
          <SortHeader query={query} sortKey="created_at">
            Added
          </SortHeader>
        </tr>
      </thead>
      <tbody>
        {numbers.map((number) => (
          <tr key={number.id} class={selection && (selection.allMatching !== null || selection.ids.has(number.id)) ? 'selected' : undefined}>
            {selection && <SelectRow number={number} numbers={numbers} selection={selection} onSelect={props.onSelect} />}
            <th scope="row">
              <a href={`/numbers/${number.id}`}>{number.international_format}</a>
            </th>
            <td>{number.friendly_name ?? <span class="muted">—</span>}</td>
            <td>
              <StatusBadge status={number.status} />
            </td>
            <td>{regionName(number.country)}</td>
            <td>{label(number.number_type)}</td>
            <td>{label(number.carrier)}</td>
            <td>{number.capabilities.map(capabilityName).join(', ')}</td>
            <td>
              {number.tags.map((tag) => (
                <span class="tag">{tag}</span>
              ))}
            </td>
            <td>{day(number.renewal.next_billing_date)}</td>
            <td>{day(number.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The header's box: ticks or unticks every number of the page (mixed when some are ticked). */
function SelectPage({ numbers, selection, onSelect }: { numbers: PhoneNumber[]; selection: Selection; onSelect: (selection: Selection) => void }) {
  const ticked = numbers.filter((number) => selection.ids.has(number.id)).length;
  const all = selection.allMatching !== null || (numbers.length > 0 && ticked === numbers.length);
  const toggle = () => {
    const ids = new Set(selection.ids);
    for (const number of numbers) {
      if (all) ids.delete(number.id);
      else ids.add(number.id);
    }
    onSelect({ ...selection, ids, allMatching: null });
  };
  return (
    <th scope="col" class="select">
      <input
        type="checkbox"
        aria-label="Select every number on this page"
        checked={all}
        indeterminate={!all && ticked > 0}
        disabled={!numbers.length}
        onChange={toggle}
      />
    </th>
  );
}

/** A row's box. Unticking one of "all matching" keeps the rest of the page ticked, by id. */
function SelectRow({ number, numbers, selection, onSelect }: { number: PhoneNumber; numbers: PhoneNumber[]; selection: Selection; onSelect: (selection: Selection) => void }) {
  const checked = selection.allMatching !== null || selection.ids.has(number.id);
  const toggle = () => {
    const ids = new Set(selection.allMatching !== null ? numbers.map((n) => n.id) : selection.ids);
    if (checked) ids.delete(number.id);
    else ids.add(number.id);
    onSelect({ ...selection, ids, allMatching: null });
  };
  return (
    <td class="select">
      <input type="checkbox" aria-label={`Select ${number.international_format}`} checked={checked} onChange={toggle} />
    </td>
  );
}
