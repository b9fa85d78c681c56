import { describe, expect, it } from 'vitest';
import type { Lifecycle, SourceModel } from '../source/types.js';
import { planWith } from '../../test/support/raw-plan.js';
import { checkLifecycleFlag } from './lifecycle.js';
import { selectByType, selectProviders } from './select.js';
import type { Verdict } from './verdict.js';

const BUCKET = 'aws_s3_bucket.state';
const subject = selectByType(planWith([{ address: BUCKET, values: { bucket: 'acme-tfstate' } }]), 'aws_s3_bucket')[0]!;

/** Sources declaring the bucket block (or not), with the lifecycle block given. */
function sources(declared: boolean, lifecycle?: Partial<Lifecycle>): SourceModel {
  const lifecycles = new Map<string, Lifecycle>();
  if (lifecycle) {
    lifecycles.set(BUCKET, {
      preventDestroy: undefined,
      createBeforeDestroy: undefined,
      ignoreChanges: undefined,
      location: { file: 'main.tf', line: 12 },
      ...lifecycle,
    });
  }
  return {
    rootDir: '.',
    modules: [{ modulePath: '', dir: '.', files: ['main.tf'] }],
    lifecycles,
    declaredResources: new Set(declared ? [BUCKET] : ['aws_kms_key.state']),
    backend: undefined,
    providers: [],
    resourceLocations: new Map(),
    moduleCalls: new Map(),
  };
}

describe('checkLifecycleFlag prevent_destroy = true', () => {
  const cases: Array<[string, SourceModel | undefined, Verdict['status'], string]> = [
    ['no sources given', undefined, 'indeterminate', 'cannot be read: no .tf sources were given (pass --source DIR'],
    ['the block is not in the sources given', sources(false), 'indeterminate', `cannot be read: no resource block for ${BUCKET} in the sources given`],
    ['no lifecycle block', sources(true), 'failed', 'is not set (no lifecycle block); expected true'],
    ['a lifecycle block without the flag', sources(true, { createBeforeDestroy: true }), 'failed', 'is not set (main.tf:12); expected true'],
    ['prevent_destroy = true', sources(true, { preventDestroy: true }), 'passed', 'is true (main.tf:12)'],
    ['prevent_destroy = false', sources(true, { preventDestroy: false }), 'failed', 'is false (main.tf:12); expected true'],
    [
      'a non-literal expression',
      sources(true, { expressions: { prevent_destroy: 'var.protect' } }),
      'indeterminate',
      'is written as var.protect (main.tf:12), not a literal true or false',
    ],
  ];
  it.each(cases)('%s', (_name, model, status, message) => {
    const result = checkLifecycleFlag(model, subject, 'prevent_destroy', true);
    expect(result.status).toBe(status);
    expect(result.message.startsWith(`${BUCKET}: lifecycle.prevent_destroy `)).toBe(true);
    expect(result.message).toContain(message);
  });

  it('reads create_before_destroy separately', () => {
    expect(checkLifecycleFlag(sources(true, { preventDestroy: true }), subject, 'create_before_destroy', true).status).toBe('failed');
    expect(checkLifecycleFlag(sources(true, { createBeforeDestroy: true }), subject, 'create_before_destroy', true).status).toBe('passed');
  });

  it('a provider has no lifecycle block', () => {
    const provider = selectProviders(planWith([], [{ key: 'aws', name: 'aws' }]), 'aws')[0]!;
    expect(checkLifecycleFlag(sources(true), provider, 'prevent_destroy', true).status).toBe('failed');
  });
});
