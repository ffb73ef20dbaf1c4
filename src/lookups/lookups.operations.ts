import type { Operation } from '../http/operation.js';
import { lookupsGet } from './operations/lookups.get.js';

/** The number lookup operations. */
export const LOOKUPS_OPERATIONS: readonly Operation[] = [lookupsGet];
