import { describe, expect, it } from 'vitest';
import type { Action, ChangeKind } from '../plan/types.js';
import { planWith } from '../../test/support/raw-plan.js';
import { checkChangeIn, checkChangeNotIn, isPlannedToExist } from './actions.js';
import { selectByType, selectProviders } from './select.js';

function bucketPlannedFor(actions: Action[], actionReason?: string) {
  const model = planWith([{ address: 'aws_s3_bucket.state', actions, values: { bucket: 'acme-tfstate' }, ...(actionReason ? { actionReason } : {}) }]);
  return selectByType(model, 'aws_s3_bucket')[0]!;
}

describe('checkChangeNotIn(["delete", "replace"])', () => {
  const cases: Array<[Action[], 'passed' | 'failed', string]> = [
    [['create'], 'passed', 'is planned for create'],
    [['update'], 'passed', 'is planned for update'],
    [['no-op'], 'passed', 'is planned for no-op'],
    [['delete'], 'failed', 'is planned to be deleted; expected no delete or replace'],
    [['delete', 'create'], 'failed', 'is planned to be replaced; expected no delete or replace'],
    [['create', 'delete'], 'failed', 'is planned to be replaced; expected no delete or replace'],
    [['forget'], 'passed', 'is planned for forget'],
  ];
  it.each(cases)('%j', (actions, status, message) => {
    const result = checkChangeNotIn(bucketPlannedFor(actions), ['delete', 'replace']);
    expect(result.status).toBe(status);
    expect(result.message).toBe(`aws_s3_bucket.state: ${message}`);
  });

  it('gives the reason Terraform gives for the action', () => {
    const result = checkChangeNotIn(bucketPlannedFor(['delete'], 'delete_because_no_resource_config'), ['delete']);
    expect(result.message).toBe('aws_s3_bucket.state: is planned to be deleted (delete_because_no_resource_config); expected no delete');
    expect(result).toMatchObject({ expected: 'not delete', actual: 'delete' });
  });

  it('a provider configuration is never planned for anything', () => {
    const provider = selectProviders(planWith([], [{ key: 'aws', name: 'aws' }]), 'aws')[0]!;
    expect(checkChangeNotIn(provider, ['delete']).status).toBe('passed');
  });
});

describe('checkChangeIn and isPlannedToExist', () => {
  const cases: Array<[Action[], ChangeKind[], boolean, boolean]> = [
    [['delete'], ['delete', 'replace'], true, false],
    [['delete', 'create'], ['delete', 'replace'], true, true],
    [['create'], ['delete', 'replace'], false, true],
    [['forget'], ['delete'], false, false],
    [['no-op'], ['no-op'], true, true],
  ];
  it.each(cases)('%j in %j → %s; exists after apply: %s', (actions, kinds, within, exists) => {
    const subject = bucketPlannedFor(actions);
    expect(checkChangeIn(subject, kinds).status).toBe(within ? 'passed' : 'failed');
    expect(isPlannedToExist(subject)).toBe(exists);
  });
});
