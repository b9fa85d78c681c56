/**
 * Resource matching: the `Resource`/`NotResource` ARN patterns with IAM wildcards (`*`, `?`).
 * Compared case-sensitively: resource names in ARNs are case-sensitive, and a case mismatch
 * then makes a Deny count for less, never for more, except through NotResource (rare).
 */
import { globCovers, globsOverlap } from './glob.js';
import type { NormalizedStatement } from './policy.js';

/**
 * True when the statement applies to every resource the target names, an ARN or an ARN pattern
 * (`arn:aws:s3:::acme-tfstate/*` = every object of the bucket): with `Resource`, one pattern
 * covers it; with `NotResource`, none overlaps it; with neither (a trust policy), the statement
 * applies to the resource the policy is attached to, so true.
 */
export function statementCoversResource(statement: NormalizedStatement, target: string): boolean {
  if (statement.resources !== undefined) return statement.resources.some((pattern) => globCovers(pattern, target));
  if (statement.notResources !== undefined) return !statement.notResources.some((pattern) => globsOverlap(pattern, target));
  return true;
}
