import { describe, expect, it } from 'vitest';
import { planWith, type RawResource } from '../../test/support/raw-plan.js';
import { checkAttribute } from './attributes.js';
import { checkNoItemsLeft, checkSomeItemLeft, takeItems } from './items.js';
import { selectByType } from './select.js';
import type { ResourceSubject } from './subject.js';

const group = (name: string, ingress: unknown, unknown: unknown = {}): RawResource => ({ address: `aws_security_group.${name}`, values: { ingress }, unknown });
const open = { from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'] };
const closed = { from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8'] };

function setUp(resources: RawResource[]) {
  const model = planWith(resources);
  const parents = selectByType(model, 'aws_security_group') as ResourceSubject[];
  return { model, parents, pivot: takeItems(parents, 'ingress') };
}

describe('takeItems', () => {
  it('gives each item of each resource, with the resource address and the item path', () => {
    const { pivot } = setUp([group('web', [closed, open]), group('empty', []), group('none', null)]);
    expect(pivot.items.map((item) => `${item.address} ${item.path}`)).toEqual(['aws_security_group.web ingress[0]', 'aws_security_group.web ingress[1]']);
    expect(pivot.verdicts).toEqual([]);
    expect(pivot.undecided).toEqual([]);
  });

  it('a list known only after apply is indeterminate for its resource and leaves it undecided', () => {
    const { pivot, parents } = setUp([group('later', null, { ingress: true })]);
    expect(pivot.items).toEqual([]);
    expect(pivot.verdicts.map((v) => [v.status, v.message])).toEqual([['indeterminate', 'aws_security_group.later: ingress is known only after apply, so its items cannot be told']]);
    expect(pivot.undecided).toEqual(parents);
  });

  it('a single value is no list: failed', () => {
    const { pivot } = setUp([group('odd', 'sg-rule')]);
    expect(pivot.verdicts.map((v) => [v.status, v.message])).toEqual([['failed', 'aws_security_group.odd: ingress is "sg-rule", not a list of items']]);
  });

  it('items read their own fields, and findings carry the item path', () => {
    const { model, pivot } = setUp([group('web', [closed, open])]);
    const judged = pivot.items.map((item) => checkAttribute(model, item, 'from_port', { op: 'at-least', bound: 100 }));
    expect(judged.map((v) => [v.status, v.message])).toEqual([
      ['passed', 'aws_security_group.web: ingress[0].from_port is 443'],
      ['failed', 'aws_security_group.web: ingress[1].from_port is 22; expected at least 100'],
    ]);
  });

  it('an item known only after apply reads unknown fields', () => {
    const { model, pivot } = setUp([group('web', [closed, null], { ingress: [{}, true] })]);
    expect(pivot.items).toHaveLength(2);
    expect(checkAttribute(model, pivot.items[1]!, 'from_port', { op: 'at-least', bound: 100 }).status).toBe('indeterminate');
  });
});

describe('quantifier verdicts per resource', () => {
  const { model, parents, pivot } = setUp([group('web', [closed, open]), group('safe', [closed]), group('empty', [])]);
  // Narrowed to the items open to the internet.
  const remaining = pivot.items.filter((item) => checkAttribute(model, item, 'cidr_blocks', { op: 'contains', expected: '0.0.0.0/0' }).status === 'passed');

  it('none: every item left fails, a resource without one (an empty list too) passes', () => {
    const verdicts = checkNoItemsLeft(parents, remaining, new Set(), 'ingress items whose cidr_blocks contains "0.0.0.0/0"');
    expect(verdicts.map((v) => [v.status, v.message])).toEqual([
      ['failed', 'aws_security_group.web: ingress[1] is one of the ingress items whose cidr_blocks contains "0.0.0.0/0"; expected none'],
      ['passed', 'aws_security_group.safe: has none of the ingress items whose cidr_blocks contains "0.0.0.0/0"'],
      ['passed', 'aws_security_group.empty: has none of the ingress items whose cidr_blocks contains "0.0.0.0/0"'],
    ]);
  });

  it('any: a resource without an item left fails, an empty list too', () => {
    const verdicts = checkSomeItemLeft(parents, remaining, new Set(), 'ingress items');
    expect(verdicts.map((v) => v.status)).toEqual(['passed', 'failed', 'failed']);
  });

  it('an undecided resource never passes: none records nothing more, any is indeterminate', () => {
    const undecided = new Set([parents[1]!]);
    expect(checkNoItemsLeft(parents, remaining, undecided, 'x').map((v) => `${v.subject.address} ${v.status}`)).toEqual([
      'aws_security_group.web failed',
      'aws_security_group.empty passed',
    ]);
    expect(checkSomeItemLeft(parents, remaining, undecided, 'x').map((v) => v.status)).toEqual(['passed', 'indeterminate', 'failed']);
  });
});
