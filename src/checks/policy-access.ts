/**
 * What a policy grants, judged: "allows ACTION on RESOURCE" (and its negation) and "does not allow
 * public access", for identity policies (`aws_iam_policy`, inline role/user/group policies),
 * resource policies (bucket, key, topic, queue) and `aws_iam_policy_document` data sources. The
 * IAM evaluation rules are in src/iam/access.ts; this module turns its three-valued answers into
 * verdicts whose messages name the statements, their conditions and the Denies that bear on them.
 */
import {
  evaluateAccess,
  publicStatements,
  statementLabel,
  symbolName,
  type AccessAnswer,
  type GrantingStatement,
  type NormalizedStatement,
} from '../iam/index.js';
import type { PlanModel } from '../plan/types.js';
import { readPolicy, type ReadPurpose } from './policy-read.js';
import type { Subject } from './subject.js';
import { verdict, type Verdict } from './verdict.js';

/** The policy allows the action on the resource (passed), or not (failed); used to assert and to narrow. */
export function checkPolicyAllows(
  model: PlanModel,
  subject: Subject,
  attribute: string,
  action: string,
  resource: string,
  purpose: ReadPurpose = 'judge',
): Verdict {
  const read = readPolicy(model, subject, attribute, purpose, { fields: [] });
  if (read.state === 'verdict') return read.verdict;
  const target = targetText(action, resource);
  const answer = evaluateAccess(read.document, action, resource);
  const from = fromText(read.from);
  switch (answer.allows) {
    case 'yes':
      return verdict(subject, 'passed', attribute, `allows ${target}${from}: ${grantsText(answer, 'yes')}`);
    case 'unknown':
      return verdict(subject, 'indeterminate', attribute, `may allow ${target}${from}: ${unknownText(answer)}`, {
        expected: `an Allow of ${target}`,
        actual: 'known after apply',
      });
    case 'no':
      return verdict(subject, 'failed', attribute, `does not allow ${target}${from}: ${refusalText(answer)}; expected an Allow of ${target}`, {
        expected: `an Allow of ${target}`,
        actual: 'none',
      });
  }
}

/** The policy does not allow the action on the resource: the negation of checkPolicyAllows, with the grant named when it fails. */
export function checkPolicyDoesNotAllow(model: PlanModel, subject: Subject, attribute: string, action: string, resource: string): Verdict {
  const read = readPolicy(model, subject, attribute, 'judge', { fields: [] });
  if (read.state === 'verdict') return read.verdict;
  const target = targetText(action, resource);
  const answer = evaluateAccess(read.document, action, resource);
  const from = fromText(read.from);
  const expected = `no Allow of ${target}`;
  switch (answer.allows) {
    case 'no':
      return verdict(subject, 'passed', attribute, `does not allow ${target}${from}`);
    case 'unknown':
      return verdict(subject, 'indeterminate', attribute, `may allow ${target}${from}: ${unknownText(answer)}`, {
        expected,
        actual: 'known after apply',
      });
    case 'yes': {
      const granting = answer.statements.filter((entry) => entry.effective === 'yes');
      return verdict(subject, 'failed', attribute, `allows ${target}${from}: ${grantsText(answer, 'yes')}; expected ${expected}`, {
        expected,
        actual: granting.map((entry) => statementLabel(entry.statement)).join(', '),
      });
    }
  }
}

/** No Allow statement lets every principal in (`*`, `{"AWS": "*"}`) without a condition limiting the caller. */
export function checkPolicyNotPublic(model: PlanModel, subject: Subject, attribute: string): Verdict {
  const read = readPolicy(model, subject, attribute, 'judge', { fields: [] });
  if (read.state === 'verdict') return read.verdict;
  const from = fromText(read.from);
  const expected = 'no Allow for every principal without a condition limiting the caller';
  const answer = publicStatements(read.document);
  const open = answer.statements.filter((entry) => entry.public === 'yes');
  switch (answer.public) {
    case 'no':
      return verdict(subject, 'passed', attribute, `allows no public access${from}`);
    case 'unknown': {
      const unknowns = [...new Set(answer.statements.flatMap((entry) => entry.unknowns))];
      return verdict(subject, 'indeterminate', attribute, `may allow public access${from}: ${answer.statements.map((entry) => statementLabel(entry.statement)).join(', ')} depends on ${unknowns.join('; ')}, known only after apply`, {
        expected,
        actual: 'known after apply',
      });
    }
    case 'yes':
      return verdict(subject, 'failed', attribute, `allows public access${from}: ${open.map((entry) => publicText(entry.statement)).join('; ')}; expected ${expected}`, {
        expected,
        actual: open.map((entry) => statementLabel(entry.statement)).join(', '),
      });
  }
}

function targetText(action: string, resource: string): string {
  return `${JSON.stringify(action)} on ${JSON.stringify(resource)}`;
}

function fromText(from: string | undefined): string {
  return from === undefined ? '' : ` (rendered from ${from})`;
}

function grantsText(answer: AccessAnswer, which: GrantingStatement['effective']): string {
  return answer.statements
    .filter((entry) => entry.effective === which)
    .map((entry) => {
      const parts = [`${statementLabel(entry.statement)} grants it${conditionsText(entry.statement)}`];
      for (const deny of entry.conditionalDenies) parts.push(`${statementLabel(deny)} denies it only${conditionsText(deny)}`);
      return parts.join(', and ');
    })
    .join('; ');
}

function unknownText(answer: AccessAnswer): string {
  const pending = answer.statements.filter((entry) => entry.effective === 'unknown');
  const unknowns = [...new Set(pending.flatMap((entry) => entry.unknowns))];
  const labels = pending.map((entry) => statementLabel(entry.statement)).join(', ');
  return `whether ${labels} grants it depends on ${unknowns.join('; ') || 'values'} known only after apply`;
}

function refusalText(answer: AccessAnswer): string {
  if (answer.statements.length === 0) return 'no Allow statement grants it';
  return answer.statements
    .map((entry) => `${statementLabel(entry.statement)} grants it but ${entry.removedBy.map((deny) => statementLabel(deny.statement)).join(', ')} denies it`)
    .join('; ');
}

function publicText(statement: NormalizedStatement): string {
  const who = statement.notPrincipals !== undefined ? 'every principal but those in NotPrincipal' : 'every principal';
  const actions = statement.actions ? `Action ${listText(statement, statement.actions)}` : `NotAction ${listText(statement, statement.notActions ?? [])}`;
  const conditions = statement.conditions.length > 0 ? `, under${conditionsText(statement).replace(' under', '')}, which does not limit the caller` : ' without condition';
  return `${statementLabel(statement)} allows ${actions} to ${who}${conditions}`;
}

/** ` under condition StringEquals aws:SourceVpc "vpc-1" and Bool aws:SecureTransport "true"`, or ``. */
function conditionsText(statement: NormalizedStatement): string {
  if (statement.conditions.length === 0) return '';
  const each = statement.conditions.map((condition) => `${condition.operator} ${condition.key} ${listText(statement, condition.values)}`);
  return ` under condition ${each.join(' and ')}`;
}

/** A list as JSON, with each value known only after apply shown by what it stands for. */
function listText(statement: NormalizedStatement, values: readonly string[]): string {
  const shown = values.map((value) => (statement.symbols?.has(value) ? `(known after apply: ${symbolName(statement, value)})` : JSON.stringify(value)));
  return shown.length === 1 ? shown[0]! : `[${shown.join(', ')}]`;
}

