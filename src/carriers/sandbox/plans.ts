import type { Capability } from '../../numbers/phone-number.js';
import type { Price, SearchableType } from '../carrier.js';

/**
 * What the sandbox sells in each country: per number type, the national-number lengths and
 * (for non-geographic types) the leading digits the numbering plan gives that type, with a
 * price and capabilities. Geographic (local) ranges come from the geography data instead.
 * Every number offered is still checked with libphonenumber before it is shown.
 */
export interface TypePlan {
  lengths: readonly number[];
  /** Leading digits of the national number; absent for local, whose ranges are geographic. */
  prefixes?: readonly string[];
  capabilities: readonly Capability[];
  price: Price;
}

export type CountryPlan = Partial<Record<SearchableType, TypePlan>>;

const usd = (monthly: string, upfront: string): Price => ({ monthly_cost: monthly, upfront_cost: upfront, currency: 'USD' });
const NANP_TOLL_FREE = ['800', '833', '844', '855', '866', '877', '888'];

export const SANDBOX_PLANS: Readonly<Record<string, CountryPlan>> = {
  US: {
    local: { lengths: [10], capabilities: ['voice', 'sms', 'mms', 'fax'], price: usd('1.1500', '1.1500') },
    toll_free: { lengths: [10], prefixes: NANP_TOLL_FREE, capabilities: ['voice', 'sms'], price: usd('2.1500', '2.1500') },
  },
  CA: {
    local: { lengths: [10], capabilities: ['voice', 'sms', 'mms', 'fax'], price: usd('1.1500', '1.1500') },
    toll_free: { lengths: [10], prefixes: NANP_TOLL_FREE, capabilities: ['voice', 'sms'], price: usd('2.1500', '2.1500') },
  },
  GB: {
    local: { lengths: [10, 9], capabilities: ['voice'], price: usd('1.1500', '0.0000') },
    mobile: {
      lengths: [10],
      prefixes: ['71', '73', '74', '75', '77', '78', '79'],
      capabilities: ['voice', 'sms'],
      price: usd('1.1500', '0.0000'),
    },
    toll_free: { lengths: [10, 9], prefixes: ['800', '808'], capabilities: ['voice'], price: usd('2.0000', '0.0000') },
  },
  DE: {
    local: { lengths: [10, 11, 9], capabilities: ['voice'], price: usd('1.0000', '0.0000') },
    mobile: {
      lengths: [11, 10],
      prefixes: ['151', '152', '157', '159', '160', '162', '163', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179'],
      capabilities: ['voice', 'sms'],
      price: usd('3.0000', '0.0000'),
    },
    toll_free: { lengths: [10, 11], prefixes: ['800'], capabilities: ['voice'], price: usd('5.0000', '0.0000') },
  },
  FR: {
    local: { lengths: [9], capabilities: ['voice'], price: usd('1.0000', '0.0000') },
    mobile: { lengths: [9], prefixes: ['6', '7'], capabilities: ['voice', 'sms'], price: usd('3.0000', '0.0000') },
    toll_free: { lengths: [9], prefixes: ['800', '805'], capabilities: ['voice'], price: usd('5.0000', '0.0000') },
  },
  AU: {
    local: { lengths: [9], capabilities: ['voice'], price: usd('3.0000', '0.0000') },
    mobile: { lengths: [9], prefixes: ['4'], capabilities: ['voice', 'sms'], price: usd('6.5000', '0.0000') },
    toll_free: { lengths: [10], prefixes: ['1800'], capabilities: ['voice'], price: usd('16.0000', '0.0000') },
  },
  BR: {
    local: { lengths: [10], capabilities: ['voice'], price: usd('4.0000', '0.0000') },
    mobile: {
      lengths: [11],
      prefixes: ['119', '219', '319', '419', '519', '619', '719', '819', '919'],
      capabilities: ['voice', 'sms'],
      price: usd('6.0000', '0.0000'),
    },
    toll_free: { lengths: [10, 11], prefixes: ['800'], capabilities: ['voice'], price: usd('15.0000', '0.0000') },
  },
};

export function planFor(country: string, type: SearchableType): TypePlan | undefined {
  return SANDBOX_PLANS[country]?.[type];
}
