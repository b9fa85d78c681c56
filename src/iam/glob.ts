/**
 * IAM wildcard patterns: `*` matches any run of characters (also none), `?` exactly one; all
 * other characters match themselves, case-sensitively (callers fold case where IAM does).
 * Implemented without regular expressions so that patterns taken from an untrusted plan cannot
 * cause catastrophic backtracking: both checks are O(len(a) * len(b)).
 */

/**
 * True when every string `s` matches is also matched by `g`. For a literal `s` this is exact;
 * between two patterns it is sound but conservative: it may answer false for exotic
 * equivalents such as `?*` vs `*?`.
 */
export function globCovers(g: string, s: string): boolean {
  // Fast paths for the shapes policies are made of: `*`, a literal, a `prefix*`.
  const firstWild = g.search(/[*?]/);
  if (firstWild === -1) return g === s;
  if (firstWild === g.length - 1 && g.endsWith('*')) return s.startsWith(g.slice(0, -1));
  // covered[i][j]: g[i..] covers s[j..]. A `*` in g absorbs any run of s's symbols (wildcards
  // included); a `?` in g absorbs one literal or `?`; a `*` in s only a `*` in g can absorb.
  let next = new Uint8Array(s.length + 1);
  let row = new Uint8Array(s.length + 1);
  next[s.length] = 1;
  for (let i = g.length - 1; i >= 0; i--) {
    const gc = g[i];
    row[s.length] = gc === '*' ? next[s.length] ?? 0 : 0;
    for (let j = s.length - 1; j >= 0; j--) {
      if (gc === '*') {
        row[j] = next[j] === 1 || row[j + 1] === 1 ? 1 : 0;
      } else {
        const sc = s[j];
        const symbolOk = gc === '?' ? sc !== '*' : sc === gc;
        row[j] = symbolOk && next[j + 1] === 1 ? 1 : 0;
      }
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}

/** True when at least one string matches both patterns. */
export function globsOverlap(x: string, y: string): boolean {
  // Reachability in the product of the two patterns' automata; a state is the pair of positions
  // (i, j), numbered i * width + j.
  const width = y.length + 1;
  const seen = new Uint8Array((x.length + 1) * width);
  const stack: number[] = [0];
  const visit = (i: number, j: number): void => {
    const id = i * width + j;
    if (seen[id] === 0) {
      seen[id] = 1;
      stack.push(id);
    }
  };
  seen[0] = 1;
  while (stack.length > 0) {
    const id = stack.pop() as number;
    const i = Math.floor(id / width);
    const j = id % width;
    if (i === x.length && j === y.length) return true;
    const xc = x[i];
    const yc = y[j];
    if (xc === '*') visit(i + 1, j);
    if (yc === '*') visit(i, j + 1);
    if (xc === undefined || yc === undefined) continue;
    const xWild = xc === '*' || xc === '?';
    const yWild = yc === '*' || yc === '?';
    // Both sides read one character: any wildcard accepts it, two literals must agree.
    if (xWild || yWild || xc === yc) visit(xc === '*' ? i : i + 1, yc === '*' ? j : j + 1);
  }
  return false;
}
