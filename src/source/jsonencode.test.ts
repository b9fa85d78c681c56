import { describe, expect, it } from 'vitest';
import { evaluateJsonencode, writtenSymbol } from './jsonencode.js';

const evaluate = (argument: string) => evaluateJsonencode(`\${jsonencode(${argument})}`);

describe('evaluateJsonencode', () => {
  it('evaluates literals, objects and tuples to their JSON values', async () => {
    expect(await evaluate('{ Version = "2012-10-17", "Key" = [1, -2.5, true, false, null, "a\\"b\\n$${x}"] }')).toEqual({
      ok: true,
      value: { Version: '2012-10-17', Key: [1, -2.5, true, false, null, 'a"b\n${x}'] },
    });
  });

  it('holds a reference, and a template with one, as symbols named by their text', async () => {
    const result = await evaluate('{ Resource = ["${aws_s3_bucket.b.arn}/*", aws_s3_bucket.b.arn, "${data.aws_caller_identity.c.account_id}", module.m.arns[0]] }');
    expect(result).toEqual({
      ok: true,
      value: {
        Resource: [
          writtenSymbol('${aws_s3_bucket.b.arn}/*'),
          writtenSymbol('aws_s3_bucket.b.arn'),
          writtenSymbol('data.aws_caller_identity.c.account_id'),
          writtenSymbol('module.m.arns[0]'),
        ],
      },
    });
  });

  it('evaluates nested statements', async () => {
    const result = await evaluate(`{
      Version = "2012-10-17"
      Statement = [{
        Effect = "Allow"
        Principal = { AWS = ["arn:aws:iam::123456789012:root"] }
        Action = "sts:AssumeRole"
        Condition = { StringEquals = { "aws:SourceArn" = aws_s3_bucket.b.arn } }
      }]
    }`);
    expect(result).toEqual({
      ok: true,
      value: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam::123456789012:root'] },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceArn': writtenSymbol('aws_s3_bucket.b.arn') } },
          },
        ],
      },
    });
  });

  it.each([
    ['a function call inside', '{ Action = concat(["a"], ["b"]) }', 'a call of concat()'],
    ['merge', 'merge({ A = 1 }, { B = 2 })', 'a call of merge()'],
    ['a conditional', '{ Effect = var.allow ? "Allow" : "Deny" }', 'a conditional'],
    ['a for expression', '{ Action = [for a in ["x"] : a] }', 'a for expression'],
    ['a splat', '{ Resource = aws_s3_bucket.b[*].arn }', 'a splat'],
    ['a variable', '{ Resource = var.arn }', 'a variable'],
    ['a local', '{ Resource = "${local.arn}/*" }', 'a local value'],
    ['each.key', '{ Sid = each.key }', '`each`'],
    ['count.index', '{ Resource = "arn:aws:s3:::b-${count.index}" }', '`count`'],
    ['an operation', '{ N = 1 + 2 }', 'an operation'],
    ['a template directive', '{ Sid = "%{if true}x%{endif}" }', 'template directive'],
    ['a computed index', '{ Resource = aws_s3_bucket.b[var.i].arn }', 'holds'],
    ['a repeated key', '{ Effect = "Allow", Effect = "Deny" }', 'written twice'],
  ])('refuses %s', async (_what, argument, reason) => {
    const result = await evaluate(argument);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('refuses nesting deeper than the parser allows, rather than exhausting the stack', async () => {
    const depth = 100_000;
    const result = await evaluate('['.repeat(depth) + '1' + ']'.repeat(depth));
    expect(result).toEqual({ ok: false, reason: 'it nests more than 256 levels deep' });
  });

  it('refuses a call other than jsonencode at the top', async () => {
    expect(await evaluateJsonencode('${jsondecode("{}")}')).toEqual({ ok: false, reason: 'it is not a jsonencode(...) call' });
    expect((await evaluateJsonencode('${jsonencode({}, 1)}')).ok).toBe(false);
  });
});

describe('symbols', () => {
  it('no literal object passes for a symbol', async () => {
    const result = await evaluate('{ "\\ue000symbol" = "aws_s3_bucket.b.arn" }');
    expect(result.ok).toBe(false);
  });
});
