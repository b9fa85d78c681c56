import { describe, expect, it } from 'vitest';
import { builtInSteps } from '../../steps/catalog.js';
import { cli, feature, plan, workspace } from '../runner/harness.js';

// The example of every built-in step, as `guardrails steps` shows it, must run as written: defined,
// matched by exactly one step, and never a crash. Runs the compiled steps (build first).
describe('built-in step examples', () => {
  it('each runs unambiguously against a plan', async () => {
    const scenarios: Record<string, string[]> = {};
    builtInSteps.forEach((step, index) => {
      const selects = step.family === 'selection' && step.expression.startsWith('the ');
      // A quantifier over items needs items taken first; network steps judge security groups and their rules only.
      const quantifies = step.family === 'items' && step.keyword === 'Then';
      const selection = step.family === 'network' ? 'Given the "aws_security_group" resources' : 'Given the "aws_s3_bucket" resources';
      const steps = selects ? [step.example] : [selection, ...(quantifies ? ['When I take the items of its "rule"'] : []), step.example];
      // A scenario must judge: one that only selects or narrows is a feature error.
      if (!steps.some((text) => text.startsWith('Then '))) steps.push('Then there are at least 0 of them');
      scenarios[`${index} ${step.expression.replace(/[{}]/g, '')}`] = steps;
    });
    // Values known only after apply: the examples name attributes of many resource types, which a
    // bucket with known values would (rightly) refuse as typos.
    const bucket = { address: 'aws_s3_bucket.state', values: {}, unknown: true };
    const group = { address: 'aws_security_group.web', values: {}, unknown: true };
    const cwd = workspace({
      'tfplan.json': plan([bucket, group], [{ key: 'aws', name: 'aws', expressions: { region: { constant_value: 'eu-central-1' } } }]),
      'features/examples.feature': feature('step-examples', scenarios),
    });
    const result = await cli(cwd, ['check', '--plan', 'tfplan.json', '--features', 'features', '--format', 'json:-']);
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    const report = JSON.parse(result.stdout) as { guardrails: Array<{ scenarios: Array<{ steps: Array<{ status: string }> }> }> };
    const steps = report.guardrails[0]!.scenarios.flatMap((scenario) => scenario.steps);
    expect(steps.filter((step) => step.status === 'undefined' || step.status === 'ambiguous')).toEqual([]);
    expect(report.guardrails[0]!.scenarios).toHaveLength(builtInSteps.length);
  });

  it('each example starts with its keyword (or And) and the expression is unique', () => {
    const expressions = new Set<string>();
    for (const step of builtInSteps) {
      expect(step.example).toMatch(new RegExp(`^(${step.keyword}|And) `));
      expect(expressions.has(step.expression), step.expression).toBe(false);
      expressions.add(step.expression);
    }
  });
});
