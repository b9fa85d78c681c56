import {
  checkDeniesAllExcept,
  checkDeniesUnless,
  checkDeniesUnlessArnOf,
  checkDeniesWhen,
  checkStatementAllows,
  checkStatementHasIssuerCondition,
  checkStatementIssuerValues,
  checkStatementNumericAtMost,
  checkStatementPrincipalsAreAccountRoots,
  checkStatementRequires,
  checkTrustsPrincipalType,
  statementsTrusting,
} from '../src/checks/policy.js';
import { checkPolicyAllows, checkPolicyDoesNotAllow, checkPolicyNotPublic } from '../src/checks/policy-access.js';
import { requireKnownAttribute } from '../src/checks/spelling.js';
import type { StatementSubject } from '../src/checks/subject.js';
import type { PrincipalType } from '../src/iam/index.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/**
 * IAM policy documents held as JSON strings (`policy`, `assume_role_policy`). Single values and lists,
 * Statement object or array, and condition key case are normalised before judging.
 */
export const policySteps: StepSpec[] = [
  {
    keyword: 'Given',
    family: 'policies',
    expression: 'those whose {attribute} policy trusts {principal} principals',
    description: 'Keeps the selected resources whose policy has an Allow statement naming principals of the type.',
    example: 'And those whose "assume_role_policy" policy trusts "AWS" principals',
    run: function (this: GuardrailWorld, attribute: string, type: PrincipalType) {
      requireKnownAttribute(this.subjects, attribute);
      return this.narrow(
        this.subjects.map((subject) => checkTrustsPrincipalType(this.plan, subject, attribute, type)),
        `whose ${attribute} trusts ${type} principals`,
      );
    },
  },
  {
    keyword: 'When',
    family: 'policies',
    expression: 'I take the statements of its {attribute} policy that trust {principal} principals',
    description: 'Moves to the Allow statements of the policy that name principals of the type; a policy without one fails.',
    example: 'When I take the statements of its "assume_role_policy" policy that trust "AWS" principals',
    run: function (this: GuardrailWorld, attribute: string, type: PrincipalType) {
      requireKnownAttribute(this.subjects, attribute);
      const statements: StatementSubject[] = [];
      for (const subject of this.subjectsAfterApply) {
        const found = statementsTrusting(this.plan, subject, attribute, type);
        if (found.verdict) this.judge([found.verdict]);
        statements.push(...found.statements);
      }
      this.pivot(statements, `statements trusting ${type} principals`);
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'its {attribute} policy denies {string} when {string} is {string}',
    description: 'The policy has a Deny, for every principal, of the action (or pattern) whenever the condition key has the value.',
    example: 'Then its "policy" policy denies "s3:*" when "aws:SecureTransport" is "false"',
    run: function (this: GuardrailWorld, attribute: string, action: string, key: string, value: string) {
      requireKnownAttribute(this.subjects, attribute);
      this.judge(this.subjectsAfterApply.map((subject) => checkDeniesWhen(this.plan, subject, attribute, action, key, value)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'its {attribute} policy denies {string} unless {string} is {string}',
    description: 'The policy has a Deny, for every principal, of the action whenever the key is not exactly the value (StringNotEquals, IfExists allowed).',
    example: 'Then its "policy" policy denies "s3:PutObject" unless "s3:x-amz-server-side-encryption" is "aws:kms"',
    run: function (this: GuardrailWorld, attribute: string, action: string, key: string, value: string) {
      requireKnownAttribute(this.subjects, attribute);
      this.judge(this.subjectsAfterApply.map((subject) => checkDeniesUnless(this.plan, subject, attribute, action, key, value)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'its {attribute} policy denies {string} unless {string} is the ARN of an {type}',
    description: 'Like "denies ... unless ... is", where the allowed value must be the ARN of a resource of the type in this plan.',
    example:
      'Then its "policy" policy denies "s3:PutObject" unless "s3:x-amz-server-side-encryption-aws-kms-key-id" is the ARN of an "aws_kms_key"',
    run: function (this: GuardrailWorld, attribute: string, action: string, key: string, type: string) {
      requireKnownAttribute(this.subjects, attribute);
      this.judge(this.subjectsAfterApply.map((subject) => checkDeniesUnlessArnOf(this.plan, subject, attribute, action, key, type)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'its {attribute} policy denies all actions except {values} under condition {string} {string}',
    description: 'The policy has a Deny with NotAction listing each exception, under a condition with that operator and key (a region fence).',
    example: 'Then its "policy" policy denies all actions except "iam:*", "sts:*" under condition "StringNotEquals" "aws:RequestedRegion"',
    run: function (this: GuardrailWorld, attribute: string, exceptions: string[], operator: string, key: string) {
      requireKnownAttribute(this.subjects, attribute);
      this.judge(this.subjectsAfterApply.map((subject) => checkDeniesAllExcept(this.plan, subject, attribute, exceptions, operator, key)));
    },
  },
  {
    keyword: 'Given',
    family: 'policies',
    expression: 'those whose {attribute} policy allows {string} on {string}',
    description:
      'Keeps the selected resources whose policy allows the action on the resource, with IAM semantics (see "its ... policy allows ... on ...").',
    example: 'And those whose "policy" policy allows "iam:PassRole" on "*"',
    run: function (this: GuardrailWorld, attribute: string, action: string, resource: string) {
      requireKnownAttribute(this.subjects, attribute);
      return this.narrow(
        this.subjects.map((subject) => checkPolicyAllows(this.plan, subject, attribute, action, resource, 'select')),
        `whose ${attribute} allows ${JSON.stringify(action)} on ${JSON.stringify(resource)}`,
      );
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'its {attribute} policy allows {string} on {string}',
    description:
      'An Allow statement grants the action on the resource (a pattern such as "s3:*" means every action it matches), and no unconditional Deny of all of it binding all its principals takes it away. Actions compare ignoring case; NotAction and NotResource count; conditions are reported.',
    example: 'Then its "policy" policy allows "s3:GetObject" on "arn:aws:s3:::acme-artifacts/*"',
    run: function (this: GuardrailWorld, attribute: string, action: string, resource: string) {
      requireKnownAttribute(this.subjects, attribute);
      this.judge(this.subjectsAfterApply.map((subject) => checkPolicyAllows(this.plan, subject, attribute, action, resource)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'its {attribute} policy does not allow {string} on {string}',
    description:
      'The negation of "its ... policy allows ... on ...": fails naming each statement that grants it, its conditions and any Deny that applies only under a condition.',
    example: 'Then its "policy" policy does not allow "*" on "*"',
    run: function (this: GuardrailWorld, attribute: string, action: string, resource: string) {
      requireKnownAttribute(this.subjects, attribute);
      this.judge(this.subjectsAfterApply.map((subject) => checkPolicyDoesNotAllow(this.plan, subject, attribute, action, resource)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'its {attribute} policy does not allow public access',
    description:
      'No Allow statement names every principal ("*", {"AWS": "*"}, or NotPrincipal) without a condition limiting the caller by account, organisation, ARN, source or network (aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce, ...).',
    example: 'Then its "policy" policy does not allow public access',
    run: function (this: GuardrailWorld, attribute: string) {
      requireKnownAttribute(this.subjects, attribute);
      this.judge(this.subjectsAfterApply.map((subject) => checkPolicyNotPublic(this.plan, subject, attribute)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'it allows {string}',
    description: 'The selected statement is an Allow whose Action covers the action.',
    example: 'Then it allows "sts:AssumeRoleWithWebIdentity"',
    run: function (this: GuardrailWorld, action: string) {
      this.judge(this.subjects.map((subject) => checkStatementAllows(subject, action)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'it requires condition {string} {string} {string}',
    description: 'The selected statement applies only when the key has the value under the operator (an IfExists form does not count).',
    example: 'Then it requires condition "Bool" "aws:MultiFactorAuthPresent" "true"',
    run: function (this: GuardrailWorld, operator: string, key: string, value: string) {
      this.judge(this.subjects.map((subject) => checkStatementRequires(subject, operator, key, value)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'it requires {string} to be at most {int}',
    description: 'The selected statement bounds the numeric key with NumericLessThan or NumericLessThanEquals at or below the bound.',
    example: 'Then it requires "aws:MultiFactorAuthAge" to be at most 3600',
    run: function (this: GuardrailWorld, key: string, max: number) {
      this.judge(this.subjects.map((subject) => checkStatementNumericAtMost(subject, key, max)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: 'its AWS principals are account roots',
    description: 'Every AWS principal of the selected statement is an account root ARN (arn:aws:iam::<account>:root).',
    example: 'Then its AWS principals are account roots',
    run: function (this: GuardrailWorld) {
      this.judge(this.subjects.map((subject) => checkStatementPrincipalsAreAccountRoots(subject)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: "it has a condition on the issuer's {string} claim",
    description: "The selected statement has a condition on the web-identity issuer's claim (<issuer>:aud, <issuer>:sub).",
    example: 'Then it has a condition on the issuer\'s "aud" claim',
    run: function (this: GuardrailWorld, claim: string) {
      this.judge(this.subjects.map((subject) => checkStatementHasIssuerCondition(subject, claim)));
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: "no value of its condition on the issuer's {string} claim contains {string}",
    description: "No value the selected statement's conditions give for the issuer's claim contains the text.",
    example: 'Then no value of its condition on the issuer\'s "sub" claim contains "ref_type:mr"',
    run: function (this: GuardrailWorld, claim: string, text: string) {
      this.judge(
        this.subjects.map((subject) =>
          checkStatementIssuerValues(subject, claim, (value) => value.includes(text), `contains ${JSON.stringify(text)}`),
        ),
      );
    },
  },
  {
    keyword: 'Then',
    family: 'policies',
    expression: "no value of its condition on the issuer's {string} claim is one of {values}",
    description: "No value the selected statement's conditions give for the issuer's claim is one of the values.",
    example: 'Then no value of its condition on the issuer\'s "sub" claim is one of "*", "project_path:*"',
    run: function (this: GuardrailWorld, claim: string, values: string[]) {
      this.judge(
        this.subjects.map((subject) =>
          checkStatementIssuerValues(subject, claim, (value) => values.includes(value), `is one of ${values.map((v) => JSON.stringify(v)).join(', ')}`),
        ),
      );
    },
  },
];
