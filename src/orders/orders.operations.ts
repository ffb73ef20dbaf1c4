import type { Operation } from '../http/operation.js';
import { numberOrdersCreate } from './operations/number_orders.create.js';
import { numberOrdersGet } from './operations/number_orders.get.js';
import { numberOrdersList } from './operations/number_orders.list.js';

/** Buying numbers, and the orders that record it. */
export const ORDERS_OPERATIONS: readonly Operation[] = [numberOrdersCreate, numberOrdersList, numberOrdersGet];
