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

/**
 * The work's error about a field the native API names by one of `pointers`' keys, pointed
 * instead at where the dialect's body has that field.
 */
export async function pointedAt<T>(pointers: Readonly<Record<string, string>>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const pointer = error instanceof AppError ? error.details.pointer : undefined;
    const renamed = pointer === undefined ? undefined : pointers[pointer];
    if (renamed) throw withDetails(error as AppError, { pointer: renamed });
    throw error;
  }
}
