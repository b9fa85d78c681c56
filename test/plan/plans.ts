/** Test helpers: read a plan JSON file from the corpus or fixtures as a LoadedPlan and model it. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlanModel } from '../../src/plan/model.js';
import type { LoadedPlan, PlanModel, RawPlan, ResourceInstance } from '../../src/plan/types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const fixturesDir = path.resolve(repoRoot, 'test', 'plan', 'fixtures');

/** Reads a JSON plan file as the loader would hand it over. */
export function loadedFromFile(file: string): LoadedPlan {
  const text = fs.readFileSync(file, 'utf8');
  return { displayPath: path.relative(repoRoot, file), raw: JSON.parse(text) as RawPlan, bytes: Buffer.byteLength(text), origin: 'json' };
}

/** Models a plan file under the corpus (path relative to ../shared/corpus). */
export function corpusModel(relative: string): PlanModel {
  return buildPlanModel(loadedFromFile(path.join(corpusDir, relative)));
}

/** A resource instance with only the value trees set, for tri-state read tests. */
export function instanceWith(trees: { values?: Record<string, unknown>; unknown?: unknown; sensitive?: unknown }): ResourceInstance {
  return {
    address: 'aws_s3_bucket.test',
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: 'test',
    index: undefined,
    moduleAddress: '',
    configAddress: 'aws_s3_bucket.test',
    providerName: 'registry.terraform.io/hashicorp/aws',
    actions: ['create'],
    change: 'create',
    actionReason: undefined,
    previousAddress: undefined,
    deposed: undefined,
    values: trees.values ?? {},
    unknown: trees.unknown ?? {},
    sensitive: trees.sensitive ?? {},
    before: null,
    after: trees.values ?? {},
    readAtPlan: false,
    config: undefined,
  };
}
