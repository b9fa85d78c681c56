import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './harness.js';
import { availableUnlessCI } from '../support/ci.js';

// Every real plan of the corpus, checked with the bundled catalogue: a guardrail may pass, fail,
// be indeterminate or not apply, but a valid plan is never a usage error (2) or a crash (3).
const corpusPlans = path.resolve(repoRoot, '..', 'shared', 'corpus', 'plans');
// Refused on purpose: not JSON, or a plan whose apply would error (tested with the plan loader).
const refused = new Set(['opentofu-show/show-json__plan-error__output.json']);

function planFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '_negative' ? [] : planFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

const plans = fs.existsSync(corpusPlans) ? planFiles(corpusPlans).filter((file) => !refused.has(path.relative(corpusPlans, file).split(path.sep).join('/'))) : [];

describe.runIf(availableUnlessCI(plans.length > 0, 'the shared plan corpus'))('guardrails check on every corpus plan', () => {
  it('finds the corpus', () => {
    expect(plans.length).toBeGreaterThan(150);
  });

  it.each(plans.map((file) => [path.relative(corpusPlans, file), file]))('%s exits 0 or 1', async (_name, file) => {
    const result = await cli(repoRoot, ['check', '--plan', file, '--format', 'json:-']);
    expect(result.stderr, result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    const report = JSON.parse(result.stdout) as { guardrails: Array<{ status: string }> };
    expect(report.guardrails.length).toBeGreaterThan(0);
  });

  it('the errored plan is refused with exit 2', async () => {
    const result = await cli(repoRoot, ['check', '--plan', path.join(corpusPlans, 'opentofu-show/show-json__plan-error__output.json')]);
    expect(result.code).toBe(2);
  });
});
