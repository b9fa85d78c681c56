import { describe, expect, it } from 'vitest';
import { isGuardrailsError } from '../errors.js';
import { MAX_NESTING, parseConfigFile, type ParsedConfig } from './parse.js';

type Obj = Record<string, unknown>;

async function parsed(text: string): Promise<ParsedConfig> {
  return parseConfigFile('main.tf', text);
}

/** The first body of `kind "a" "b"` (labels as given). */
function blockAt(body: Obj, kind: string, ...labels: string[]): Obj {
  let node: unknown = body[kind];
  for (const label of labels) node = (node as Obj)[label];
  return (node as Obj[])[0]!;
}

describe('parseConfigFile: values in the JSON configuration shape', () => {
  it('keeps literals as values and every other expression as its text', async () => {
    const { body } = await parsed(
      [
        'resource "a" "b" {',
        '  escaped  = "q\\"x\\" \\\\ \\n \\u00e9"',
        '  kept     = "lit $${not} %%{x}"',
        '  template = "a-${var.x}-b"',
        '  numbers  = [1, 2.5, -3, 1.5e3]',
        '  object   = { k = 1, "q r" = "v", (var.k) = 2, nested = { deep = [true, null] } }',
        '  negated  = !false',
        '  call     = jsonencode({ a = 1 })',
        '  heredoc  = <<-EOT',
        '    one',
        '      two',
        '    EOT',
        '}',
      ].join('\n'),
    );
    expect(blockAt(body, 'resource', 'a', 'b')).toEqual({
      escaped: 'q"x" \\ \n é',
      kept: 'lit $${not} %%{x}',
      template: 'a-${var.x}-b',
      numbers: [1, 2.5, -3, 1500],
      object: { k: 1, 'q r': 'v', '${(var.k)}': 2, nested: { deep: [true, null] } },
      // a literal only once evaluated: kept as an expression, so a check reading it is indeterminate
      negated: '${!false}',
      call: '${jsonencode({ a = 1 })}',
      heredoc: 'one\n  two\n',
    });
  });

  it('lists repeated blocks under their labels, bare or quoted', async () => {
    const { body } = await parsed('provider aws {}\nprovider "aws" {\n  alias = "us"\n}\nterraform {\n  backend "s3" {}\n}\n');
    expect(body).toEqual({ provider: { aws: [{}, { alias: 'us' }] }, terraform: [{ backend: { s3: [{}] } }] });
  });
});

describe('parseConfigFile: block lines', () => {
  it('gives each block body its header line, nested blocks and one-line blocks included', async () => {
    const text = [
      '# resource "aws_s3_bucket" "state" {',
      'resource "aws_s3_bucket" "state" {',
      '  policy = <<EOT',
      '}',
      'lifecycle {',
      'EOT',
      '  lifecycle_rule {',
      '  }',
      '  lifecycle {',
      '    prevent_destroy = true',
      '  }',
      '}',
      'resource "aws_kms_key" "k" { lifecycle { prevent_destroy = true } }',
    ].join('\n');
    const { body, blockLines } = await parsed(text);
    const bucket = blockAt(body, 'resource', 'aws_s3_bucket', 'state');
    const key = blockAt(body, 'resource', 'aws_kms_key', 'k');
    // The commented header and the heredoc text that looks like a block are not blocks.
    expect(blockLines.get(bucket)).toBe(2);
    expect(blockLines.get((bucket.lifecycle as Obj[])[0]!)).toBe(9);
    expect(blockLines.get(key)).toBe(13);
    expect(blockLines.get((key.lifecycle as Obj[])[0]!)).toBe(13);
  });

  it('has no lines for JSON syntax', async () => {
    const result = await parseConfigFile('main.tf.json', '{"resource": {"a": {"b": {}}}}');
    expect(result.body).toEqual({ resource: { a: { b: {} } } });
    expect(result.blockLines.size).toBe(0);
  });
});

describe('parseConfigFile: refusals', () => {
  async function refusal(text: string) {
    const error: unknown = await parsed(text).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!isGuardrailsError(error)) throw new Error(`expected a GuardrailsError, got ${String(error)}`);
    return error;
  }

  it('names the line and column of a syntax error without echoing the text', async () => {
    const error = await refusal('resource "x" "y" {\n  secret = "hunter2" +\n}\n');
    expect(error.code).toBe('SOURCE_INVALID');
    expect(error.file).toBe('main.tf');
    expect(error.message).toMatch(/^line \d+, column \d+: not valid HCL: /);
    expect(error.toUserMessage()).not.toContain('hunter2');
  });

  it('names an unclosed block', async () => {
    const error = await refusal('resource "x" "y" {\n  a = 1\n');
    expect(error.message).toMatch(/not valid HCL: expected "}" here/);
  });

  it('refuses nesting deeper than any configuration needs instead of exhausting the stack', async () => {
    const depth = MAX_NESTING + 10;
    const error = await refusal(`a = ${'['.repeat(depth)}1${']'.repeat(depth)}\n`);
    expect(error.code).toBe('SOURCE_INVALID');
    expect(error.message).toContain(`nested more than ${MAX_NESTING} levels deep`);
  });

  it('places a syntax error under very deep nesting', async () => {
    const depth = 20_000;
    const error = await refusal(`a = ${'['.repeat(depth)}1 +${']'.repeat(depth)}\n`);
    expect(error.message).toMatch(/^line 1, column \d+: not valid HCL: /);
  });
});
