/**
 * What Dialtone can tell of a postal address without a carrier's address database: whether it
 * is well formed for its country (the postal code's pattern, the region's code where a country
 * has a closed list of them) and the form it is best written in (spaces tidied, codes in upper
 * case, a ZIP+4 with its hyphen). It does not know whether the street exists.
 */

/** The fields an address check reads, in the native names. */
export interface CheckedAddress {
  street: string;
  street_secondary: string | null;
  city: string;
  region: string;
  postal_code: string;
  iso_country: string;
}

export interface AddressProblem {
  field: keyof CheckedAddress;
  detail: string;
}

export interface AddressCheck {
  valid: boolean;
  problems: AddressProblem[];
  /** The address as it is best written: what accepting the suggestions stores. */
  suggested: CheckedAddress;
}

/** The states, the District of Columbia, the territories and the military post regions of the USPS. */
const US_REGIONS = new Set(
  ('AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN ' +
    'TX UT VT VA WA WV WI WY DC AS GU MP PR VI UM AA AE AP').split(' '),
);
/** Canada's provinces and territories. */
const CA_REGIONS = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));

interface CountryRules {
  regions: ReadonlySet<string>;
  postal: RegExp;
  postalExample: string;
  /** The postal code as the country writes it, from its letters and digits. */
  writePostal: (compact: string) => string;
}

const RULES: Record<string, CountryRules> = {
  US: {
    regions: US_REGIONS,
    postal: /^[0-9]{5}(-[0-9]{4})?$/,
    postalExample: '94105 or 94105-1420',
    writePostal: (c) => (/^[0-9]{9}$/.test(c) ? `${c.slice(0, 5)}-${c.slice(5)}` : c),
  },
  CA: {
    regions: CA_REGIONS,
    postal: /^[A-Z][0-9][A-Z] [0-9][A-Z][0-9]$/,
    postalExample: 'K1A 0B1',
    writePostal: (c) => (c.length === 6 ? `${c.slice(0, 3)} ${c.slice(3)}` : c),
  },
};

const tidy = (text: string) => text.trim().replace(/\s+/g, ' ');

/** The address as it is best written. */
function suggestedForm(address: CheckedAddress): CheckedAddress {
  const country = tidy(address.iso_country).toUpperCase();
  const rules = RULES[country];
  const region = tidy(address.region);
  const postal = tidy(address.postal_code).toUpperCase();
  return {
    street: tidy(address.street),
    street_secondary: address.street_secondary === null ? null : tidy(address.street_secondary) || null,
    city: tidy(address.city),
    region: rules && rules.regions.has(region.toUpperCase()) ? region.toUpperCase() : region,
    postal_code: rules ? rules.writePostal(postal.replace(/[^0-9A-Z]/g, '')) : postal,
    iso_country: country,
  };
}

/** Checks an address: its problems (none when valid) and the form it is best written in. */
export function checkAddress(address: CheckedAddress): AddressCheck {
  const suggested = suggestedForm(address);
  const problems: AddressProblem[] = [];
  for (const field of ['street', 'postal_code'] as const) {
    if (!suggested[field]) problems.push({ field, detail: `${field} is required.` });
  }
  if (!/^[A-Z]{2}$/.test(suggested.iso_country)) {
    problems.push({ field: 'iso_country', detail: 'The country is an ISO 3166-1 alpha-2 code, such as US.' });
  }
  const rules = RULES[suggested.iso_country];
  if (rules) {
    if (suggested.postal_code && !rules.postal.test(suggested.postal_code)) {
      problems.push({ field: 'postal_code', detail: `${suggested.postal_code} is not a postal code of ${suggested.iso_country} (such as ${rules.postalExample}).` });
    }
    if (!rules.regions.has(suggested.region)) {
      problems.push({ field: 'region', detail: `${suggested.region || 'An empty region'} is not a region code of ${suggested.iso_country}.` });
    }
  }
  return { valid: problems.length === 0, problems, suggested };
}

/** Whether the address is written as its check suggests already. */
export function isWrittenAsSuggested(address: CheckedAddress, check: AddressCheck): boolean {
  return (Object.keys(check.suggested) as (keyof CheckedAddress)[]).every((field) => check.suggested[field] === address[field]);
}

/** Whether Dialtone knows how the country writes its addresses (its postal codes and regions). */
export function knowsFormatOf(country: string): boolean {
  return Object.hasOwn(RULES, country.toUpperCase());
}

/** The address on one line, as a person reads it. */
export function oneLine(address: CheckedAddress): string {
  return [address.street, address.street_secondary, address.city, `${address.region} ${address.postal_code}`, address.iso_country].filter(Boolean).join(', ');
}
