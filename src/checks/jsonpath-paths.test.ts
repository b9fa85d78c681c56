import { describe, expect, it } from 'vitest';
import { planWith, type RawResource } from '../../test/support/raw-plan.js';
import { checkAttribute } from './attributes.js';
import type { Comparison } from './compare.js';
import { takeItems } from './items.js';
import { selectByType } from './select.js';
import type { ResourceSubject } from './subject.js';

const rule = (from: number, cidrs: unknown) => ({ from_port: from, to_port: from, cidr_blocks: cidrs });
const group = (ingress: unknown, unknown: unknown = {}, sensitive: unknown = {}): RawResource => ({ address: 'aws_security_group.web', values: { name: 'web', ingress, tags: { team: 'a' } }, unknown, sensitive });

function judge(resource: RawResource, path: string, comparison: Comparison, purpose: 'judge' | 'select' = 'judge') {
  const model = planWith([resource]);
  const [subject] = selectByType(model, 'aws_security_group');
  return checkAttribute(model, subject!, path, comparison, purpose);
}

const SSH_CIDRS = '$.ingress[?(@.from_port == 22)].cidr_blocks';

describe('JSONPath as an attribute path', () => {
  const cases: Array<[string, RawResource, string, Comparison, 'passed' | 'failed' | 'indeterminate', string]> = [
    ['a filter reaches the values it selects, named by their attribute path', group([rule(443, ['0.0.0.0/0']), rule(22, ['10.0.0.0/8'])]), SSH_CIDRS, { op: 'not-contains', expected: '0.0.0.0/0' }, 'passed', 'ingress[1].cidr_blocks is ["10.0.0.0/8"]'],
    ['a violating value fails', group([rule(22, ['0.0.0.0/0'])]), SSH_CIDRS, { op: 'not-contains', expected: '0.0.0.0/0' }, 'failed', 'aws_security_group.web: ingress[0].cidr_blocks is ["0.0.0.0/0"]; expected a list without "0.0.0.0/0"'],
    ['nothing reached is absent: a negation holds', group([rule(443, ['0.0.0.0/0'])]), SSH_CIDRS, { op: 'not-contains', expected: '0.0.0.0/0' }, 'passed', 'is not set'],
    ['nothing reached is absent: an assertion fails', group([rule(443, ['0.0.0.0/0'])]), '$.ingress[?(@.from_port == 22)]', { op: 'set' }, 'failed', 'is absent'],
    [
      'a value known only after apply where the path starts makes it indeterminate, never passed',
      group([rule(443, ['10.0.0.0/8']), { from_port: null, to_port: null, cidr_blocks: ['0.0.0.0/0'] }], { ingress: [{}, { from_port: true, to_port: true }] }),
      SSH_CIDRS,
      { op: 'not-contains', expected: '0.0.0.0/0' },
      'indeterminate',
      `${SSH_CIDRS} is known only after apply`,
    ],
    ['a known violation still fails beside an unknown value', group([rule(22, ['0.0.0.0/0']), rule(22, null)], { ingress: [{}, { cidr_blocks: true }] }), SSH_CIDRS, { op: 'not-contains', expected: '0.0.0.0/0' }, 'failed', 'ingress[0].cidr_blocks'],
    ['an unknown value elsewhere in the resource does not matter', group([rule(22, ['10.0.0.0/8'])], { arn: true }), SSH_CIDRS, { op: 'not-contains', expected: '0.0.0.0/0' }, 'passed', ''],
    ['a recursive descent looks everywhere, so any unknown value counts', group([rule(22, ['10.0.0.0/8'])], { arn: true }), '$..cidr_blocks', { op: 'not-contains', expected: '0.0.0.0/0' }, 'indeterminate', ''],
    ['a map key', group([]), "$.tags['team']", { op: 'equals', expected: 'a' }, 'passed', 'tags.team is "a"'],
  ];
  it.each(cases)('%s', (_name, resource, path, comparison, status, message) => {
    const result = judge(resource, path, comparison);
    expect(result.status).toBe(status);
    expect(result.message).toContain(message);
  });

  it('masks a sensitive value reached by a JSONPath', () => {
    const result = judge(group([rule(22, ['0.0.0.0/0'])], {}, { ingress: [{ cidr_blocks: true }] }), SSH_CIDRS, { op: 'not-contains', expected: '0.0.0.0/0' });
    expect(result.status).toBe('failed');
    expect(result.message).not.toContain('0.0.0.0/0"]');
    expect(result.actual).toBe('(sensitive)');
  });

  it('a JSONPath on an item starts at the item', () => {
    const model = planWith([group([rule(443, ['0.0.0.0/0']), rule(22, ['0.0.0.0/0', '::/0'])])]);
    const { items } = takeItems(selectByType(model, 'aws_security_group') as ResourceSubject[], 'ingress');
    const judged = items.map((item) => checkAttribute(model, item, '$.cidr_blocks[1]', { op: 'set' }));
    expect(judged.map((v) => v.status)).toEqual(['failed', 'passed']);
    expect(judged[1]!.message).toBe('aws_security_group.web: ingress[1].cidr_blocks[1] is "::/0"');
  });

  it('a JSONPath that cannot be evaluated is an error naming it', () => {
    expect(() => judge(group([]), "$[?(this.x = 1)]", { op: "set" })).toThrow(/cannot be evaluated/);
  });
});
