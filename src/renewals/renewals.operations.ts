import type { Operation } from '../http/operation.js';
import { billingRecordsList } from './operations/billing_records.list.js';

/** What a bought number has been billed, period by period. */
export const RENEWALS_OPERATIONS: readonly Operation[] = [billingRecordsList];
