/**
 * What a policy grants: "does it allow this action on this resource", and "does it allow everyone
 * in", with IAM's evaluation rules, answered in three values because a document rendered from
 * configuration may hold values known only after apply (symbols.ts).
 *
 * The rules, from the IAM policy evaluation logic:
 * - an Allow statement grants the target when its `Action` covers it (or its `NotAction` leaves
 *   all of it in) and its `Resource` covers it (or its `NotResource` leaves all of it in); actions
 *   compare case-insensitively, resources case-sensitively, both with `*` and `?`;
 * - an explicit Deny wins over any Allow: a Deny of the whole target, without condition, binding
 *   every principal the Allow names, takes the Allow away;
 * - a Deny under a condition, or of only part of the target, or binding only some of the Allow's
 *   principals, leaves the Allow in place for some requests, so the Allow stands and the Deny is
 *   reported beside it;
 * - an Allow under a condition is still an Allow (for the requests meeting it); its conditions
 *   are reported.
 * A target that is a pattern (`s3:*`, `arn:aws:s3:::acme-*`) stands for all it matches: the
 * policy allows `s3:*` when a statement grants every S3 action, not when it grants one of them.
 */
import { actionPatternCovers, actionPatternsOverlap } from './actions.js';
import { globCovers, globsOverlap } from './glob.js';
import type { NormalizedCondition, NormalizedStatement, PolicyDocument, PrincipalBlock, PrincipalType } from './policy.js';
import { principalValues } from './principals.js';
import { isSymbol, symbolsIn, type StatementField } from './symbols.js';

/** A truth value that may not be known before apply. */
export type Tri = 'yes' | 'no' | 'unknown';

/** How one Allow statement bears on the target. */
export interface GrantingStatement {
  statement: NormalizedStatement;
  /** Whether the statement grants the whole target (ignoring Denies). */
  grants: Tri;
  /** Whether it still grants it once the Denies are applied. */
  effective: Tri;
  /** Unconditional Denies that take it away (`yes`) or may (`unknown`). */
  removedBy: Array<{ statement: NormalizedStatement; removes: Tri }>;
  /** Denies that cover the target but only under a condition: they do not take the Allow away. */
  conditionalDenies: NormalizedStatement[];
  /** Unknown values the answer depends on (`aws_s3_bucket.state.arn`). */
  unknowns: string[];
}

export interface AccessAnswer {
  allows: Tri;
  /** The Allow statements that grant the target, or may, each with the Denies bearing on it. */
  statements: GrantingStatement[];
}

/** Does the policy allow `action` (or every action of a pattern) on `resource` (or every resource of a pattern)? */
export function evaluateAccess(document: PolicyDocument, action: string, resource: string): AccessAnswer {
  const denies = document.statements.filter((statement) => statement.effect === 'Deny');
  const statements: GrantingStatement[] = [];
  for (const statement of document.statements) {
    if (statement.effect !== 'Allow') continue;
    const grants = and(actionApplies(statement, action), resourceApplies(statement, resource));
    if (grants === 'no') continue;
    const removedBy: GrantingStatement['removedBy'] = [];
    const conditionalDenies: NormalizedStatement[] = [];
    for (const deny of denies) {
      const covers = and(actionApplies(deny, action), resourceApplies(deny, resource));
      if (covers === 'no') continue;
      if (deny.conditions.length > 0) {
        conditionalDenies.push(deny);
        continue;
      }
      const removes = and(covers, denyBindsAllOf(deny, statement));
      if (removes !== 'no') removedBy.push({ statement: deny, removes });
    }
    const effective = and(grants, not(any(removedBy.map((entry) => entry.removes))));
    const unknowns =
      effective === 'unknown'
        ? unique([
            ...symbolsIn(statement, ACCESS_FIELDS),
            ...removedBy.filter((entry) => entry.removes === 'unknown').flatMap((entry) => symbolsIn(entry.statement, ACCESS_FIELDS)),
          ])
        : [];
    statements.push({ statement, grants, effective, removedBy, conditionalDenies, unknowns });
  }
  return { allows: any(statements.map((entry) => entry.effective)), statements };
}

const ACCESS_FIELDS: readonly StatementField[] = ['Action', 'Resource', 'Principal'];

/** An Allow that lets every caller in: to whom, and whether a condition limits who. */
export interface PublicStatement {
  statement: NormalizedStatement;
  /** `yes` when it names every principal and no condition limits the caller. */
  public: Tri;
  unknowns: string[];
}

/**
 * Allow statements open to everyone: `"Principal": "*"` or `{"AWS": "*"}` (or an Allow with
 * `NotPrincipal`, everyone but some), with no condition that limits the caller by identity,
 * account, organisation or network (see LIMITING_KEYS). A condition on something else (TLS, MFA,
 * time) does not limit who.
 */
export function publicStatements(document: PolicyDocument): { public: Tri; statements: PublicStatement[] } {
  const statements: PublicStatement[] = [];
  for (const statement of document.statements) {
    if (statement.effect !== 'Allow') continue;
    const everyone = namesEveryone(statement);
    if (everyone === 'no') continue;
    const limited = any(statement.conditions.map((condition) => limitsCaller(statement, condition)));
    const open = and(everyone, not(limited));
    if (open === 'no') continue;
    const unknowns = open === 'unknown' ? symbolsIn(statement, ['Principal', 'Condition']) : [];
    statements.push({ statement, public: open, unknowns });
  }
  return { public: any(statements.map((entry) => entry.public)), statements };
}

/**
 * Condition keys that limit who the caller is or where the request comes from. A public
 * statement limited by one of them (with a value that is not a bare wildcard) is not public.
 */
const LIMITING_KEYS = new Set(
  [
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:VpcSourceIp',
    'aws:userid',
    'aws:username',
    'kms:CallerAccount',
  ].map((key) => key.toLowerCase()),
);
const EXACT_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase']);
const WILDCARD_OPERATORS = new Set(['StringLike', 'ArnLike', 'ArnEquals']);
const EVERY_ADDRESS = new Set(['0.0.0.0/0', '::/0']);

function limitsCaller(statement: NormalizedStatement, condition: NormalizedCondition): Tri {
  if (!LIMITING_KEYS.has(condition.keyLower)) return 'no';
  // IfExists lets requests without the key in; ForAllValues holds vacuously for them.
  if (condition.ifExists || condition.setQualifier === 'ForAllValues') return 'no';
  if (EXACT_OPERATORS.has(condition.baseOperator)) return 'yes';
  const known = condition.values.filter((value) => !isSymbol(statement, value));
  const someUnknown = known.length < condition.values.length;
  if (WILDCARD_OPERATORS.has(condition.baseOperator)) {
    if (known.some((value) => /^[*?]*$/.test(value))) return 'no';
    return someUnknown ? 'unknown' : 'yes';
  }
  if (condition.baseOperator === 'IpAddress') {
    if (known.some((value) => EVERY_ADDRESS.has(value))) return 'no';
    return someUnknown ? 'unknown' : 'yes';
  }
  return 'no';
}

function namesEveryone(statement: NormalizedStatement): Tri {
  if (statement.notPrincipals !== undefined) return 'yes';
  const aws = principalValues(statement.principals, 'AWS');
  if (aws.some((value) => value === '*' && !isSymbol(statement, value))) return 'yes';
  return aws.some((value) => isSymbol(statement, value)) ? 'unknown' : 'no';
}

/** The statement applies to every action the target names. */
export function actionApplies(statement: NormalizedStatement, target: string): Tri {
  if (statement.actions !== undefined) return some(statement, statement.actions, (pattern) => actionPatternCovers(pattern, target));
  if (statement.notActions !== undefined) return not(some(statement, statement.notActions, (pattern) => actionPatternsOverlap(pattern, target)));
  return 'no';
}

/** The statement applies to every resource the target names; a statement without Resource (a trust policy) applies to its holder. */
export function resourceApplies(statement: NormalizedStatement, target: string): Tri {
  if (statement.resources !== undefined) return some(statement, statement.resources, (pattern) => globCovers(pattern, target));
  if (statement.notResources !== undefined) return not(some(statement, statement.notResources, (pattern) => globsOverlap(pattern, target)));
  return 'yes';
}

/**
 * The Deny binds every principal the Allow names: it names no principal (an identity policy),
 * or everyone, or lists each of the Allow's principals. A Deny with NotPrincipal exempts someone,
 * and who that is relative to the Allow's principals is not decided here: unknown, unless the
 * Allow is for everyone (then the exempted keep it).
 */
function denyBindsAllOf(deny: NormalizedStatement, allow: NormalizedStatement): Tri {
  if (deny.notPrincipals !== undefined) return namesEveryone(allow) === 'yes' ? 'no' : 'unknown';
  if (deny.principals === undefined) return 'yes';
  const denied = principalValues(deny.principals, 'AWS');
  if (denied.some((value) => value === '*' && !isSymbol(deny, value))) return 'yes';
  if (allow.principals === undefined) return 'no';
  const wanted = principalEntries(allow.principals);
  const listed = wanted.every(([type, value]) => !isSymbol(allow, value) && principalValues(deny.principals, type).some((v) => v === value && !isSymbol(deny, v)));
  if (listed) return 'yes';
  const hasSymbols = principalEntries(deny.principals).some(([, value]) => isSymbol(deny, value)) || wanted.some(([, value]) => isSymbol(allow, value));
  return hasSymbols ? 'unknown' : 'no';
}

function principalEntries(block: PrincipalBlock): Array<[PrincipalType, string]> {
  if (block === '*') return [['AWS', '*']];
  return Object.entries(block).flatMap(([type, values]) => (values ?? []).map((value): [PrincipalType, string] => [type as PrincipalType, value]));
}

/** Some known value satisfies the test (yes); else an unknown one might (unknown); else no. */
function some(statement: NormalizedStatement, values: readonly string[], test: (value: string) => boolean): Tri {
  let unknown = false;
  for (const value of values) {
    if (isSymbol(statement, value)) unknown = true;
    else if (test(value)) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

/** Kleene conjunction. */
function and(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'yes' && b === 'yes' ? 'yes' : 'unknown';
}

/** Kleene disjunction over a list; `no` for an empty one. */
function any(values: readonly Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('unknown') ? 'unknown' : 'no';
}

function not(value: Tri): Tri {
  return value === 'yes' ? 'no' : value === 'no' ? 'yes' : 'unknown';
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
