import type { Operation } from '../http/operation.js';
import { eventsRedeliver } from './operations/events.redeliver.js';
import { webhookDeliveriesList } from './operations/webhook_deliveries.list.js';
import { webhookDeliveriesListForEvent } from './operations/webhook_deliveries.list_for_event.js';
import { webhookEndpointsCreate } from './operations/webhook_endpoints.create.js';
import { webhookEndpointsDelete } from './operations/webhook_endpoints.delete.js';
import { webhookEndpointsGet } from './operations/webhook_endpoints.get.js';
import { webhookEndpointsList } from './operations/webhook_endpoints.list.js';
import { webhookEndpointsRecover } from './operations/webhook_endpoints.recover.js';
import { webhookEndpointsRotateSecret } from './operations/webhook_endpoints.rotate_secret.js';
import { webhookEndpointsSendTest } from './operations/webhook_endpoints.send_test.js';
import { webhookEndpointsUpdate } from './operations/webhook_endpoints.update.js';

/** The webhook operations, in the order the OpenAPI document lists them. */
export const WEBHOOKS_OPERATIONS: readonly Operation[] = [
  webhookEndpointsCreate,
  webhookEndpointsList,
  webhookEndpointsGet,
  webhookEndpointsUpdate,
  webhookEndpointsDelete,
  webhookEndpointsRotateSecret,
  webhookEndpointsSendTest,
  webhookEndpointsRecover,
  webhookDeliveriesList,
  webhookDeliveriesListForEvent,
  eventsRedeliver,
];
