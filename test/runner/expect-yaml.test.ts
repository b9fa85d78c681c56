import { describe, expect, it } from 'vitest';
import { cli, feature, plan, workspace } from './harness.js';

/** A guardrail with a compliant example and a violating example whose expect.yaml is given. */
function guardrailWithViolatingExpectation(expectYaml: string): string {
  const bucket = (versioned: boolean) => plan([{ address: 'aws_s3_bucket.state', values: { bucket: 'acme-tfstate', force_destroy: !versioned } }]);
  return workspace({
    'guardrails/g/g.feature': feature('g', { 'no force destroy': ['Given the "aws_s3_bucket" resources', 'Then its "force_destroy" is false'] }),
    'guardrails/g/examples/compliant/tfplan.json': bucket(true),
    'guardrails/g/examples/compliant/expect.yaml': 'status: passed\n',
    'guardrails/g/examples/violating/tfplan.json': bucket(false),
    'guardrails/g/examples/violating/expect.yaml': expectYaml,
  });
}

describe('expect.yaml is strict', () => {
  it('accepts a violating example that names its findings', async () => {
    const run = await cli(guardrailWithViolatingExpectation('description: force_destroy is on\nstatus: failed\nfindings: [aws_s3_bucket.state]\n'), ['test', 'guardrails']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('2 passed, 0 failed');
    expect(run.code).toBe(0);
  });

  it.each([
    ['an unknown key', 'status: failed\nfindings: [aws_s3_bucket.state]\nfinding: [aws_s3_bucket.other]\n', 'has the unknown key `finding`'],
    ['a misspelt status key', 'statuss: failed\nfindings: [aws_s3_bucket.state]\n', 'has the unknown key `statuss`'],
    ['failed without findings', 'status: failed\n', 'has `status: failed` without `findings`'],
    ['failed with an empty findings list', 'status: failed\nfindings: []\n', 'has `status: failed` without `findings`'],
    ['an empty address', 'status: failed\nfindings: [""]\n', 'has `findings` that is not a list of resource addresses'],
    ['a list instead of a mapping', '- status: failed\n', 'is not a mapping'],
  ])('refuses %s: exit 2 naming the file, nothing run', async (_case, yaml, message) => {
    const run = await cli(guardrailWithViolatingExpectation(yaml), ['test', 'guardrails']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('guardrails/g/examples/violating/expect.yaml');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });
});
