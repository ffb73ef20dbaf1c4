import { AppError } from '../../errors/catalogue.js';
import type { ListPage } from '../../numbers/list-query.js';
import type { ListOptions, NumbersService } from '../../numbers/numbers.service.js';
import type { PhoneNumberRecord } from '../../numbers/phone-number.js';
import { withDetails } from './mount.js';

/** Number operations several dialects share, over the shared services. */

/** A page of the list; a continuation token the list refuses is named as the dialect's clients send it. */
export async function listPage(
  numbers: NumbersService,
  organizationId: string,
  options: ListOptions,
  tokenParameter: string,
): Promise<ListPage<PhoneNumberRecord>> {
  try {
    return await numbers.list(organizationId, options);
  } catch (error) {
    if (error instanceof AppError && error.details.parameter === 'cursor') throw withDetails(error, { parameter: tokenParameter });
    throw error;
  }
}
