/** Reading rows in batches for an export: no HTTP here, the services call it. */

/**
 * Batches read ahead by one, the first read before this returns: an export that cannot start
 * (the database down, a bad filter) fails as a whole with its error status, not as a broken
 * stream after a 200. While the consumer writes out one batch the next is being read, so the
 * database works at the same time as the writing; at most two batches are held.
 */
export async function startedBatches<T>(batches: AsyncIterable<readonly T[]>): Promise<AsyncIterable<readonly T[]>> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* readAhead() {
    let ahead: Promise<IteratorResult<readonly T[]>> | undefined;
    try {
      for (let batch = first; !batch.done; batch = await ahead) {
        ahead = iterator.next();
        // A consumer that stops early never awaits the read ahead: its failure is not unhandled.
        ahead.catch(() => {});
        yield batch.value;
      }
      ahead = undefined;
    } finally {
      // The generator finishes the read in flight before it returns (and closes its query).
      if (ahead) await ahead.catch(() => {});
      await iterator.return?.();
    }
  })();
}
