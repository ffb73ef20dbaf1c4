import type { Operation } from '../http/operation.js';
import { eventsGet } from './operations/events.get.js';
import { eventsList } from './operations/events.list.js';

/** Reading the organization's events. */
export const EVENTS_OPERATIONS: readonly Operation[] = [eventsList, eventsGet];
