import { describe, expect, it } from 'vitest';
import { cli, feature, plan, stateBucket, workspace } from './harness.js';

const SSE_STEPS = [
  'Given the "aws_s3_bucket_server_side_encryption_configuration" resources',
  'Then its "rule[*].apply_server_side_encryption_by_default[*].sse_algorithm" is "aws:kms"',
];

/** Runs check with the given feature files against a small state-bucket plan. */
async function run(features: Record<string, string>, extra: string[] = []) {
  const cwd = workspace({ 'tfplan.json': plan(stateBucket('aws:kms')), ...features });
  return cli(cwd, ['check', '--plan', 'tfplan.json', '--features', ...Object.keys(features), ...extra]);
}

describe('feature files that make a run untrustworthy exit 2 with a message naming the file', () => {
  it('a feature without @id names the file and the line of Feature:', async () => {
    const result = await run({ 'features/no-id.feature': `\n${feature(undefined, { 'Encrypted': SSE_STEPS }, { tags: '@enforce' })}` });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: features/no-id.feature:3: feature "a guardrail without id" has no @id tag.');
    expect(result.stderr).toContain('@id:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('duplicate ids name both files', async () => {
    const result = await run({
      'features/a.feature': feature('kms-only', { 'Encrypted': SSE_STEPS }),
      'features/b.feature': feature('kms-only', { 'Encrypted again': SSE_STEPS }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/features\/(a|b)\.feature:2: duplicate guardrail id "kms-only": already used by features\/(a|b)\.feature:2\./);
    expect(result.stderr).toContain('a.feature');
    expect(result.stderr).toContain('b.feature');
  });

  it('a malformed @id tag is refused', async () => {
    const result = await run({ 'features/bad.feature': feature('Kms Only!', { 'Encrypted': SSE_STEPS }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('features/bad.feature');
  });

  it('an undefined step names file:line and suggests steps that are really close', async () => {
    const steps = ['Given the "aws_s3_bucket" resources', 'Then its "bucket" equals "acme-tfstate"'];
    const result = await run({ 'features/typo.feature': feature('typo', { 'Named': steps }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('features/typo.feature:6: no step matches "its "bucket" equals "acme-tfstate"".');
    const suggestions = /Closest known steps: (.*)\. Run `guardrails steps`/.exec(result.stderr)?.[1] ?? '';
    // The closest is the phrasing the author meant; unrelated families do not crowd it out.
    expect(suggestions.split('; ')[0]).toBe('"its {attribute} is {string}"');
    expect(suggestions).not.toMatch(/pattern|lifecycle|provider|planned/);
  });

  it('a Gherkin syntax error exits 2 naming the file', async () => {
    const broken = '@id:broken\nFeature: broken\n  Scenario: one\n    Given the "aws_s3_bucket" resources\n  Examples without outline\n    | a |\n';
    const result = await run({ 'features/broken.feature': broken });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('features/broken.feature');
    expect(result.stderr).toContain('is not valid Gherkin');
  });

  it('a malformed attribute path exits 2 (a feature mistake, not an internal error)', async () => {
    const steps = ['Given the "aws_s3_bucket" resources', 'Then its "rule[.sse" is "aws:kms"'];
    const result = await run({ 'features/path.feature': feature('bad-path', { 'Malformed': steps }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('features/path.feature:6');
    expect(result.stderr).toContain('rule[.sse');
    expect(result.stderr).not.toContain('internal error');
  });

  it('a regular expression with the g flag exits 2', async () => {
    const steps = ['Given the "aws_s3_bucket" resources', 'And those whose "bucket" matches /tfstate/g', 'Then its "bucket" is "x"'];
    const result = await run({ 'features/regex.feature': feature('bad-regex', { 'Global flag': steps }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('features/regex.feature:6');
    expect(result.stderr).toContain('regular expression flags "g" are not allowed');
  });

  it('a judging step with nothing selected before it exits 2 naming the step, not as an internal error', async () => {
    const result = await run({ 'features/unselected.feature': feature('unselected', { 'No Given': ['Then its "bucket" is "x"'] }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: features/unselected.feature:5: step "its "bucket" is "x"" cannot run: no resources are selected yet');
    expect(result.stderr).not.toContain('internal error');
  });

  it('an unknown planned action exits 2', async () => {
    const steps = ['Given the "aws_s3_bucket" resources', 'Then it is not planned for "destroy"'];
    const result = await run({ 'features/action.feature': feature('bad-action', { 'Typo': steps }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown planned action destroy');
  });

  it('a feature path that does not exist is a usage error, not a clean run', async () => {
    const cwd = workspace({ 'tfplan.json': plan(stateBucket('aws:kms')) });
    const result = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'no-such-dir']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-dir');
  });
});
