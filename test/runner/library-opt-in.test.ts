import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { observe } from '../../src/observe/observe.js';
import { bundledFeatures, guardrailSelection } from '../../src/runner/run.js';
import { checkJson, repoRoot, workspace } from './harness.js';

// The starter library (features/library/) is bundled but opt-in: `check` without --features and
// --tags runs the catalogue alone; an explicit tag expression is used as it is given.
const libraryIds = readdirSync(path.join(repoRoot, 'features', 'library')).sort();
const violatingPlan = path.join(repoRoot, 'features', 'library', 's3-bucket-public-access-blocked', 'examples', 'violating-public-policy-allowed', 'tfplan.json');

describe('guardrailSelection', () => {
  it.each([
    ['the bundled catalogue without the library', undefined, undefined, { features: [bundledFeatures()], tags: 'not @library' }],
    ['a tag expression as given', undefined, '@library', { features: [bundledFeatures()], tags: '@library' }],
    ['features named, no tags', ['features/library'], undefined, { features: ['features/library'] }],
    ['features and tags as given', ['x.feature'], '@enforce', { features: ['x.feature'], tags: '@enforce' }],
  ])('%s', (_name, features, tags, expected) => {
    expect(guardrailSelection(features, tags)).toEqual(expected);
  });
});

describe('check and the starter library', () => {
  it('has at least 15 guardrails', () => {
    expect(libraryIds.length).toBeGreaterThanOrEqual(15);
  });

  it('runs the catalogue without the library when no --tags is given', async () => {
    const { report } = await checkJson(repoRoot, ['--plan', violatingPlan]);
    const ids = report.guardrails.map((g) => g.id);
    expect(ids).toContain('state-bucket-kms-only');
    expect(ids.filter((id) => libraryIds.includes(id))).toEqual([]);
  });

  it('runs the whole library with --tags @library, and nothing of the catalogue', async () => {
    const { report, code } = await checkJson(repoRoot, ['--plan', violatingPlan, '--tags', '@library']);
    expect(report.guardrails.map((g) => g.id).sort()).toEqual(libraryIds);
    expect(report.guardrails.find((g) => g.id === 's3-bucket-public-access-blocked')?.status).toBe('failed');
    // Every library guardrail is observed: a failure is reported, never blocking.
    expect(code).toBe(0);
  });

  it('runs one library guardrail chosen by its id', async () => {
    const { report } = await checkJson(repoRoot, ['--plan', violatingPlan, '--tags', '@id:s3-bucket-public-access-blocked']);
    expect(report.guardrails.map((g) => [g.id, g.status])).toEqual([['s3-bucket-public-access-blocked', 'failed']]);
  });

  it('runs library features named with --features, without --tags', async () => {
    const { report } = await checkJson(repoRoot, ['--plan', violatingPlan, '--features', 'features/library/s3-bucket-versioned']);
    expect(report.guardrails.map((g) => g.id)).toEqual(['s3-bucket-versioned']);
  });
});

describe('observe and the starter library', () => {
  it('observes the catalogue without the library by default', async () => {
    const cwd = workspace({ 'workloads.yaml': `workloads:\n  - name: orders\n    plan: ${JSON.stringify(violatingPlan)}\n` });
    const outcome = await observe({ workloads: 'workloads.yaml', cwd, env: {}, stdout: new BufferSink(), formats: [] });
    const ids = outcome.report.guardrails.map((g) => g.id);
    expect(ids).toContain('state-bucket-kms-only');
    expect(ids.filter((id) => libraryIds.includes(id))).toEqual([]);
  });
});
