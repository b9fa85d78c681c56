import { describe, expect, it } from 'vitest';
import { renderEncodedPolicy } from './render-encoded.js';
import { symbolsIn } from './symbols.js';

// In these tests a symbol is written `{ ref: NAME }`.
const symbolOf = (value: unknown): string | undefined =>
  value !== null && typeof value === 'object' && 'ref' in value ? String((value as { ref: unknown }).ref) : undefined;

describe('renderEncodedPolicy', () => {
  it('holds unknown strings of Resource, principals and conditions as symbols', () => {
    const result = renderEncodedPolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [{ ref: 'aws_iam_role.r.arn' }] },
            Action: 's3:GetObject',
            Resource: { ref: '${aws_s3_bucket.b.arn}/*' },
            Condition: { StringEquals: { 'aws:SourceArn': { ref: 'aws_sns_topic.t.arn' } } },
          },
        ],
      },
      symbolOf,
    );
    expect(result.ok).toBe(true);
    const statement = result.ok ? result.document.statements[0]! : undefined;
    expect(statement?.actions).toEqual(['s3:GetObject']);
    expect(symbolsIn(statement!, ['Resource', 'Principal', 'Condition'])).toEqual(['${aws_s3_bucket.b.arn}/*', 'aws_iam_role.r.arn', 'aws_sns_topic.t.arn']);
    expect(symbolsIn(statement!, ['Action'])).toEqual([]);
  });

  it.each([
    ['Effect', { Statement: [{ Effect: { ref: 'x.y.z' }, Action: '*', Resource: '*' }] }],
    ['a whole principal', { Statement: [{ Effect: 'Allow', Principal: { ref: 'x.y.z' }, Action: '*' }] }],
    ['a condition block', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { ref: 'x.y.z' } }] }],
    ['a statement', { Statement: [{ ref: 'x.y.z' }] }],
    ['Version', { Version: { ref: 'x.y.z' }, Statement: [] }],
  ])('refuses a symbol standing for %s', (_what, value) => {
    const result = renderEncodedPolicy(value, symbolOf);
    expect(result.ok).toBe(false);
  });
});
