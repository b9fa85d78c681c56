import { checkAttribute } from '../src/checks/attributes.js';
import type { Comparison } from '../src/checks/compare.js';
import { requireKnownAttribute } from '../src/checks/spelling.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';
import type { TextPattern } from '../src/patterns/regex.js';

/** Judges one attribute of every selected subject that will exist after apply. */
function judgeAttribute(world: GuardrailWorld, path: string, comparison: Comparison): void {
  requireKnownAttribute(world.subjects, path);
  world.judge(world.subjectsAfterApply.map((subject) => checkAttribute(world.plan, subject, path, comparison)));
}

/** Attribute assertions. Each is tri-state: a value known only after apply is indeterminate, never passed. */
export const attributeSteps: StepSpec[] = [
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'its {attribute} is {string}',
    description: 'The attribute equals the value ("3600" equals the number 3600, "true" the boolean true). With [*], every item must.',
    example: 'Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"',
    run: function (this: GuardrailWorld, path: string, expected: string) {
      judgeAttribute(this, path, { op: 'equals', expected });
    },
  },
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'its {attribute} is one of {values}',
    description: 'The attribute equals one of the values.',
    example: 'Then its "versioning_configuration[0].status" is one of "Enabled", "Suspended"',
    run: function (this: GuardrailWorld, path: string, expected: string[]) {
      judgeAttribute(this, path, { op: 'one-of', expected });
    },
  },
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'its {attribute} matches {regex}',
    description: 'The attribute (a string, number or boolean) matches the regular expression.',
    example: 'Then its "name" matches /^[a-z0-9-]+$/',
    run: function (this: GuardrailWorld, path: string, pattern: TextPattern) {
      judgeAttribute(this, path, { op: 'matches', pattern });
    },
  },
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'its {attribute} is at least {int}',
    description: 'The attribute is a number no smaller than the bound.',
    example: 'Then its "minimum_password_length" is at least 14',
    run: function (this: GuardrailWorld, path: string, bound: number) {
      judgeAttribute(this, path, { op: 'at-least', bound });
    },
  },
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'its {attribute} is at most {int}',
    description: 'The attribute is a number no larger than the bound.',
    example: 'Then its "max_session_duration" is at most 3600',
    run: function (this: GuardrailWorld, path: string, bound: number) {
      judgeAttribute(this, path, { op: 'at-most', bound });
    },
  },
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'its {attribute} is true',
    description: 'The attribute is the boolean true.',
    example: 'Then its "enable_key_rotation" is true',
    run: function (this: GuardrailWorld, path: string) {
      judgeAttribute(this, path, { op: 'equals', expected: true });
    },
  },
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'its {attribute} is false',
    description: 'The attribute is the boolean false.',
    example: 'Then its "force_destroy" is false',
    run: function (this: GuardrailWorld, path: string) {
      judgeAttribute(this, path, { op: 'equals', expected: false });
    },
  },
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'its {attribute} is set',
    description: 'The attribute has a value (null, "", [] and {} are not set), or is set from a configuration reference whose value is known only after apply.',
    example: 'Then its "kms_key_id" is set',
    run: function (this: GuardrailWorld, path: string) {
      judgeAttribute(this, path, { op: 'set' });
    },
  },
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'none of its {values} is set',
    description: 'None of the attributes (or provider settings) is set, to a value or to an expression (null, "", [] and {} are not set).',
    example: 'Then none of its "profile", "access_key", "secret_key" is set',
    run: function (this: GuardrailWorld, paths: string[]) {
      for (const path of paths) judgeAttribute(this, path, { op: 'not-set' });
    },
  },
];
