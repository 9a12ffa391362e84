/** The known word closest to a mistyped one ("stauts" → "status"), when it is close enough to be the one meant. */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + same);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  return at(a.length, b.length);
}

export function closestWord(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  if (!word) return undefined;
  const scored = known
    .map((candidate) => ({
      candidate,
      // A prefix ("stat" for "status") counts as close as one edit.
      distance: candidate.startsWith(word) ? 1 : editDistance(word, candidate),
    }))
    .sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return best && best.distance <= allowed ? best.candidate : undefined;
}
