import type { Operation } from '../http/operation.js';
import { addressesCreate } from './operations/addresses.create.js';
import { addressesDelete } from './operations/addresses.delete.js';
import { addressesGet } from './operations/addresses.get.js';
import { addressesList } from './operations/addresses.list.js';
import { addressesUpdate } from './operations/addresses.update.js';

/** The address operations, in the order the OpenAPI document lists them. */
export const ADDRESSES_OPERATIONS: readonly Operation[] = [addressesCreate, addressesList, addressesGet, addressesUpdate, addressesDelete];
