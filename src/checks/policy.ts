import type { PlanModel } from '../plan/types.js';
import {
  awsPrincipals,
  conditionValues,
  federatedPrincipals,
  findConditions,
  findDenyConditions,
  findDenyUnlessEquals,
  isAccountRoot,
  notActionListsEntry,
  numericUpperBound,
  principalValues,
  requiresConditionValue,
  statementCoversAction,
  statementLabel,
  webIdentityIssuer,
  type NormalizedStatement,
  type PolicyDocument,
  type PrincipalType,
  type StatementField,
  symbolsIn,
} from '../iam/index.js';
import { DENY_READS, readPolicy } from './policy-read.js';
import type { ResourceSubject, StatementSubject, Subject } from './subject.js';
import { show, verdict, type Verdict } from './verdict.js';

/** Selection filter: the policy has an Allow statement naming principals of the type (e.g. `AWS`, `Federated`). */
export function checkTrustsPrincipalType(model: PlanModel, subject: Subject, attribute: string, type: PrincipalType): Verdict {
  // Principal types are never symbols: only the statements' effects and principal types are read.
  const read = readPolicy(model, subject, attribute, 'select', { fields: [] });
  if (read.state === 'verdict') return read.verdict;
  const trusting = allowStatementsTrusting(read.document, type);
  return trusting.length > 0
    ? verdict(subject, 'passed', attribute, `trusts ${type} principals`)
    : verdict(subject, 'failed', attribute, `trusts no ${type} principals`);
}

/** The Allow statements of the policy that name principals of the type, as subjects of their own. */
export function statementsTrusting(
  model: PlanModel,
  subject: Subject,
  attribute: string,
  type: PrincipalType,
): { statements: StatementSubject[]; verdict: Verdict | undefined } {
  // Each statement carries its symbols; the statement checks judge them.
  const read = readPolicy(model, subject, attribute, 'judge', { fields: [] });
  if (read.state === 'verdict') return { statements: [], verdict: read.verdict };
  const resource = (subject as ResourceSubject).resource;
  const statements = allowStatementsTrusting(read.document, type).map(
    (statement): StatementSubject => ({
      kind: 'statement',
      address: subject.address,
      label: `${attribute}:${statementLabel(statement)}`,
      type: subject.type,
      resource,
      attribute,
      statement,
    }),
  );
  return {
    statements,
    verdict: statements.length === 0 ? verdict(subject, 'failed', attribute, `has no Allow statement for ${type} principals`) : undefined,
  };
}

function allowStatementsTrusting(document: PolicyDocument, type: PrincipalType): NormalizedStatement[] {
  return document.statements.filter((statement) => statement.effect === 'Allow' && principalValues(statement.principals, type).length > 0);
}

/** The policy Denies `action` for everyone when `key` has `value` (e.g. `aws:SecureTransport` "false"). */
export function checkDeniesWhen(model: PlanModel, subject: Subject, attribute: string, action: string, key: string, value: string): Verdict {
  const read = readPolicy(model, subject, attribute, 'judge', DENY_READS);
  if (read.state === 'verdict') return read.verdict;
  const expected = `a Deny of ${action} for everyone when ${key} is ${JSON.stringify(value)}`;
  const matches = findDenyConditions(read.document, { action, key, operators: POSITIVE_OPERATORS }).filter(
    (match) => match.condition.setQualifier === undefined && match.condition.values.includes(value),
  );
  return judgeDeny(subject, attribute, expected, matches);
}

/** The policy Denies `action` for everyone unless `key` is exactly `value` (e.g. SSE header "aws:kms"). */
export function checkDeniesUnless(model: PlanModel, subject: Subject, attribute: string, action: string, key: string, value: string): Verdict {
  const read = readPolicy(model, subject, attribute, 'judge', DENY_READS);
  if (read.state === 'verdict') return read.verdict;
  const expected = `a Deny of ${action} for everyone unless ${key} is ${JSON.stringify(value)}`;
  const matches = findDenyUnlessEquals(read.document, { action, key, expected: value });
  const exact = matches.filter((match) => match.verdict.kind === 'only-expected');
  if (exact.length === 0 && matches.length > 0) {
    const others = matches.flatMap((match) => (match.verdict.kind === 'allows-others' ? match.verdict.others : []));
    return verdict(subject, 'failed', attribute, `denies ${action} unless ${key} is one of ${show(others)}; expected only ${JSON.stringify(value)}`, {
      expected,
      actual: show(others),
    });
  }
  return judgeDeny(subject, attribute, expected, exact);
}

/**
 * The policy Denies `action` for everyone unless `key` is the ARN of a resource of `type` in this plan
 * (e.g. the bucket's KMS key). Indeterminate when such a resource's ARN is known only after apply.
 */
export function checkDeniesUnlessArnOf(
  model: PlanModel,
  subject: Subject,
  attribute: string,
  action: string,
  key: string,
  type: string,
): Verdict {
  const read = readPolicy(model, subject, attribute, 'judge', DENY_READS);
  if (read.state === 'verdict') return read.verdict;
  const expected = `a Deny of ${action} for everyone unless ${key} is the ARN of an ${type}`;
  const matches = findDenyUnlessEquals(read.document, { action, key, expected: undefined }).filter((match) => match.appliesToEveryone);
  if (matches.length === 0) return judgeDeny(subject, attribute, expected, []);
  const { knownArns, someUnknown } = arnsOfType(model, type);
  for (const match of matches) {
    const values = match.condition.values;
    if (values.every((value) => knownArns.has(value))) {
      return verdict(subject, 'passed', attribute, `denies ${action} unless ${key} is ${show(values)}`);
    }
  }
  const listed = matches.flatMap((match) => match.condition.values);
  if (someUnknown) {
    return verdict(subject, 'indeterminate', attribute, `denies ${action} unless ${key} is ${show(listed)}, but the ARN of an ${type} in this plan is known only after apply`, {
      expected,
      actual: show(listed),
    });
  }
  return verdict(subject, 'failed', attribute, `denies ${action} unless ${key} is ${show(listed)}, which is not the ARN of an ${type} in this plan`, {
    expected,
    actual: show(listed),
  });
}

/**
 * The policy Denies every action except those listed (a `NotAction` Deny that names each of them),
 * for everyone, under a condition `operator` on `key`: the region fence shape.
 */
export function checkDeniesAllExcept(
  model: PlanModel,
  subject: Subject,
  attribute: string,
  exceptions: readonly string[],
  operator: string,
  key: string,
): Verdict {
  const read = readPolicy(model, subject, attribute, 'judge', DENY_READS);
  if (read.state === 'verdict') return read.verdict;
  const expected = `a Deny with NotAction including ${exceptions.join(', ')} under ${operator} ${key}`;
  const fences = read.document.statements.filter(
    (statement) =>
      statement.effect === 'Deny' &&
      statement.notActions !== undefined &&
      findConditions(statement, key, [operator]).some((condition) => condition.setQualifier === undefined),
  );
  if (fences.length === 0) {
    return verdict(subject, 'failed', attribute, `has no Deny with NotAction under ${operator} ${key}; expected ${expected}`, {
      expected,
      actual: 'none',
    });
  }
  const complete = fences.find((statement) => exceptions.every((entry) => notActionListsEntry(statement, entry)));
  if (!complete) {
    const missing = exceptions.filter((entry) => !fences.some((statement) => notActionListsEntry(statement, entry)));
    return verdict(subject, 'failed', attribute, `has a Deny with NotAction under ${operator} ${key} that does not carve out ${missing.join(', ')}`, {
      expected,
      actual: `NotAction ${show(fences[0]!.notActions)}`,
    });
  }
  return verdict(subject, 'passed', attribute, `denies all actions except ${show(complete.notActions)} under ${operator} ${key}`);
}

const arnIndexes = new WeakMap<PlanModel, Map<string, { knownArns: Set<string>; someUnknown: boolean }>>();

/** Known ARNs of the resources of a type that will exist after apply, indexed once per plan and type. */
function arnsOfType(model: PlanModel, type: string): { knownArns: Set<string>; someUnknown: boolean } {
  let byType = arnIndexes.get(model);
  if (!byType) {
    byType = new Map();
    arnIndexes.set(model, byType);
  }
  let index = byType.get(type);
  if (!index) {
    index = { knownArns: new Set(), someUnknown: false };
    for (const resource of model.resourcesOfType(type)) {
      if (resource.change === 'delete' || resource.change === 'forget') continue;
      const arn = resource.values.arn;
      if (typeof arn === 'string') index.knownArns.add(arn);
      else index.someUnknown = true;
    }
    byType.set(type, index);
  }
  return index;
}

function judgeDeny(subject: Subject, attribute: string, expected: string, matches: ReturnType<typeof findDenyConditions>): Verdict {
  const forEveryone = matches.find((match) => match.appliesToEveryone);
  if (forEveryone) {
    return verdict(subject, 'passed', attribute, `has ${statementLabel(forEveryone.statement)}: ${expected}`);
  }
  if (matches.length > 0) {
    return verdict(subject, 'failed', attribute, `has the Deny only for some principals (${statementLabel(matches[0]!.statement)}); expected ${expected}`, {
      expected,
      actual: 'Deny limited by principal',
    });
  }
  return verdict(subject, 'failed', attribute, `has no such statement; expected ${expected}`, { expected, actual: 'none' });
}

// Operators for "denied when KEY is VALUE": the condition holds exactly when the key equals the value.
const POSITIVE_OPERATORS = ['Bool', 'StringEquals', 'StringEqualsIgnoreCase', 'ArnEquals', 'NumericEquals'];

/** A statement allows the action (effect Allow, its Action covering it). */
export function checkStatementAllows(subject: Subject, action: string): Verdict {
  const statement = statementOf(subject);
  if (!statement) return notAStatement(subject);
  const waiting = waitsFor(subject, statement, 'Action', ['Action']);
  if (waiting) return waiting;
  return statement.effect === 'Allow' && statementCoversAction(statement, action)
    ? verdict(subject, 'passed', 'Action', `allows ${action}`)
    : verdict(subject, 'failed', 'Action', `does not allow ${action}; it is ${statement.effect} of ${show(statement.actions ?? statement.notActions)}`, {
        expected: action,
        actual: show(statement.actions ?? statement.notActions),
      });
}

/** A statement applies only when `key` is `value` under `operator` (IfExists does not count: it lets requests without the key in). */
export function checkStatementRequires(subject: Subject, operator: string, key: string, value: string): Verdict {
  const statement = statementOf(subject);
  if (!statement) return notAStatement(subject);
  const path = `Condition.${operator}.${key}`;
  const waiting = waitsFor(subject, statement, path, ['Condition']);
  if (waiting) return waiting;
  if (requiresConditionValue(statement, key, [operator], value)) {
    return verdict(subject, 'passed', path, `is ${JSON.stringify(value)}`);
  }
  const present = findConditions(statement, key);
  const actual = present.length === 0 ? 'absent' : present.map((condition) => `${condition.operator} ${show(condition.values)}`).join('; ');
  return verdict(subject, 'failed', path, `is ${actual}; expected ${operator} ${JSON.stringify(value)} (without IfExists)`, {
    expected: `${operator} ${JSON.stringify(value)}`,
    actual,
  });
}

/** A statement bounds the numeric `key` to at most `max` (NumericLessThan or NumericLessThanEquals, not IfExists). */
export function checkStatementNumericAtMost(subject: Subject, key: string, max: number): Verdict {
  const statement = statementOf(subject);
  if (!statement) return notAStatement(subject);
  const path = `Condition.${key}`;
  const expected = `NumericLessThan or NumericLessThanEquals at most ${max}`;
  const waiting = waitsFor(subject, statement, path, ['Condition']);
  if (waiting) return waiting;
  const bound = numericUpperBound(statement, key);
  switch (bound.kind) {
    case 'none':
      return verdict(subject, 'failed', path, `is not bounded; expected ${expected}`, { expected, actual: 'absent' });
    case 'invalid':
      return verdict(subject, 'failed', path, `has the non-numeric value ${JSON.stringify(bound.value)}; expected ${expected}`, {
        expected,
        actual: bound.value,
      });
    case 'bound': {
      const actual = `${bound.condition.operator} ${bound.limit}`;
      if (bound.ifExists) {
        return verdict(subject, 'failed', path, `is bounded only with ${bound.condition.operator}, which lets requests without the key in; expected ${expected}`, {
          expected,
          actual,
        });
      }
      return bound.limit <= max
        ? verdict(subject, 'passed', path, `is ${actual}`)
        : verdict(subject, 'failed', path, `is ${actual}; expected ${expected}`, { expected, actual });
    }
  }
}

/** Every `AWS` principal of the statement is an account root (`arn:aws:iam::<account>:root`). */
export function checkStatementPrincipalsAreAccountRoots(subject: Subject): Verdict {
  const statement = statementOf(subject);
  if (!statement) return notAStatement(subject);
  const waiting = waitsFor(subject, statement, 'Principal.AWS', ['Principal']);
  if (waiting) return waiting;
  const others = awsPrincipals(statement).filter((principal) => !isAccountRoot(principal));
  return others.length === 0
    ? verdict(subject, 'passed', 'Principal.AWS', 'names only account roots')
    : verdict(subject, 'failed', 'Principal.AWS', `includes ${show(others)}; expected only account root ARNs`, {
        expected: 'arn:aws:iam::<account>:root',
        actual: show(others),
      });
}

/** The statement has a condition on the web-identity issuer's claim (`<issuer>:aud`, `<issuer>:sub`). */
export function checkStatementHasIssuerCondition(subject: Subject, claim: string): Verdict {
  const statement = statementOf(subject);
  if (!statement) return notAStatement(subject);
  const waiting = waitsFor(subject, statement, `Condition.<issuer>:${claim}`, ['Principal', 'Condition']);
  if (waiting) return waiting;
  const keys = issuerClaimKeys(statement, claim);
  const path = `Condition.${keys[0] ?? `<issuer>:${claim}`}`;
  return keys.some((key) => findConditions(statement, key).length > 0)
    ? verdict(subject, 'passed', path, 'is set')
    : verdict(subject, 'failed', path, `is absent; expected a condition on the token's ${claim} claim`, { expected: 'a condition', actual: 'absent' });
}

/** No value of the conditions on the issuer's claim satisfies `bad` (e.g. contains `ref_type:mr`, or is `*`). */
export function checkStatementIssuerValues(
  subject: Subject,
  claim: string,
  bad: (value: string) => boolean,
  expectation: string,
): Verdict {
  const statement = statementOf(subject);
  if (!statement) return notAStatement(subject);
  const waiting = waitsFor(subject, statement, `Condition.<issuer>:${claim}`, ['Principal', 'Condition']);
  if (waiting) return waiting;
  const keys = issuerClaimKeys(statement, claim);
  const path = `Condition.${keys[0] ?? `<issuer>:${claim}`}`;
  const offending = keys.flatMap((key) => conditionValues(statement, key)).filter(bad);
  return offending.length === 0
    ? verdict(subject, 'passed', path, `has no value that ${expectation}`)
    : verdict(subject, 'failed', path, `has ${show(offending)}; expected no value that ${expectation}`, {
        expected: `no value that ${expectation}`,
        actual: show(offending),
      });
}

// The issuer comes from the Federated principal (an OIDC provider ARN). When the principal does not
// name one, any condition key ending in `:<claim>` is taken as the issuer's.
function issuerClaimKeys(statement: NormalizedStatement, claim: string): string[] {
  const issuers = federatedPrincipals(statement)
    .map(webIdentityIssuer)
    .filter((issuer): issuer is string => issuer !== undefined);
  if (issuers.length > 0) return issuers.map((issuer) => `${issuer}:${claim}`);
  const suffix = `:${claim}`.toLowerCase();
  return [...new Set(statement.conditions.filter((condition) => condition.keyLower.endsWith(suffix)).map((condition) => condition.key))];
}

function statementOf(subject: Subject): NormalizedStatement | undefined {
  return subject.kind === 'statement' ? subject.statement : undefined;
}

/**
 * Indeterminate when the statement (rendered from configuration) holds a value known only after
 * apply in an element the check reads; undefined when the check can judge.
 */
function waitsFor(subject: Subject, statement: NormalizedStatement, path: string, fields: readonly StatementField[]): Verdict | undefined {
  const waiting = symbolsIn(statement, fields);
  if (waiting.length === 0) return undefined;
  return verdict(subject, 'indeterminate', path, `holds ${waiting.join('; ')}, known only after apply, so this cannot be judged`, {
    actual: 'known after apply',
  });
}

function notAStatement(subject: Subject): Verdict {
  return verdict(subject, 'failed', '', 'is not a policy statement: select statements first with "When I take the statements of its ... policy"');
}
