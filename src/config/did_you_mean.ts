/**
 * "Did you mean" hints: the closest known name by edit distance. Must not: decide whether a
 * name is an error (the caller does).
 */

/** Levenshtein distance, case-insensitive, `-` and `_` counted as equal. */
export function editDistance(a: string, b: string): number {
  const x = normalise(a);
  const y = normalise(b);
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * The closest candidate within a third of the name's length (at least 2 edits), or one that
 * starts with the name (`password` → `password_hash`), if any.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const prefix = name.length >= 3 && normalise(candidate).startsWith(normalise(name));
    const d = prefix ? Math.min(editDistance(name, candidate), limit) : editDistance(name, candidate);
    if (d < bestDistance && d <= limit) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** A hint `did you mean <x>?` for an element name, or undefined. */
export function didYouMeanElement(name: string, candidates: Iterable<string>): string | undefined {
  const best = closest(name, candidates);
  return best === undefined ? undefined : `did you mean <${best}>?`;
}

/** A hint `did you mean "x"?` for a value, or undefined. */
export function didYouMeanValue(value: string, candidates: Iterable<string>): string | undefined {
  const best = closest(value, candidates);
  return best === undefined ? undefined : `did you mean "${best}"?`;
}

function normalise(s: string): string {
  return s.toLowerCase().replaceAll("-", "_");
}
