import type { Operation } from '../http/operation.js';
import { numbersExport } from './operations/numbers.export.js';
import { numbersGet } from './operations/numbers.get.js';
import { numbersImport } from './operations/numbers.import.js';
import { numbersList } from './operations/numbers.list.js';
import { numbersLookup } from './operations/numbers.lookup.js';
import { numbersRelease } from './operations/numbers.release.js';
import { numbersUpdate } from './operations/numbers.update.js';
import { numberImportsCreate } from './operations/number_imports.create.js';
import { routingLookup } from './operations/routing.lookup.js';

/** The phone-number operations, in the order the OpenAPI document lists them. */
export const NUMBERS_OPERATIONS: readonly Operation[] = [
  numbersList,
  numbersExport,
  numbersLookup,
  numbersGet,
  numbersImport,
  numberImportsCreate,
  numbersUpdate,
  numbersRelease,
  routingLookup,
];
