import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cli, repoRoot } from './harness.js';
import { availableUnlessCI } from '../support/ci.js';
import { corpusPlanFiles } from '../plan/plans.js';

// The starter library (features/library/) on every real corpus plan that has a resource type one of
// its guardrails selects (required-tags selects every resource with tags): what each guardrail concludes there is pinned by
// library-corpus.verdicts.yaml, with the reason for every failed or indeterminate verdict.
const corpusPlans = path.resolve(repoRoot, '..', 'shared', 'corpus', 'plans');
const libraryDir = path.join(repoRoot, 'features', 'library');
// Refused on purpose: not JSON, or a plan whose apply would error (tested with the plan loader).
const refused = new Set(['opentofu-show/show-json__plan-error__output.json']);

/** Every resource type a library guardrail selects or pivots to, read from its feature file. */
function libraryTypes(): Set<string> {
  const types = new Set<string>();
  for (const id of fs.readdirSync(libraryDir)) {
    const text = fs.readFileSync(path.join(libraryDir, id, `${id}.feature`), 'utf8');
    // `Given the "aws_db_instance" or "aws_rds_cluster" resources` selects several types.
    for (const match of text.matchAll(/(?:Given the|I take the) ((?:"aws_[a-z0-9_]+"(?:, | or )?)+) resources/g)) {
      for (const type of match[1]!.matchAll(/"(aws_[a-z0-9_]+)"/g)) types.add(type[1]!);
    }
  }
  return types;
}

const relative = (file: string): string => path.relative(corpusPlans, file).split(path.sep).join('/');
const plans = corpusPlanFiles().filter((file) => !refused.has(relative(file)));

type Status = 'passed' | 'failed' | 'indeterminate' | 'not-applicable';
type PinnedVerdict = Status | { status: Status; why: string };
const pinned = parseYaml(fs.readFileSync(path.join(repoRoot, 'test', 'runner', 'library-corpus.verdicts.yaml'), 'utf8')) as Record<string, Record<string, PinnedVerdict>>;

/** True when a library guardrail selects every resource that supports tags, whatever its type. */
function selectsTaggable(): boolean {
  return fs.readdirSync(libraryDir).some((id) => fs.readFileSync(path.join(libraryDir, id, `${id}.feature`), 'utf8').includes('Given the resources that support tags'));
}

interface RawChange {
  type?: unknown;
  mode?: unknown;
  provider_name?: unknown;
  change?: { after?: unknown; before?: unknown; after_unknown?: unknown };
}

/** A managed resource whose values (or unknown values) show AWS tags: tags_all, or tags on an AWS provider's resource. */
function showsTags(change: RawChange): boolean {
  const aws = typeof change.provider_name === 'string' && /(^|\/)aws$/.test(change.provider_name);
  return [change.change?.after, change.change?.before, change.change?.after_unknown].some(
    (values) => typeof values === 'object' && values !== null && ('tags_all' in values || (aws && 'tags' in values)),
  );
}

/** A plan the table must cover: one whose resource changes include a type the library selects, or a taggable resource. */
function hasLibraryType(file: string, types: ReadonlySet<string>, taggable: boolean): boolean {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource_changes?: RawChange[] };
  return (raw.resource_changes ?? []).some(
    (change) => change.mode !== 'data' && ((typeof change.type === 'string' && types.has(change.type)) || (taggable && showsTags(change))),
  );
}

describe('the pinned library verdict table', () => {
  it('explains every failed or indeterminate verdict', () => {
    for (const [plan, verdicts] of Object.entries(pinned)) {
      for (const [id, verdict] of Object.entries(verdicts)) {
        if (typeof verdict === 'string') expect(verdict, `${plan} ${id}: a failed or indeterminate verdict needs { status, why }`).toBe('passed');
        else expect(verdict.why.length, `${plan} ${id}: why`).toBeGreaterThan(20);
      }
    }
  });

  it('reads the types the library selects', () => {
    expect([...libraryTypes()]).toEqual(expect.arrayContaining(['aws_s3_bucket', 'aws_s3_bucket_versioning', 'aws_flow_log', 'aws_db_instance', 'aws_rds_cluster']));
  });
});

describe.runIf(availableUnlessCI(plans.length > 0, 'the shared plan corpus'))('the starter library on every corpus plan with a type it selects', () => {
  const types = libraryTypes();
  const taggable = selectsTaggable();
  const covered = plans.filter((file) => hasLibraryType(file, types, taggable));

  it('covers exactly those plans', () => {
    expect(covered.length).toBeGreaterThan(20);
    expect(Object.keys(pinned).sort()).toEqual(covered.map(relative).sort());
  });

  it.each(covered.map((file) => [relative(file), file]))('%s gives the pinned verdicts', async (name, file) => {
    const result = await cli(repoRoot, ['check', '--plan', file, '--tags', '@library', '--format', 'json:-']);
    expect(result.stderr, result.stderr).toBe('');
    // Every library guardrail is observed: whatever it concludes, the run does not block.
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { guardrails: Array<{ id: string; status: Status }> };
    const applicable = Object.fromEntries(report.guardrails.filter((g) => g.status !== 'not-applicable').map((g) => [g.id, g.status]));
    const expected = Object.fromEntries(Object.entries(pinned[name] ?? {}).map(([id, verdict]) => [id, typeof verdict === 'string' ? verdict : verdict.status]));
    expect(applicable, `${name}: update library-corpus.verdicts.yaml if the change is intended`).toEqual(expected);
  });
});
