import { unwrap } from '../api/client';
import { ErrorNotice, Notice } from '../components/Notice';
import { useFieldsFollow, useStateFollowing } from '../form-fields';
import { capabilityName, label, money, regionName } from '../format';
import { navigate, withQuery } from '../router';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { CAPABILITIES } from '../vocabulary';
import { BuyCart } from './BuyCart';
import { inCart, readCart, saveCart, useCart, withNumber, withoutNumber } from './buy-cart';
import {
  PATTERN_PLACE_NAMES,
  PATTERN_PLACES,
  capabilitiesOf,
  hasSearch,
  keypadDigits,
  patternOf,
  searchNarrowings,
  searchQuery,
  type AvailableCountry,
  type AvailableNumber,
  type PatternPlace,
} from './buy-search';

const ALL_TYPES = ['local', 'mobile', 'toll_free'] as const;
const go = (query: URLSearchParams) => navigate(withQuery('/buy', query));

/** Buying numbers: search what the carrier offers, gather numbers in a cart, order them. */
export function BuyView({ session, query }: { session: Session; query: URLSearchParams }) {
  const [countries, retryCountries] = useLoad('countries', () => unwrap(session.api.GET('/v1/available-phone-numbers/countries')).then((list) => list.data));
  const buys = can(session, 'phone_numbers:purchase');
  return (
    <section aria-labelledby="buy-title">
      <div class="view-head">
        <h1 id="buy-title" tabIndex={-1}>
          Buy numbers
        </h1>
      </div>
      {!buys && (
        <Notice title="Search only">
          <p>
            This key can search the numbers on offer but not buy them (it lacks <code>phone_numbers:purchase</code>).
          </p>
        </Notice>
      )}
      <div class={buys ? 'buy-layout' : undefined}>
        <div>
          {countries.state === 'failed' ? (
            <ErrorNotice error={countries.error} onRetry={retryCountries} />
          ) : countries.state === 'loading' ? (
            <p class="loading" role="status">
              Loading the countries you can buy in…
            </p>
          ) : (
            <SearchForm query={query} countries={countries.value} />
          )}
          {hasSearch(query) ? (
            <Results session={session} query={query} buys={buys} />
          ) : (
            <Notice title="Find numbers to buy">
              <p>Choose a country and the kind of number, narrow it by place, pattern or capability if you like, and search.</p>
            </Notice>
          )}
        </div>
        {buys && <BuyCart session={session} />}
      </div>
    </section>
  );
}

/**
 * The search. It runs on submit: its values go to the URL under the API's names, so a search can
 * be shared and reloaded. The form stays as the URL changes, so the control used keeps the focus;
 * its fields and choices follow the URL.
 */
function SearchForm({ query, countries }: { query: URLSearchParams; countries: AvailableCountry[] }) {
  const state = query.toString();
  const form = useFieldsFollow(state);
  const asked = { country: query.get('country')?.toUpperCase() || countries[0]?.country || 'US', typed: patternOf(query)?.typed ?? '' };
  const [country, setCountry] = useStateFollowing(state, () => asked.country);
  const [chosenType, setType] = useStateFollowing(state, () => query.get('number_type') ?? '');
  const [place, setPlace] = useStateFollowing<PatternPlace>(state, () => patternOf(query)?.place ?? 'contains');
  const [typed, setTyped] = useStateFollowing(state, () => asked.typed);
  const offer = countries.find((c) => c.country === country);
  const types: readonly string[] = offer?.number_types ?? ALL_TYPES;
  const type = types.includes(chosenType) ? chosenType : types[0];
  const regions = offer ? offer.region_search : true;
  const digits = keypadDigits(typed);

  const search = (event: Event) => {
    event.preventDefault();
    const fields = new FormData(event.currentTarget as HTMLFormElement);
    const next = new URLSearchParams();
    const text = (name: string) => String(fields.get(name) ?? '').trim();
    for (const name of ['country', 'number_type', 'area_code', 'region', 'city']) if (text(name)) next.set(name, name === 'country' ? text(name).toUpperCase() : text(name));
    if (text('pattern')) next.set(text('pattern_place'), text('pattern'));
    const capabilities = fields.getAll('capabilities').map(String);
    if (capabilities.length) next.set('capabilities', capabilities.join(','));
    go(next);
  };

  return (
    <form class="filters buy-search" role="search" aria-label="Search numbers to buy" onSubmit={search} ref={form}>
      <div class="field">
        <label for="buy-country">Country</label>
        {countries.length ? (
          <select id="buy-country" name="country" value={country} onChange={(event) => setCountry(event.currentTarget.value)}>
            {countries.map((c) => (
              <option value={c.country}>
                {regionName(c.country)} ({c.country})
              </option>
            ))}
          </select>
        ) : (
          <input id="buy-country" name="country" maxLength={2} defaultValue={asked.country} autoComplete="off" onInput={(event) => setCountry(event.currentTarget.value.toUpperCase())} />
        )}
      </div>
      <div class="field">
        <label for="buy-type">Type</label>
        <select id="buy-type" name="number_type" value={type} onChange={(event) => setType(event.currentTarget.value)}>
          {types.map((type) => (
            <option value={type}>{label(type)}</option>
          ))}
        </select>
      </div>
      <div class="field narrow-plus">
        <label for="buy-area-code">Area code</label>
        <input id="buy-area-code" name="area_code" inputMode="numeric" maxLength={5} autoComplete="off" defaultValue={query.get('area_code') ?? ''} />
      </div>
      <div class="field">
        <label for="buy-region">Region</label>
        <input
          id="buy-region"
          name="region"
          maxLength={6}
          autoComplete="off"
          placeholder={regions ? 'e.g. TX' : ''}
          disabled={!regions}
          aria-describedby={regions ? undefined : 'buy-region-help'}
          defaultValue={regions ? (query.get('region') ?? '') : ''}
        />
        {!regions && (
          <p id="buy-region-help" class="muted small field-help">
            Not searchable in {regionName(country)}: use city or area code.
          </p>
        )}
      </div>
      <div class="field">
        <label for="buy-city">City</label>
        <input id="buy-city" name="city" maxLength={100} autoComplete="off" defaultValue={query.get('city') ?? ''} />
      </div>
      <fieldset class="field pattern">
        <legend>Pattern</legend>
        <label for="buy-pattern-place" class="visually-hidden">
          Where the pattern matches
        </label>
        <select id="buy-pattern-place" name="pattern_place" value={place} onChange={(event) => setPlace(event.currentTarget.value as PatternPlace)}>
          {PATTERN_PLACES.map((place) => (
            <option value={place}>{PATTERN_PLACE_NAMES[place]}</option>
          ))}
        </select>
        <label for="buy-pattern" class="visually-hidden">
          Digits or letters
        </label>
        <input
          id="buy-pattern"
          name="pattern"
          maxLength={20}
          autoComplete="off"
          spellcheck={false}
          placeholder="e.g. CALL"
          aria-describedby="buy-pattern-help"
          defaultValue={asked.typed}
          onInput={(event) => setTyped(event.currentTarget.value)}
        />
        <p id="buy-pattern-help" class="muted small field-help">
          {/[A-Za-z]/.test(typed) ? (
            <>
              Searches the digits <strong class="digits">{digits}</strong>
            </>
          ) : (
            'Letters become keypad digits: 2 = ABC … 9 = WXYZ; * is any digit.'
          )}
        </p>
      </fieldset>
      <fieldset class="field capabilities">
        <legend>Capabilities</legend>
        {CAPABILITIES.map((capability) => (
          <label class="check">
            <input type="checkbox" name="capabilities" value={capability} defaultChecked={capabilitiesOf(query).includes(capability)} />
            {capabilityName(capability)}
          </label>
        ))}
      </fieldset>
      <div class="field actions">
        <button type="submit" class="button primary">
          Search
        </button>
      </div>
    </form>
  );
}

function Results({ session, query, buys }: { session: Session; query: URLSearchParams; buys: boolean }) {
  const request = searchQuery(query);
  const [found, retry] = useLoad(JSON.stringify(request), () => unwrap(session.api.GET('/v1/available-phone-numbers', { params: { query: request } })));
  if (found.state === 'failed') return <ErrorNotice error={found.error} onRetry={retry} />;
  if (found.state === 'loading')
    return (
      <p class="loading" role="status">
        Searching…
      </p>
    );
  const numbers = found.value.data;
  if (!numbers.length) return <NoResults query={query} />;
  return (
    <section class="table-wrap buy-results" aria-labelledby="buy-results-title">
      <h2 id="buy-results-title" class="table-title">
        {numbers.length === 1 ? '1 number' : `${numbers.length} numbers`} on offer in {regionName(request.country ?? 'US')}
      </h2>
      <ResultsTable session={session} numbers={numbers} buys={buys} />
    </section>
  );
}

/** An empty result says what narrowed it, each with the search without it. */
function NoResults({ query }: { query: URLSearchParams }) {
  const narrowings = searchNarrowings(query);
  return (
    <Notice title="No numbers match this search">
      {narrowings.length ? (
        <>
          <p>Nothing on offer has all of these. Search again without one of them:</p>
          <ul class="narrowings">
            {narrowings.map((narrowing) => (
              <li>
                <button type="button" class="button" onClick={() => go(narrowing.without)}>
                  Without {narrowing.text}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Nothing of this type is on offer in {regionName(searchQuery(query).country ?? 'US')} now. Try another type of number or another country.</p>
      )}
    </Notice>
  );
}

const placeOf = (number: AvailableNumber) => [number.city, number.region].filter(Boolean).join(', ');

function ResultsTable({ session, numbers, buys }: { session: Session; numbers: AvailableNumber[]; buys: boolean }) {
  const organizationId = session.key.organization_id;
  const cart = useCart(organizationId);
  return (
    <table class="numbers">
      <caption class="visually-hidden">Numbers on offer, with their prices</caption>
      <thead>
        <tr>
          <th scope="col">Number</th>
          <th scope="col">Place</th>
          <th scope="col">Type</th>
          <th scope="col">Capabilities</th>
          <th scope="col" class="amount">
            Per month
          </th>
          <th scope="col" class="amount">
            Upfront
          </th>
          {buys && (
            <th scope="col">
              <span class="visually-hidden">Cart</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {numbers.map((number) => {
          const chosen = inCart(cart, number.number);
          return (
            <tr key={number.number} class={chosen ? 'chosen' : undefined}>
              <th scope="row">
                {number.international_format}
                <span class="muted small national">{number.national_format}</span>
              </th>
              <td>{placeOf(number) || <span class="muted">Nationwide</span>}</td>
              <td>{label(number.number_type)}</td>
              <td>{number.capabilities.map(capabilityName).join(', ')}</td>
              <td class="amount">{money(number.monthly_cost, number.currency)}</td>
              <td class="amount">{money(number.upfront_cost, number.currency)}</td>
              {buys && (
                <td>
                  <button
                    type="button"
                    class={`button ${chosen ? 'quiet' : ''}`}
                    aria-label={`${chosen ? 'Remove' : 'Add'} ${number.international_format} ${chosen ? 'from' : 'to'} the cart`}
                    onClick={() => {
                      const current = readCart(organizationId);
                      saveCart(organizationId, chosen ? withoutNumber(current, number.number) : withNumber(current, number));
                    }}
                  >
                    {chosen ? 'Remove' : 'Add'}
                  </button>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
