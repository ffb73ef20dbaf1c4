import type { Operation } from '../http/operation.js';
import { availableNumbersCountries } from './operations/available_numbers.countries.js';
import { availableNumbersSearch } from './operations/available_numbers.search.js';
import { carrierAccountsCreate } from './operations/carrier_accounts.create.js';
import { carrierAccountsDelete } from './operations/carrier_accounts.delete.js';
import { carrierAccountsGet } from './operations/carrier_accounts.get.js';
import { carrierAccountsList } from './operations/carrier_accounts.list.js';

/** Number search and carrier accounts. */
export const CARRIERS_OPERATIONS: readonly Operation[] = [
  availableNumbersSearch,
  availableNumbersCountries,
  carrierAccountsCreate,
  carrierAccountsList,
  carrierAccountsGet,
  carrierAccountsDelete,
];
