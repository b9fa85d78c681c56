import { describe, expect, it } from 'vitest';
import { planWith } from '../../test/support/raw-plan.js';
import { changeScope, withinScope } from './changed.js';
import { selectByType } from './select.js';

const bucketRef = { bucket: { references: ['aws_s3_bucket.old.id', 'aws_s3_bucket.old'] } };

describe('changeScope', () => {
  it('judges what the plan changes and what a reference connects to it; the rest is untouched', () => {
    const model = planWith([
      { address: 'aws_s3_bucket.new', actions: ['create'], values: { bucket: 'new' } },
      { address: 'aws_s3_bucket.old', actions: ['no-op'], values: { bucket: 'old' }, expressions: { bucket: { constant_value: 'old' } } },
      { address: 'aws_s3_bucket_public_access_block.old', actions: ['delete'], values: { bucket: 'old' }, expressions: bucketRef },
      { address: 'aws_s3_bucket.quiet', actions: ['no-op'], values: { bucket: 'quiet' } },
      { address: 'aws_kms_key.updated', actions: ['update'], values: {} },
      { address: 'aws_kms_key.replaced', actions: ['delete', 'create'], values: {} },
      { address: 'data.aws_caller_identity.me', actions: ['no-op'], values: {} },
    ]);
    const scope = changeScope(model);
    expect([...scope.judged].sort()).toEqual([
      'aws_kms_key.replaced',
      'aws_kms_key.updated',
      // Untouched itself, but its public access block is deleted: that decides whether it complies.
      'aws_s3_bucket.new',
      'aws_s3_bucket.old',
      'aws_s3_bucket_public_access_block.old',
    ]);
    expect(scope.untouched).toEqual(['aws_s3_bucket.quiet']);
    expect(withinScope(selectByType(model, 'aws_s3_bucket'), scope).map((subject) => subject.address)).toEqual(['aws_s3_bucket.new', 'aws_s3_bucket.old']);
    expect(withinScope(selectByType(model, 'aws_s3_bucket'), undefined)).toHaveLength(3);
  });

  it('a companion created for an untouched resource brings it in too', () => {
    const model = planWith([
      { address: 'aws_s3_bucket.old', actions: ['no-op'], values: { bucket: 'old' }, expressions: { bucket: { constant_value: 'old' } } },
      { address: 'aws_s3_bucket_policy.old', actions: ['create'], values: {}, expressions: bucketRef },
    ]);
    expect(changeScope(model).untouched).toEqual([]);
  });
});
