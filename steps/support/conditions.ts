import type { Comparison } from '../../src/checks/compare.js';
import type { TextPattern } from '../../src/patterns/regex.js';

/**
 * The conditions on one attribute, written once: each becomes an assertion (`Then its "x" ...`) and
 * a narrowing (`those whose "x" ...`), so whatever a rule can assert it can also select by, in the
 * same words. Cucumber checks a step function's arity, so a condition says whether it takes a value.
 */
export type Condition =
  | {
      readonly phrase: string;
      readonly takesValue: false;
      readonly comparison: () => Comparison;
      readonly describe: () => string;
      readonly assertion: Wording | undefined;
      readonly narrowing: Wording;
    }
  | {
      readonly phrase: string;
      readonly takesValue: true;
      // The value's type follows the phrase's parameter: {string}, {values}, {regex} or {int}.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      readonly comparison: (value: any) => Comparison;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      readonly describe: (value: any) => string;
      readonly assertion: Wording | undefined;
      readonly narrowing: Wording;
    };

/** What `guardrails steps` says of the step, and its example as written in a feature. */
export interface Wording {
  readonly description: string;
  readonly example: string;
}

const quoted = (values: readonly string[]): string => values.map((value) => `"${value}"`).join(', ');

export const conditions: readonly Condition[] = [
  {
    phrase: 'is {string}',
    takesValue: true,
    comparison: (expected: string) => ({ op: 'equals', expected }),
    describe: (expected: string) => `is "${expected}"`,
    assertion: {
      description: 'The attribute equals the value ("3600" equals the number 3600, "true" the boolean true). With [*], every item must.',
      example: 'Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute equals the value.',
      example: 'And those whose "versioning_configuration[0].status" is "Enabled"',
    },
  },
  {
    phrase: 'is not {string}',
    takesValue: true,
    comparison: (expected: string) => ({ op: 'not-equals', expected }),
    describe: (expected: string) => `is not "${expected}"`,
    assertion: {
      description: 'The attribute is a single value other than this one; not set also passes. A list or object fails: it is not a single value.',
      example: 'Then its "acl" is not "public-read-write"',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute is not the value (including those where it is not set).',
      example: 'And those whose "acl" is not "private"',
    },
  },
  {
    phrase: 'is one of {values}',
    takesValue: true,
    comparison: (expected: string[]) => ({ op: 'one-of', expected }),
    describe: (expected: string[]) => `is one of ${quoted(expected)}`,
    assertion: {
      description: 'The attribute equals one of the values (listed with commas or "or").',
      example: 'Then its "versioning_configuration[0].status" is one of "Enabled", "Suspended"',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute equals one of the values (listed with commas or "or").',
      example: 'And those whose "protocol" is one of "tcp" or "-1"',
    },
  },
  {
    phrase: 'is not one of {values}',
    takesValue: true,
    comparison: (expected: string[]) => ({ op: 'not-one-of', expected }),
    describe: (expected: string[]) => `is not one of ${quoted(expected)}`,
    assertion: {
      description: 'The attribute is a single value equal to none of the values; not set also passes.',
      example: 'Then its "acl" is not one of "public-read", "public-read-write"',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute equals none of the values (including those where it is not set).',
      example: 'And those whose "acl" is not one of "private", "log-delivery-write"',
    },
  },
  {
    phrase: 'matches {regex}',
    takesValue: true,
    comparison: (pattern: TextPattern) => ({ op: 'matches', pattern }),
    describe: (pattern: TextPattern) => `matches ${String(pattern)}`,
    assertion: {
      description: 'The attribute (a string, number or boolean) matches the regular expression.',
      example: 'Then its "name" matches /^[a-z0-9-]+$/',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute matches the regular expression.',
      example: 'And those whose "bucket" matches /(tfstate|tofu-state|terraform-state)/i',
    },
  },
  {
    phrase: 'does not match {regex}',
    takesValue: true,
    comparison: (pattern: TextPattern) => ({ op: 'not-matches', pattern }),
    describe: (pattern: TextPattern) => `does not match ${String(pattern)}`,
    assertion: {
      description: 'The attribute (a string, number or boolean) does not match the regular expression; not set also passes.',
      example: 'Then its "name" does not match /^default$/',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute does not match the regular expression (including those where it is not set).',
      example: 'And those whose "bucket" does not match /-logs$/',
    },
  },
  {
    phrase: 'is at least {int}',
    takesValue: true,
    comparison: (bound: number) => ({ op: 'at-least', bound }),
    describe: (bound: number) => `is at least ${bound}`,
    assertion: {
      description: 'The attribute is a number no smaller than the bound.',
      example: 'Then its "minimum_password_length" is at least 14',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute is a number no smaller than the bound.',
      example: 'And those whose "to_port" is at least 22',
    },
  },
  {
    phrase: 'is at most {int}',
    takesValue: true,
    comparison: (bound: number) => ({ op: 'at-most', bound }),
    describe: (bound: number) => `is at most ${bound}`,
    assertion: {
      description: 'The attribute is a number no larger than the bound.',
      example: 'Then its "max_session_duration" is at most 3600',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute is a number no larger than the bound.',
      example: 'And those whose "from_port" is at most 22',
    },
  },
  {
    phrase: 'is true',
    takesValue: false,
    comparison: () => ({ op: 'equals', expected: true }),
    describe: () => 'is true',
    assertion: { description: 'The attribute is the boolean true.', example: 'Then its "enable_key_rotation" is true' },
    narrowing: { description: 'Keeps the selected resources whose attribute is the boolean true.', example: 'And those whose "force_destroy" is true' },
  },
  {
    phrase: 'is false',
    takesValue: false,
    comparison: () => ({ op: 'equals', expected: false }),
    describe: () => 'is false',
    assertion: { description: 'The attribute is the boolean false.', example: 'Then its "force_destroy" is false' },
    narrowing: { description: 'Keeps the selected resources whose attribute is the boolean false.', example: 'And those whose "enable_key_rotation" is false' },
  },
  {
    phrase: 'is set',
    takesValue: false,
    comparison: () => ({ op: 'set' }),
    describe: () => 'is set',
    assertion: {
      description: 'The attribute has a value (null, "", [] and {} are not set), or is set from a configuration reference whose value is known only after apply.',
      example: 'Then its "kms_key_id" is set',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute has a value (null, "", [] and {} are not set).',
      example: 'And those whose "kms_key_id" is set',
    },
  },
  {
    phrase: 'is not set',
    takesValue: false,
    comparison: () => ({ op: 'not-set' }),
    describe: () => 'is not set',
    // Asserting it is `none of its "a", "b" is set`, which takes several attributes at once.
    assertion: undefined,
    narrowing: {
      description: 'Keeps the selected resources whose attribute is not set (null, "", [] and {} are not set; an expression is set).',
      example: 'And those whose "kms_key_id" is not set',
    },
  },
  {
    phrase: 'contains {string}',
    takesValue: true,
    comparison: (expected: string) => ({ op: 'contains', expected }),
    describe: (expected: string) => `contains "${expected}"`,
    assertion: {
      description: 'The attribute is a list with an item equal to the value. An item known only after apply makes a list without the value indeterminate.',
      example: 'Then its "cidr_blocks" contains "10.0.0.0/8"',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute is a list with an item equal to the value.',
      example: 'And those whose "cidr_blocks" contains "0.0.0.0/0"',
    },
  },
  {
    phrase: 'does not contain {string}',
    takesValue: true,
    comparison: (expected: string) => ({ op: 'not-contains', expected }),
    describe: (expected: string) => `does not contain "${expected}"`,
    assertion: {
      description: 'The attribute is a list with no item equal to the value; not set also passes. An item known only after apply is indeterminate.',
      example: 'Then its "$.ingress[?(@.from_port <= 22 && @.to_port >= 22)].cidr_blocks" does not contain "0.0.0.0/0"',
    },
    narrowing: {
      description: 'Keeps the selected resources whose attribute is a list with no item equal to the value (including those where it is not set).',
      example: 'And those whose "ipv6_cidr_blocks" does not contain "::/0"',
    },
  },
];
