import { describe, expect, it } from 'vitest';
import { planWith } from '../../test/support/raw-plan.js';
import { readSubject } from './read.js';
import { selectByType } from './select.js';

describe('readSubject', () => {
  const model = planWith([{ address: 'aws_s3_bucket.state', values: { bucket: 'acme-tfstate', tags: { Team: 'platform' } } }]);

  it('reads each path of a resource once per plan: every scenario after the first reuses the read', () => {
    // Each scenario selects the resources afresh, so the subjects differ; the instance does not.
    const [first] = selectByType(model, 'aws_s3_bucket');
    const [again] = selectByType(model, 'aws_s3_bucket');
    const read = readSubject(model, first!, 'bucket');
    expect(read).toEqual([{ path: 'bucket', value: { state: 'known', value: 'acme-tfstate' }, sensitive: false, references: [], configured: false }]);
    expect(readSubject(model, again!, 'bucket')).toBe(read);
    expect(readSubject(model, again!, 'tags["Team"]')).not.toBe(read);
  });

  it('hands out reads nobody can change for the next reader', () => {
    const [subject] = selectByType(model, 'aws_s3_bucket');
    const read = readSubject(model, subject!, 'bucket');
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(read[0])).toBe(true);
  });
});
