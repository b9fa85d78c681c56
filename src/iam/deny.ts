/**
 * "This document denies X when condition K says so" queries, for guardrails that require a
 * protective Deny (state bucket policy, region fence). They report what they find and leave the
 * judgement to the caller: whether the Deny binds everyone, and which other conditions narrow it
 * (every condition of a statement must hold for the Deny to apply).
 */
import { statementCoversAction } from './actions.js';
import { findConditions } from './conditions.js';
import type { NormalizedCondition, NormalizedStatement, PolicyDocument } from './policy.js';
import { appliesToEveryone } from './principals.js';
import { statementCoversResource } from './resources.js';

export interface DenyConditionQuery {
  /** Action (`s3:PutObject`) or pattern (`s3:*` = every S3 action) the Deny must cover; omitted: any Deny. */
  action?: string;
  /** ARN or ARN pattern (`arn:aws:s3:::acme-tfstate/*`) the Deny must cover; omitted: any resource. */
  resource?: string;
  /** Condition key, case-insensitive. */
  key: string;
  /** Base operators accepted, e.g. `['Bool']`; IfExists and set-qualified forms match too (see `condition`). */
  operators: readonly string[];
}

export interface DenyConditionMatch {
  statement: NormalizedStatement;
  condition: NormalizedCondition;
  /** Principal `*` or `{"AWS": "*"}` without NotPrincipal: the Deny binds every caller. */
  appliesToEveryone: boolean;
  /** The statement's other conditions: each narrows when the Deny applies. */
  otherConditions: NormalizedCondition[];
}

/** Deny statements covering `query.action` (and `query.resource`) with a condition on `query.key` under one of `query.operators`, one match per such condition. */
export function findDenyConditions(document: PolicyDocument, query: DenyConditionQuery): DenyConditionMatch[] {
  const matches: DenyConditionMatch[] = [];
  for (const statement of document.statements) {
    if (statement.effect !== 'Deny') continue;
    if (query.action !== undefined && !statementCoversAction(statement, query.action)) continue;
    if (query.resource !== undefined && !statementCoversResource(statement, query.resource)) continue;
    for (const condition of findConditions(statement, query.key, query.operators)) {
      matches.push({
        statement,
        condition,
        appliesToEveryone: appliesToEveryone(statement),
        otherConditions: statement.conditions.filter((other) => other !== condition),
      });
    }
  }
  return matches;
}

/**
 * Deny statements that deny `action` whenever the boolean key is `value`, e.g. any S3 request with
 * `aws:SecureTransport` "false": a `Bool` or `BoolIfExists` condition (IfExists only widens a
 * Deny) without set qualifier whose values include `value`.
 */
export function findDenyWhenBool(
  document: PolicyDocument,
  query: { action: string; resource?: string; key: string; value: 'true' | 'false' },
): DenyConditionMatch[] {
  const { value, ...where } = query;
  return findDenyConditions(document, { ...where, operators: ['Bool'] }).filter(
    (match) => match.condition.setQualifier === undefined && match.condition.values.includes(value),
  );
}

/**
 * How a "deny unless K equals expected" condition relates to the expected value:
 * `only-expected` lets nothing else through; `allows-others` exempts other values as well (listed
 * in `others`); `unknown` when the expected value is not known (yet) and the condition names one value.
 */
export type DenyUnlessVerdict =
  | { kind: 'only-expected' }
  | { kind: 'allows-others'; others: string[] }
  | { kind: 'unknown' };

export interface DenyUnlessMatch extends DenyConditionMatch {
  verdict: DenyUnlessVerdict;
}

/**
 * Deny statements that deny `action` whenever `key` is not `expected`, e.g. `s3:PutObject` unless
 * `s3:x-amz-server-side-encryption` is "aws:kms": a `StringNotEquals` or
 * `StringNotEqualsIfExists` condition without set qualifier. Both forms deny a request without
 * the key too (a negated operator and IfExists are both true on a missing key). The condition's
 * values are the exempted ones and are compared case-sensitively; pass `expected: undefined`
 * when the value is unknown at plan time (e.g. a KMS key ARN known only after apply).
 */
export function findDenyUnlessEquals(
  document: PolicyDocument,
  query: { action: string; resource?: string; key: string; expected: string | undefined },
): DenyUnlessMatch[] {
  const { expected, ...where } = query;
  return findDenyConditions(document, { ...where, operators: ['StringNotEquals'] })
    .filter((match) => match.condition.setQualifier === undefined)
    .map((match) => ({ ...match, verdict: exemptionVerdict(match.condition.values, expected) }));
}

function exemptionVerdict(values: string[], expected: string | undefined): DenyUnlessVerdict {
  const distinct = [...new Set(values)];
  if (expected === undefined) {
    // Two different exempted values cannot both be the one expected value.
    return distinct.length > 1 ? { kind: 'allows-others', others: distinct } : { kind: 'unknown' };
  }
  const others = distinct.filter((value) => value !== expected);
  return others.length === 0 ? { kind: 'only-expected' } : { kind: 'allows-others', others };
}
