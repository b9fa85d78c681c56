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
  // covered[i][j]: g[i..] covers s[j..]. A `*` in g absorbs any run of s's symbols (wildcards
  // included); a `?` in g absorbs one literal or `?`; a `*` in s only a `*` in g can absorb.
  let next: boolean[] = Array.from({ length: s.length + 1 }, (_, j) => j === s.length);
  for (let i = g.length - 1; i >= 0; i--) {
    const row: boolean[] = new Array<boolean>(s.length + 1).fill(false);
    const gc = g[i];
    for (let j = s.length; j >= 0; j--) {
      if (gc === '*') {
        row[j] = next[j] === true || (j < s.length && row[j + 1] === true);
      } else if (j < s.length) {
        const sc = s[j];
        const symbolOk = gc === '?' ? sc !== '*' : sc === gc;
        row[j] = symbolOk && next[j + 1] === true;
      }
    }
    next = row;
  }
  return next[0] === true;
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
