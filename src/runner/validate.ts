import path from 'node:path';
import { GuardrailsError } from '../errors.js';
import type { RunCollector } from './collect.js';

const ID_TAG = /^@id:([a-z0-9][a-z0-9._-]*)$/;

/** A feature's guardrail id from its `@id:<id>` tag; throws when it has none, several, or a malformed one. */
export function guardrailId(uri: string, featureName: string, tags: readonly string[], line: number): string {
  const idTags = tags.filter((tag) => tag.startsWith('@id:'));
  const where = `${uri}:${line}`;
  if (idTags.length === 0) {
    throw new GuardrailsError('FEATURE_INVALID', `feature "${featureName}" has no @id tag.`, {
      file: where,
      hint: 'Every guardrail needs a unique id: add a tag line such as `@id:state-bucket-kms-only` above `Feature:`.',
    });
  }
  if (idTags.length > 1) {
    throw new GuardrailsError('FEATURE_INVALID', `feature "${featureName}" has ${idTags.length} @id tags (${idTags.join(', ')}).`, {
      file: where,
      hint: 'Keep exactly one @id tag per feature: one feature file is one guardrail.',
    });
  }
  const match = ID_TAG.exec(idTags[0]!);
  if (!match) {
    throw new GuardrailsError('FEATURE_INVALID', `the tag ${idTags[0]} is not a valid guardrail id.`, {
      file: where,
      hint: 'Ids are lower-case letters, digits, dots, dashes and underscores, e.g. @id:provider-no-profile.',
    });
  }
  return match[1]!;
}

/**
 * Throws when the feature paths gave no feature file at all: a mistyped --features path must not
 * turn the gate into a run that checks nothing and passes.
 */
export function requireFeatureFiles(collector: RunCollector, features: readonly string[], cwd: string): void {
  if (collector.documents.length > 0 || collector.parseErrors.length > 0) return;
  throw new GuardrailsError('FILE_NOT_FOUND', `no feature files found in ${features.map((feature) => displayUri(feature, cwd)).join(', ')}.`, {
    file: features.length === 1 ? displayUri(features[0]!, cwd) : undefined,
    hint: 'Check the --features paths (files, directories or globs of .feature files) against the working directory.',
  });
}

/** Throws on the first problem that makes the run's results untrustworthy: parse errors, duplicate ids, undefined or ambiguous steps. */
export function validateRun(collector: RunCollector, cwd: string): void {
  const parseError = collector.parseErrors[0];
  if (parseError) {
    throw new GuardrailsError('FEATURE_INVALID', `is not valid Gherkin: ${parseError.message}`, {
      file: `${displayUri(parseError.uri, cwd)}${parseError.line ? `:${parseError.line}` : ''}`,
      hint: 'Fix the feature file syntax (see the Gherkin reference: Feature, Scenario, Given/When/Then).',
    });
  }
  const undefinedType = collector.undefinedParameterTypes[0];
  if (undefinedType) {
    throw new GuardrailsError(
      'STEP_UNDEFINED',
      `a step definition uses the undefined parameter type {${undefinedType.name}} in "${undefinedType.expression}".`,
      { hint: 'Define the parameter type, or use one of the built-in types listed by `guardrails steps`.' },
    );
  }
  checkDuplicateIds(collector, cwd);
  checkStepsMatch(collector, cwd);
}

function checkDuplicateIds(collector: RunCollector, cwd: string): void {
  const seen = new Map<string, string>();
  for (const document of collector.documents) {
    const feature = document.feature;
    if (!feature) continue;
    const uri = displayUri(document.uri ?? '', cwd);
    const id = guardrailId(uri, feature.name, feature.tags.map((tag) => tag.name), feature.location.line);
    const first = seen.get(id);
    if (first) {
      throw new GuardrailsError('FEATURE_INVALID', `duplicate guardrail id "${id}": already used by ${first}.`, {
        file: `${uri}:${feature.location.line}`,
        hint: 'Guardrail ids must be unique across all features of a run; rename one of them.',
      });
    }
    seen.set(id, `${uri}:${feature.location.line}`);
  }
}

function checkStepsMatch(collector: RunCollector, cwd: string): void {
  const expressions = [...collector.stepDefinitions.values()].map((definition) => definition.pattern.source);
  for (const pickle of collector.pickles) {
    const testCase = collector.testCases.get(pickle.id);
    if (!testCase) continue;
    for (const testStep of testCase.testSteps) {
      if (!testStep.pickleStepId || !testStep.stepDefinitionIds) continue;
      const pickleStep = pickle.steps.find((step) => step.id === testStep.pickleStepId);
      if (!pickleStep) continue;
      const line = collector.astSteps.get(pickleStep.astNodeIds[0] ?? '')?.line;
      const file = `${displayUri(pickle.uri, cwd)}${line ? `:${line}` : ''}`;
      if (testStep.stepDefinitionIds.length === 0) {
        const suggestions = closestExpressions(pickleStep.text, expressions, 3);
        throw new GuardrailsError('STEP_UNDEFINED', `no step matches "${pickleStep.text}".`, {
          file,
          hint:
            suggestions.length > 0
              ? `Closest known steps: ${suggestions.map((expression) => `"${expression}"`).join('; ')}. Run \`guardrails steps\` for the full list.`
              : 'Run `guardrails steps` for the list of steps.',
        });
      }
      if (testStep.stepDefinitionIds.length > 1) {
        const matching = testStep.stepDefinitionIds.map((id) => collector.stepDefinitions.get(id)?.pattern.source ?? id);
        throw new GuardrailsError('STEP_AMBIGUOUS', `"${pickleStep.text}" matches ${matching.length} steps: ${matching.map((m) => `"${m}"`).join(', ')}.`, {
          file,
          hint: 'Reword the step, or change one of the step definitions so that only one matches.',
        });
      }
    }
  }
}

/** A feature URI as shown to the user: relative to the working directory when inside it. */
export function displayUri(uri: string, cwd: string): string {
  const absolute = path.resolve(cwd, uri);
  const relative = path.relative(cwd, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join('/');
}

/** Known step expressions closest to a step text, by edit distance once quoted values and parameters are blanked. */
export function closestExpressions(text: string, expressions: readonly string[], count: number): string[] {
  const shape = (value: string): string =>
    value
      .replace(/"[^"]*"/g, '""')
      .replace(/\{[^}]*\}/g, '""')
      .replace(/\/[^/]+\/[a-z]*/g, '""')
      .replace(/\b\d+\b/g, '""')
      .toLowerCase();
  const target = shape(text);
  return [...new Set(expressions)]
    .map((expression) => ({ expression, distance: editDistance(target, shape(expression)) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count)
    .map((entry) => entry.expression);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
