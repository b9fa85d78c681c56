import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { GuardrailsError } from '../errors.js';
import { readInputText } from '../io/read-input.js';
import { packageRoot } from '../version.js';
import { artifactPathProblem } from './gitlab-client.js';

/** Where a GitLab-hosted workload's plan lives: one job's artifacts on the latest successful pipeline of a ref. */
export interface GitLabLocation {
  project: string;
  ref: string;
  job: string;
  artifact: string;
  sourceArtifact: string | undefined;
  /** The sources are the repository archive at the commit of the pipeline that produced the plan. */
  sourceFromRepository: boolean;
}

/** One registered workload, in registry order. */
export interface RegisteredWorkload {
  /** 0-based position in the registry; shards and merges keep it. */
  index: number;
  name: string;
  /** What the registry says about it, for reports (`registryIndex`, `plan` or `project`/`ref`/`job`/...). */
  metadata: Record<string, string>;
  /** GitLab usernames or group paths (without @); empty when the registry names none. */
  owners: string[];
  /** Local plan and sources, resolved against the registry file's directory. */
  local?: { plan: string; source: string | undefined };
  gitlab?: GitLabLocation;
}

export interface WorkloadRegistry {
  /** The registry file as the user named it. */
  file: string;
  /** sha256 of the registry text: shards of different registries must not be merged. */
  digest: string;
  workloads: RegisteredWorkload[];
}

const example = `workloads:
  - name: payments
    plan: plans/payments/tfplan.json
    source: plans/payments/src
  - name: identity
    gitlab: { project: platform/identity, ref: main, job: tofu-plan, artifact: tfplan.json }
    owners: [alice, platform/identity-team]`;

/** Reads, parses and validates a workloads registry (schema/workloads.schema.json); problems are CONFIG_INVALID. */
export async function loadRegistry(file: string, cwd: string): Promise<WorkloadRegistry> {
  const absolute = path.resolve(cwd, file);
  const text = await readInputText(absolute, {
    display: file,
    kind: 'config',
    expected: 'a workloads registry (YAML)',
    missingHint: 'Pass the registry with --workloads; it is resolved against the working directory.',
  });
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw invalid(file, `is not valid YAML (${(error as Error).message.split('\n')[0]})`, error);
  }
  await validateDocument(document, file);
  const entries = (document as { workloads: RawWorkload[] }).workloads;
  checkUniqueNames(entries, file);
  checkArtifactPaths(entries, file);
  const baseDir = path.dirname(absolute);
  return {
    file,
    digest: createHash('sha256').update(text).digest('hex'),
    workloads: entries.map((entry, index) => toWorkload(entry, index, baseDir)),
  };
}

interface RawWorkload {
  name: string;
  owners?: string[];
  plan?: string;
  source?: string;
  gitlab?: { project: string | number; ref: string; job: string; artifact: string; source_artifact?: string; source?: 'repository' };
}

function toWorkload(entry: RawWorkload, index: number, baseDir: string): RegisteredWorkload {
  if (entry.gitlab !== undefined) {
    const g = entry.gitlab;
    const metadata: Record<string, string> = { registryIndex: String(index), project: String(g.project), ref: g.ref, job: g.job, artifact: g.artifact };
    if (g.source_artifact !== undefined) metadata.source_artifact = g.source_artifact;
    if (g.source !== undefined) metadata.source = g.source;
    return {
      index,
      name: entry.name,
      metadata,
      owners: entry.owners ?? [],
      gitlab: { project: String(g.project), ref: g.ref, job: g.job, artifact: g.artifact, sourceArtifact: g.source_artifact, sourceFromRepository: g.source === 'repository' },
    };
  }
  const metadata: Record<string, string> = { registryIndex: String(index), plan: entry.plan as string };
  if (entry.source !== undefined) metadata.source = entry.source;
  return {
    index,
    name: entry.name,
    metadata,
    owners: entry.owners ?? [],
    local: {
      plan: path.resolve(baseDir, entry.plan as string),
      source: entry.source === undefined ? undefined : path.resolve(baseDir, entry.source),
    },
  };
}

let compiled: ReturnType<Ajv2020['compile']> | undefined;

async function validateDocument(document: unknown, file: string): Promise<void> {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    const schemaText = await readFile(path.join(packageRoot(), 'schema', 'workloads.schema.json'), 'utf8');
    compiled = ajv.compile(JSON.parse(schemaText) as object);
  }
  if (compiled(document)) return;
  throw invalid(file, describe(compiled.errors ?? [], document));
}

/** Turns ajv's errors into one sentence naming the workload (index and name) and the field. */
function describe(errors: readonly ErrorObject[], document: unknown): string {
  // Errors inside a oneOf branch only make sense together; the plan-or-gitlab rule is stated directly.
  const choice = errors.find((e) => /^\/workloads\/\d+$/.test(e.instancePath) && e.keyword === 'oneOf');
  const specific = errors.find(
    (e) => !['oneOf', 'not', 'anyOf', 'required'].includes(e.keyword) || (e.keyword === 'required' && !e.schemaPath.includes('oneOf')) || (e.keyword === 'not' && e.instancePath.endsWith('/gitlab')),
  );
  const error = specific ?? choice ?? errors[0];
  if (error === undefined) return 'does not match the workloads schema';
  const [, top, indexText, ...rest] = error.instancePath.split('/');
  if (top !== 'workloads' || indexText === undefined) {
    const unknownKey = errors.find((e) => e.instancePath === '' && e.keyword === 'additionalProperties');
    if (unknownKey !== undefined) return `has an unknown top-level key \`${String(unknownKey.params.additionalProperty)}\`; expected only \`workloads\``;
    if (error.keyword === 'required' || error.keyword === 'type') return 'has no `workloads:` list; expected a mapping with a `workloads` list';
    return `\`workloads\` is not a list; expected a list of workloads`;
  }
  const index = Number(indexText);
  const entry = (document as { workloads: unknown[] }).workloads[index];
  const name = typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string' ? ` (${(entry as { name: string }).name})` : '';
  const where = `workload #${index + 1}${name}`;
  if (error === choice || (error.keyword === 'required' && error.schemaPath.includes('oneOf'))) {
    return `${where} needs exactly one of \`plan\` (a local plan file, optionally with \`source\`) or \`gitlab\` (project, ref, job, artifact)`;
  }
  const field = [...rest, ...fieldOf(error)].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  const value = rest.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), entry);
  const echoed = ['additionalProperties', 'required', 'not'].includes(error.keyword) ? '' : ` is ${JSON.stringify(value)};`;
  return `${where}: \`${field}\`${echoed} ${expectation(error)}`;
}

function fieldOf(error: ErrorObject): string[] {
  if (error.keyword === 'required') return [String(error.params.missingProperty)];
  if (error.keyword === 'additionalProperties') return [String(error.params.additionalProperty)];
  return [];
}

function expectation(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is missing';
    case 'additionalProperties':
      return 'is not a known field (expected name, owners, plan, source, gitlab; in gitlab: project, ref, job, artifact, source_artifact, source)';
    case 'pattern':
      if (/\/owners\/\d+$/.test(error.instancePath)) return 'expected a GitLab username or group path without `@` (letters, digits, `_`, `.`, `-`, groups separated by `/`)';
      return error.instancePath.endsWith('/name')
        ? 'expected letters, digits, `.`, `_`, `-` or `/`, starting with a letter or digit'
        : 'expected a project path like `group/project` or a numeric project id';
    case 'not':
      return 'names its sources twice; expected either `source: repository` or `source_artifact`, not both';
    case 'const':
      return 'expected `repository` (the repository archive at the commit of the plan\'s pipeline)';
    case 'minItems':
      return 'expected a non-empty list (leave the field out when nobody is named)';
    case 'uniqueItems':
      return 'names someone twice; expected each owner once';
    default:
      return `expected it to ${error.message ?? 'match the schema'}`;
  }
}

function checkUniqueNames(entries: readonly RawWorkload[], file: string): void {
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const first = seen.get(entry.name);
    if (first !== undefined) {
      throw invalid(file, `workload #${index + 1} (${entry.name}): \`name\` repeats workload #${first + 1}; expected unique names`);
    }
    seen.set(entry.name, index);
  });
}

/** Artifact paths become URL paths sent with the token: only plain relative paths are accepted. */
function checkArtifactPaths(entries: readonly RawWorkload[], file: string): void {
  entries.forEach((entry, index) => {
    const location = entry.gitlab;
    if (location === undefined) return;
    for (const [field, value] of [['artifact', location.artifact], ['source_artifact', location.source_artifact]] as const) {
      const problem = value === undefined ? undefined : artifactPathProblem(value);
      if (problem !== undefined) throw invalid(file, `workload #${index + 1} (${entry.name}): \`gitlab.${field}\` ${JSON.stringify(value)} is refused: ${problem}; expected a plain relative path inside the job's artifacts`);
    }
    if (location.ref === '.' || location.ref === '..') throw invalid(file, `workload #${index + 1} (${entry.name}): \`gitlab.ref\` ${JSON.stringify(location.ref)} is not a branch or tag name`);
  });
}

function invalid(file: string, what: string, cause?: unknown): GuardrailsError {
  return new GuardrailsError('CONFIG_INVALID', `${what}.`, {
    file,
    hint: `Fix the registry; each workload names either a local plan or a GitLab job artifact, e.g.\n${example}`,
    cause,
  });
}
