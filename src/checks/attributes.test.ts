import { describe, expect, it } from 'vitest';
import { planWith, type RawResource } from '../../test/support/raw-plan.js';
import { checkAttribute } from './attributes.js';
import type { Comparison } from './compare.js';
import { selectByType, selectProviders } from './select.js';
import { providerSubject } from './subject.js';

const SSE = 'aws_s3_bucket_server_side_encryption_configuration';

/** An encryption configuration whose rule[0].apply...[0] holds the given values. */
function encryption(values: Record<string, unknown>, unknown: Record<string, unknown> = {}, extra: Partial<RawResource> = {}): RawResource {
  return {
    address: `${SSE}.state`,
    values: { bucket: 'acme-tfstate', rule: [{ apply_server_side_encryption_by_default: [values], bucket_key_enabled: true }] },
    unknown: { rule: [{ apply_server_side_encryption_by_default: [unknown] }] },
    ...extra,
  };
}

const ALGORITHM = 'rule[0].apply_server_side_encryption_by_default[0].sse_algorithm';
const KEY = 'rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id';

function judge(resource: RawResource, path: string, comparison: Comparison) {
  const model = planWith([resource]);
  const [subject] = selectByType(model, resource.address.split('.')[0]!);
  return checkAttribute(model, subject!, path, comparison);
}

describe('checkAttribute: known, unknown, absent and null values', () => {
  const kmsRef = { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: { references: ['aws_kms_key.state.arn', 'aws_kms_key.state'] } }] }] };
  const cases: Array<[string, RawResource, string, Comparison, 'passed' | 'failed' | 'indeterminate', string]> = [
    ['known and equal', encryption({ sse_algorithm: 'aws:kms' }), ALGORITHM, { op: 'equals', expected: 'aws:kms' }, 'passed', `${ALGORITHM} is "aws:kms"`],
    [
      'known and different',
      encryption({ sse_algorithm: 'AES256' }),
      ALGORITHM,
      { op: 'equals', expected: 'aws:kms' },
      'failed',
      `${ALGORITHM} is "AES256"; expected "aws:kms"`,
    ],
    [
      'unknown until apply is indeterminate, never passed',
      encryption({}, { sse_algorithm: true }),
      ALGORITHM,
      { op: 'equals', expected: 'aws:kms' },
      'indeterminate',
      `${ALGORITHM} is known only after apply; expected "aws:kms"`,
    ],
    [
      'a whole unknown block makes its leaves unknown',
      { address: `${SSE}.state`, values: { bucket: 'b' }, unknown: { rule: true } },
      ALGORITHM,
      { op: 'equals', expected: 'aws:kms' },
      'indeterminate',
      'is known only after apply',
    ],
    ['an absent key fails', encryption({}), ALGORITHM, { op: 'equals', expected: 'aws:kms' }, 'failed', `${ALGORITHM} is not set; expected "aws:kms"`],
    ['an absent block fails', { address: `${SSE}.state`, values: { bucket: 'b' } }, ALGORITHM, { op: 'equals', expected: 'aws:kms' }, 'failed', 'expected "aws:kms"'],
    ['null fails', encryption({ sse_algorithm: null }), ALGORITHM, { op: 'equals', expected: 'aws:kms' }, 'failed', `${ALGORITHM} is not set; expected "aws:kms"`],
    ['null passes not-set', encryption({ kms_master_key_id: null }), KEY, { op: 'not-set' }, 'passed', `${KEY} is not set`],
    ['absent passes not-set', encryption({}), KEY, { op: 'not-set' }, 'passed', `${KEY} is not set`],
    ['a known value fails not-set', encryption({ kms_master_key_id: 'arn:k' }), KEY, { op: 'not-set' }, 'failed', `${KEY} is set to "arn:k"; expected it not to be set`],
    [
      '`set` passes for an unknown value set from a configuration reference',
      encryption({}, { kms_master_key_id: true }, { expressions: kmsRef }),
      KEY,
      { op: 'set' },
      'passed',
      `${KEY} is set from aws_kms_key.state.arn (known after apply)`,
    ],
    [
      '`set` is indeterminate for an unknown value without a configuration reference',
      encryption({}, { kms_master_key_id: true }),
      KEY,
      { op: 'set' },
      'indeterminate',
      `${KEY} is known only after apply; expected a value`,
    ],
    [
      '`not-set` fails for an unknown value set from a reference',
      encryption({}, { kms_master_key_id: true }, { expressions: kmsRef }),
      KEY,
      { op: 'not-set' },
      'failed',
      `${KEY} is set from aws_kms_key.state.arn; expected it not to be set`,
    ],
    [
      'a reference does not make an unknown value equal to anything',
      encryption({}, { kms_master_key_id: true }, { expressions: kmsRef }),
      KEY,
      { op: 'equals', expected: 'arn:aws:kms:eu-central-1:111122223333:key/x' },
      'indeterminate',
      'is known only after apply',
    ],
    // Set means set: an empty string, list or object sets nothing (`kms_key_id = ""` is no key).
    ['an empty string is not set', { address: 'aws_cloudtrail.main', values: { kms_key_id: '' } }, 'kms_key_id', { op: 'set' }, 'failed', 'kms_key_id is "", which is not set; expected a value'],
    ['an empty list is not set', { address: 'aws_cloudtrail.main', values: { event_selector: [] } }, 'event_selector', { op: 'set' }, 'failed', 'event_selector is [], which is not set'],
    ['an empty object is not set', { address: 'aws_cloudtrail.main', values: { tags: {} } }, 'tags', { op: 'set' }, 'failed', 'tags is {}, which is not set'],
    ['null is not set', { address: 'aws_cloudtrail.main', values: { kms_key_id: null } }, 'kms_key_id', { op: 'set' }, 'failed', 'kms_key_id is not set; expected a value'],
    ['an empty string passes not-set', { address: 'aws_cloudtrail.main', values: { kms_key_id: '' } }, 'kms_key_id', { op: 'not-set' }, 'passed', 'kms_key_id is not set (it is "")'],
    ['an empty list passes not-set', { address: 'aws_cloudtrail.main', values: { event_selector: [] } }, 'event_selector', { op: 'not-set' }, 'passed', 'is not set'],
    ['an empty object passes not-set', { address: 'aws_cloudtrail.main', values: { tags: {} } }, 'tags', { op: 'not-set' }, 'passed', 'is not set'],
    ['a non-empty list is set', { address: 'aws_cloudtrail.main', values: { event_selector: [{}] } }, 'event_selector', { op: 'set' }, 'passed', 'event_selector is [{}]'],
    ['an empty string still equals ""', { address: 'aws_cloudtrail.main', values: { kms_key_id: '' } }, 'kms_key_id', { op: 'equals', expected: '' }, 'passed', 'kms_key_id is ""'],
    ['at-least on a number', { address: 'aws_iam_account_password_policy.p', values: { minimum_password_length: 12 } }, 'minimum_password_length', { op: 'at-least', bound: 14 }, 'failed', 'minimum_password_length is 12; expected at least 14'],
    ['matches with a regex', { address: 'aws_s3_bucket.state', values: { bucket: 'acme-TFSTATE' } }, 'bucket', { op: 'matches', pattern: /tfstate/i }, 'passed', 'bucket is "acme-TFSTATE"'],
  ];
  it.each(cases)('%s', (_name, resource, path, comparison, status, message) => {
    const result = judge(resource, path, comparison);
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
    // Address first, then the path.
    expect(result.message.startsWith(`${resource.address}: `)).toBe(true);
  });
});

describe('checkAttribute: wildcards', () => {
  const two = (first: unknown, second: unknown, unknownSecond = false): RawResource => ({
    address: `${SSE}.state`,
    values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: first }] }, { apply_server_side_encryption_by_default: [second === undefined ? {} : { sse_algorithm: second }] }] },
    unknown: { rule: [{}, { apply_server_side_encryption_by_default: [unknownSecond ? { sse_algorithm: true } : {}] }] },
  });
  const path = 'rule[*].apply_server_side_encryption_by_default[*].sse_algorithm';
  const cases: Array<[string, RawResource, 'passed' | 'failed' | 'indeterminate', string]> = [
    ['every item passes', two('aws:kms', 'aws:kms'), 'passed', ''],
    ['one failing item fails the whole', two('aws:kms', 'AES256'), 'failed', 'rule[1].apply_server_side_encryption_by_default[0].sse_algorithm is "AES256"'],
    ['an unknown item makes it indeterminate', two('aws:kms', undefined, true), 'indeterminate', 'rule[1].apply_server_side_encryption_by_default[0].sse_algorithm is known only after apply'],
    ['failed wins over indeterminate', { ...two('AES256', undefined, true) }, 'failed', 'rule[0]'],
    ['an empty list reaches nothing: absent fails', { address: `${SSE}.state`, values: { rule: [] } }, 'failed', 'is absent'],
  ];
  it.each(cases)('%s', (_name, resource, status, message) => {
    const result = judge(resource, path, { op: 'equals', expected: 'aws:kms' });
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });
});

describe('checkAttribute: sensitive values', () => {
  it('never shows a sensitive value in the message or actual', () => {
    const resource: RawResource = { address: 'aws_db_instance.main', values: { password: 'hunter2hunter2' }, sensitive: { password: true } };
    const failed = judge(resource, 'password', { op: 'not-set' });
    expect(failed.status).toBe('failed');
    expect(failed.message).not.toContain('hunter2');
    expect(failed.message).toContain('(sensitive)');
    expect(failed.actual).toBe('(sensitive)');
    const passed = judge(resource, 'password', { op: 'set' });
    expect(passed.status).toBe('passed');
    expect(`${passed.message} ${passed.actual ?? ''}`).not.toContain('hunter2');
  });
});

describe('checkAttribute on provider configurations', () => {
  const providers = (expressions: Record<string, unknown>, variables?: Record<string, unknown>, written?: Record<string, unknown>) => {
    const model = planWith([], [{ key: 'aws', name: 'aws', expressions }]);
    if (variables) (model.raw as Record<string, unknown>).variables = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, { value: v }]));
    const provider = model.providers[0]!;
    return { model, subject: written ? providerSubject(provider, written) : selectProviders(model, 'aws')[0]! };
  };
  type Status = 'passed' | 'failed' | 'indeterminate';
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown> | undefined, Status]> = [
    ['no profile at all', { region: { constant_value: 'eu-central-1' } }, undefined, undefined, 'passed'],
    ['a literal profile', { profile: { constant_value: 'admin' } }, undefined, undefined, 'failed'],
    // The plan shows `profile = var.profile` and `profile = var.profile == null ? "x" : var.profile`
    // alike: only the sources tell that a null variable leaves the setting unset.
    ['a profile from a variable that is null, without sources', { profile: { references: ['var.profile'] } }, { profile: null }, undefined, 'indeterminate'],
    ['a profile written as the null variable alone', { profile: { references: ['var.profile'] } }, { profile: null }, { profile: '${var.profile}' }, 'passed'],
    ['a profile written as an expression over the null variable', { profile: { references: ['var.profile', 'var.profile'] } }, { profile: null }, { profile: '${var.profile == null ? "ci" : var.profile}' }, 'failed'],
    ['a profile from a variable with a value', { profile: { references: ['var.profile'] } }, { profile: 'ci' }, undefined, 'failed'],
    ['a profile written as the variable alone, with a value', { profile: { references: ['var.profile'] } }, { profile: 'ci' }, { profile: '${var.profile}' }, 'failed'],
    ['a profile from a local (value not in the plan) is still set', { profile: { references: ['local.profile'] } }, undefined, undefined, 'failed'],
    // Plans render a function call without references (profile = lower("DEV")) as an empty expression.
    ['a profile from a function call, rendered as {}', { profile: {} }, undefined, undefined, 'failed'],
    ['a literal null profile', { profile: { constant_value: null } }, undefined, undefined, 'passed'],
    ['a literal empty profile', { profile: { constant_value: '' } }, undefined, undefined, 'passed'],
    ['a profile from a variable that is "", without sources', { profile: { references: ['var.profile'] } }, { profile: '' }, undefined, 'indeterminate'],
    ['a profile written as the variable alone, which is ""', { profile: { references: ['var.profile'] } }, { profile: '' }, { profile: '${var.profile}' }, 'passed'],
  ];
  it.each(cases)('not-set: %s', (_name, expressions, variables, written, status) => {
    const { model, subject } = providers(expressions, variables, written);
    expect(checkAttribute(model, subject, 'profile', { op: 'not-set' }).status).toBe(status);
  });

  it('says why a setting over a null variable is undecided, and how to decide it', () => {
    const { model, subject } = providers({ profile: { references: ['var.profile'] } }, { profile: null });
    expect(checkAttribute(model, subject, 'profile', { op: 'not-set' }).message).toMatch(/var\.profile, which is null.*--source/);
  });
});

describe('checkAttribute when selecting: a value the comparison cannot read is undecidable, not a mismatch', () => {
  const cases: Array<[string, unknown, Comparison, 'passed' | 'failed' | 'indeterminate']> = [
    ['a list against a regular expression', ['acme-tfstate'], { op: 'matches', pattern: /tfstate/ }, 'indeterminate'],
    ['an object against a bound', { days: 30 }, { op: 'at-least', bound: 14 }, 'indeterminate'],
    ['a non-numeric string against a bound', 'fourteen', { op: 'at-most', bound: 14 }, 'indeterminate'],
    ['a string that does not match', 'acme-logs', { op: 'matches', pattern: /tfstate/ }, 'failed'],
    ['a list compared for equality is just different', ['a'], { op: 'equals', expected: 'a' }, 'failed'],
  ];
  it.each(cases)('%s', (_name, value, comparison, status) => {
    const model = planWith([{ address: 'aws_s3_bucket.state', values: { bucket: value } }]);
    const [subject] = selectByType(model, 'aws_s3_bucket');
    expect(checkAttribute(model, subject!, 'bucket', comparison, 'select').status).toBe(status);
    // A check still fails what it cannot read.
    expect(checkAttribute(model, subject!, 'bucket', comparison).status).toBe('failed');
  });
});

describe('checkAttribute: negations and list membership', () => {
  const group = (values: Record<string, unknown>, unknown: unknown = {}): RawResource => ({ address: 'aws_security_group.web', values, unknown });
  const cases: Array<[string, RawResource, string, Comparison, 'passed' | 'failed' | 'indeterminate', string]> = [
    ['is not: another value passes', group({ acl: 'private' }), 'acl', { op: 'not-equals', expected: 'public-read' }, 'passed', 'acl is "private"'],
    ['is not: the value fails', group({ acl: 'public-read' }), 'acl', { op: 'not-equals', expected: 'public-read' }, 'failed', 'acl is "public-read"; expected not "public-read"'],
    ['is not: null is not the value', group({ acl: null }), 'acl', { op: 'not-equals', expected: 'public-read' }, 'passed', 'acl is not set'],
    ['is not: unknown is indeterminate, never passed', group({}, { acl: true }), 'acl', { op: 'not-equals', expected: 'public-read' }, 'indeterminate', 'known only after apply'],
    ['is not one of: a listed value fails', group({ acl: 'public-read' }), 'acl', { op: 'not-one-of', expected: ['public-read', 'public-read-write'] }, 'failed', 'expected none of "public-read", "public-read-write"'],
    ['does not match: unknown is indeterminate', group({}, { name: true }), 'name', { op: 'not-matches', pattern: /^default$/ }, 'indeterminate', 'known only after apply'],
    ['does not match: a match fails', group({ name: 'default' }), 'name', { op: 'not-matches', pattern: /^default$/ }, 'failed', 'expected no match for /^default$/'],
    ['contains: a known item passes', group({ cidr_blocks: ['10.0.0.0/8', '0.0.0.0/0'] }), 'cidr_blocks', { op: 'contains', expected: '0.0.0.0/0' }, 'passed', 'cidr_blocks is'],
    ['contains: a missing item fails', group({ cidr_blocks: ['10.0.0.0/8'] }), 'cidr_blocks', { op: 'contains', expected: '0.0.0.0/0' }, 'failed', 'expected a list containing "0.0.0.0/0"'],
    ['contains: a null list fails', group({ cidr_blocks: null }), 'cidr_blocks', { op: 'contains', expected: '0.0.0.0/0' }, 'failed', 'is not set'],
    [
      'contains: an unknown item where no known item matches is indeterminate',
      group({ cidr_blocks: ['10.0.0.0/8', null] }, { cidr_blocks: [false, true] }),
      'cidr_blocks',
      { op: 'contains', expected: '0.0.0.0/0' },
      'indeterminate',
      'has items known only after apply',
    ],
    [
      'does not contain: an unknown item is indeterminate, never passed',
      group({ cidr_blocks: ['10.0.0.0/8', null] }, { cidr_blocks: [false, true] }),
      'cidr_blocks',
      { op: 'not-contains', expected: '0.0.0.0/0' },
      'indeterminate',
      'has items known only after apply',
    ],
    [
      'does not contain: a known item fails whatever the unknown one is',
      group({ cidr_blocks: ['0.0.0.0/0', null] }, { cidr_blocks: [false, true] }),
      'cidr_blocks',
      { op: 'not-contains', expected: '0.0.0.0/0' },
      'failed',
      'expected a list without "0.0.0.0/0"',
    ],
    ['does not contain: an absent list passes', group({}), 'cidr_blocks', { op: 'not-contains', expected: '0.0.0.0/0' }, 'passed', 'is not set'],
    ['does not contain: a whole unknown list is indeterminate', group({}, { cidr_blocks: true }), 'cidr_blocks', { op: 'not-contains', expected: '0.0.0.0/0' }, 'indeterminate', 'known only after apply'],
  ];
  it.each(cases)('%s', (_name, resource, path, comparison, status, message) => {
    const result = judge(resource, path, comparison);
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });

  it('a negated equality on a list fails a check and is undecidable in a selection', () => {
    const model = planWith([{ address: 'aws_s3_bucket.state', values: { acl: ['public-read'] } }]);
    const [subject] = selectByType(model, 'aws_s3_bucket');
    expect(checkAttribute(model, subject!, 'acl', { op: 'not-equals', expected: 'private' }).status).toBe('failed');
    expect(checkAttribute(model, subject!, 'acl', { op: 'not-equals', expected: 'private' }, 'select').status).toBe('indeterminate');
  });
});
