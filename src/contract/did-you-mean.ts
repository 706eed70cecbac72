// "Did you mean": the known name closest to a mistyped one, for error messages (claim ids, --at keys, config keys).

/** Edits (insert, delete, substitute, swap two neighbours) from a to b, ignoring case. */
export function editDistance(a: string, b: string): number {
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  const rows = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[s.length][t.length];
}

/**
 * The known name closest to `word` when it is close enough to be a typo of it: a third of its letters wrong at
 * most (one for short names), and fewer than all of them, so `x` does not suggest `d`.
 */
export function closest(word: string, names: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(word, name);
    if (distance <= limit && distance < word.length && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** " (did you mean X?)" when a name is near, else nothing. */
export function didYouMean(word: string, names: Iterable<string>): string {
  const near = closest(word, names);
  return near === undefined ? '' : ` (did you mean ${near}?)`;
}
