/**
 * Action matching with IAM wildcard semantics (`*`, `?`; see glob.ts), ignoring case: service
 * prefixes and action names are both case-insensitive in IAM.
 *
 * A "target" below is either a literal action (`s3:PutObject`) or a pattern standing for every
 * action it matches (`s3:*` = "any S3 request").
 */
import { globCovers, globsOverlap } from './glob.js';
import type { NormalizedStatement } from './policy.js';

/**
 * True when every action `specific` matches is also matched by `general` (`*` covers `iam:*`,
 * `s3:Put*` covers `s3:PutObject`). Exact for a literal `specific`; between two patterns sound
 * but conservative (see globCovers).
 */
export function actionPatternCovers(general: string, specific: string): boolean {
  return globCovers(general.toLowerCase(), specific.toLowerCase());
}

/** True when at least one action matches both patterns (`s3:Put*` and `s3:*Object` overlap; `iam:*` and `sts:*` do not). */
export function actionPatternsOverlap(a: string, b: string): boolean {
  return globsOverlap(a.toLowerCase(), b.toLowerCase());
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
