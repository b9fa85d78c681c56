/** Test helpers: read a plan JSON file from the corpus or fixtures as a LoadedPlan and model it. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlanModel } from '../../src/plan/model.js';
import type { LoadedPlan, PlanModel, RawPlan, ResourceInstance } from '../../src/plan/types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const fixturesDir = path.resolve(repoRoot, 'test', 'plan', 'fixtures');

/** Every `.json` file under a directory (only those named `name`, when given); none when it is missing. */
export function jsonFilesUnder(dir: string, name?: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFilesUnder(full, name);
    return entry.name.endsWith('.json') && (name === undefined || entry.name === name) ? [full] : [];
  });
}

/** The plans the repository ships: every guardrail's examples, the example workload and the docs' examples. */
export function examplePlanFiles(): string[] {
  return [
    ...jsonFilesUnder(path.join(repoRoot, 'features'), 'tfplan.json'),
    ...jsonFilesUnder(path.join(repoRoot, 'examples'), 'tfplan.json'),
    ...jsonFilesUnder(path.join(repoRoot, 'docs', 'examples')).filter((file) => file.endsWith('tfplan.json')),
  ];
}

/** The corpus's plans, without the ones under `_negative/` that are broken on purpose; none without the corpus. */
export function corpusPlanFiles(): string[] {
  return jsonFilesUnder(path.join(corpusDir, 'plans')).filter((file) => !file.includes(`${path.sep}_negative${path.sep}`));
}

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
