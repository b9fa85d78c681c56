import { describe, expect, it } from 'vitest';
import { globCovers, globsOverlap } from './glob.js';
import { parsePolicy, type NormalizedStatement } from './policy.js';
import { statementCoversResource } from './resources.js';

function statement(raw: Record<string, unknown>): NormalizedStatement {
  const result = parsePolicy({ Statement: { Effect: 'Deny', Action: 's3:*', ...raw } });
  if (!result.ok) throw new Error(result.reason);
  return result.document.statements[0] as NormalizedStatement;
}

describe('glob: case-sensitive primitives', () => {
  it.each([
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/state.tfstate', true, true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::B/state.tfstate', false, false],
    ['arn:aws:s3:::b*', 'arn:aws:s3:::b/*', true, true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b*', false, true],
    ['arn:aws:s3:::b', 'arn:aws:s3:::b/*', false, false],
  ])('%s vs %s: covers %s, overlaps %s', (pattern, target, covers, overlaps) => {
    expect(globCovers(pattern, target)).toBe(covers);
    expect(globsOverlap(pattern, target)).toBe(overlaps);
  });
});

describe('statementCoversResource', () => {
  const bucket = 'arn:aws:s3:::acme-tfstate';
  const objects = 'arn:aws:s3:::acme-tfstate/*';
  it.each([
    ['bucket and objects listed', { Resource: [bucket, objects] }, [true, true]],
    ['objects only', { Resource: objects }, [false, true]],
    ['bucket only', { Resource: bucket }, [true, false]],
    ['prefix wildcard covers both', { Resource: 'arn:aws:s3:::acme-tfstate*' }, [true, true]],
    ['* covers both', { Resource: '*' }, [true, true]],
    ['one prefix of objects only', { Resource: 'arn:aws:s3:::acme-tfstate/env/*' }, [false, false]],
    ['another bucket', { Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] }, [false, false]],
    ['case differs', { Resource: ['arn:aws:s3:::ACME-TFSTATE', 'arn:aws:s3:::ACME-TFSTATE/*'] }, [false, false]],
    ['NotResource another bucket', { NotResource: 'arn:aws:s3:::other/*' }, [true, true]],
    ['NotResource the objects', { NotResource: objects }, [true, false]],
    ['NotResource a single object leaves "every object" uncovered', { NotResource: 'arn:aws:s3:::acme-tfstate/keep' }, [true, false]],
    ['no Resource element (trust policy)', {}, [true, true]],
  ])('%s', (_name, raw, expected) => {
    const s = statement(raw);
    expect([statementCoversResource(s, bucket), statementCoversResource(s, objects)]).toEqual(expected);
  });
});
