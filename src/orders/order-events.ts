import type { ChangeNote } from '../changes/journal.js';
import { toOrderResource } from './orders.schemas.js';
import type { OrderWithItems } from './orders.repo.js';

/**
 * A settled order as its event tells it: number_order.failed when it bought nothing,
 * number_order.completed otherwise (every number bought, or some: the data says which).
 */
export function orderSettledNote(order: OrderWithItems): ChangeNote {
  return {
    organizationId: order.organization_id,
    type: order.status === 'failed' ? 'number_order.failed' : 'number_order.completed',
    resourceId: order.id,
    data: toOrderResource(order),
    previousAttributes: { status: 'pending', completed_at: null },
  };
}
