/**
 * Action matching with IAM wildcard semantics: `*` matches any run of characters (also none),
 * `?` exactly one; the comparison ignores case (service prefixes and action names are both
 * case-insensitive in IAM). Matching is done without regular expressions so that patterns taken
 * from an untrusted plan cannot cause catastrophic backtracking.
 *
 * A "target" below is either a literal action (`s3:PutObject`) or a pattern standing for every
 * action it matches (`s3:*` = "any S3 request").
 */
import type { NormalizedStatement } from './policy.js';

/**
 * True when every action `specific` matches is also matched by `general` (`*` covers `iam:*`,
 * `s3:Put*` covers `s3:PutObject`). For a literal `specific` this is exact; between two patterns
 * it is sound but conservative: it may answer false for exotic equivalents such as `?*` vs `*?`.
 */
export function actionPatternCovers(general: string, specific: string): boolean {
  const g = general.toLowerCase();
  const s = specific.toLowerCase();
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

/** True when at least one action matches both patterns (`s3:Put*` and `s3:*Object` overlap; `iam:*` and `sts:*` do not). */
export function actionPatternsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
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

/**
 * True when the statement applies to every action the target names: with `Action`, one of its
 * patterns covers the target; with `NotAction`, none of its patterns overlaps the target (a
 * NotAction statement applies to whatever its list does not match).
 */
export function statementCoversAction(statement: NormalizedStatement, target: string): boolean {
  if (statement.actions !== undefined) return statement.actions.some((pattern) => actionPatternCovers(pattern, target));
  if (statement.notActions !== undefined) return !statement.notActions.some((pattern) => actionPatternsOverlap(pattern, target));
  return false;
}

/**
 * True when the statement's NotAction list leaves out every action of the target (`iam:*` is left
 * out by `iam:*`, `IAM:*` or `*`; not by `iam:Get*`). This is the semantic test IAM applies.
 * Note that `*` in NotAction leaves out everything, so such a statement applies to nothing:
 * combine with statementCoversAction to see that the statement still bites somewhere.
 */
export function notActionExcludes(statement: NormalizedStatement, target: string): boolean {
  return statement.notActions?.some((pattern) => actionPatternCovers(pattern, target)) ?? false;
}

/** True when the NotAction list literally contains the entry (case-insensitive), e.g. `iam:*`: a stricter, textual test. */
export function notActionListsEntry(statement: NormalizedStatement, entry: string): boolean {
  const wanted = entry.toLowerCase();
  return statement.notActions?.some((pattern) => pattern.toLowerCase() === wanted) ?? false;
}
