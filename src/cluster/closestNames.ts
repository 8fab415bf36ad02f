// "Did you mean …": the names nearest to a misspelt one, for NotFound results the model can act on.

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

/** Up to `limit` candidates closest to `wanted`: shared prefixes and substrings first, then edit distance. */
export function closestNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = wanted.toLowerCase();
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of new Set(candidates)) {
    const lower = name.toLowerCase();
    let score = editDistance(target, lower);
    if (lower.startsWith(target) || target.startsWith(lower)) score -= 100;
    else if (lower.includes(target) || target.includes(lower)) score -= 50;
    const threshold = Math.max(3, Math.ceil(target.length / 2));
    if (score <= threshold) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((s) => s.name);
}
