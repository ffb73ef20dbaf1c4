/** Reading rows in batches for an export: no HTTP here, the services call it. */

/**
 * Rows read in batches, the first batch read before this returns: an export that cannot start
 * (the database down, a bad filter) fails as a whole with its error status, not as a broken
 * stream after a 200. The later batches are read as the consumer takes the rows.
 */
export async function startedRows<T>(batches: AsyncIterable<readonly T[]>): Promise<AsyncIterable<T>> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* rows() {
    try {
      for (let batch = first; !batch.done; batch = await iterator.next()) yield* batch.value;
    } finally {
      await iterator.return?.();
    }
  })();
}
