/**
 * Work over many files, a few at a time. A `Promise.all` over every file of a folder opens
 * them all at once, and a folder of 10,000 finished tasks then runs out of file handles
 * ("too many open files") and fails whatever else needed one.
 */

/** How many files one pass keeps open at once. */
export const FILE_CONCURRENCY = 16;

/** `fn` over every item, at most `limit` at a time; results in the items' order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  limit = FILE_CONCURRENCY,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
