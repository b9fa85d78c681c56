import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import type { GherkinDocument } from '@cucumber/messages';
import { editDistance, nearMisses } from '../checks/spelling.js';
import type { PlanModel } from '../plan/types.js';
import { GuardrailsError } from '../errors.js';
import type { RunCollector } from './collect.js';

const GLOB_CHARACTERS = /[*?[\]{}]/;

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

/** Throws a usage error (exit 2) for a --tags expression cucumber cannot parse, before anything runs. */
export function requireValidTags(tags: string | undefined): void {
  if (tags === undefined || tags.trim() === '') return;
  try {
    parseTagExpression(tags);
  } catch (error) {
    throw new GuardrailsError('USAGE', `the tag expression "${tags}" is not valid: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Write tags joined by and, or, not and parentheses, e.g. --tags "@enforce and not @id:audit-trail".',
    });
  }
}

/**
 * Throws when a --features path names a file that is not a `.feature` file, or nothing at all: cucumber
 * would crash on the one and silently skip the other. Globs are left to cucumber (and to
 * requireFeatureFiles, when they match nothing).
 */
export async function requireFeaturePaths(features: readonly string[], cwd: string): Promise<void> {
  for (const feature of features) {
    if (GLOB_CHARACTERS.test(feature)) continue;
    // cucumber accepts `path/to/file.feature:12` to run the scenario at a line.
    const file = feature.replace(/(:\d+)+$/, '');
    const info = await stat(path.resolve(cwd, file)).catch(() => undefined);
    if (!info) {
      throw new GuardrailsError('FILE_NOT_FOUND', 'does not exist.', {
        file,
        hint: 'Check the --features paths (files, directories or globs of .feature files) against the working directory.',
      });
    }
    if (!info.isDirectory() && !file.endsWith('.feature')) {
      throw new GuardrailsError('FEATURE_INVALID', 'is not a .feature file.', {
        file,
        hint: 'Give --features the guardrails: .feature files, directories holding them, or a glob such as "features/**/*.feature".',
      });
    }
  }
}

/** Throws on the first problem that makes the run's results untrustworthy: parse errors, duplicate ids, undefined or ambiguous steps. */
export function validateRun(collector: RunCollector, cwd: string, isBuiltInStep: (stepDefinitionId: string) => boolean = () => false): void {
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
  for (const document of collector.documents) checkJudgesSomething(document, collector.sources.get(document.uri ?? ''), cwd);
  checkDuplicateIds(collector, cwd);
  checkStepsMatch(collector, cwd);
  checkScenariosHaveThen(collector, cwd);
  checkBuiltInStepArguments(collector, cwd, isBuiltInStep);
}

// A keyword Gherkin did not recognise (`Scenario s:`, `Scenaro:`) makes the block plain description
// text: the guardrail would judge nothing and pass. Lines in a description that start like a keyword
// are refused; prose rarely starts a line with one of these words capitalised.
const KEYWORD_LIKE = /^(Feature|Rule|Background|Scenario|Scenario Outline|Scenario Template|Example|Examples|Scenarios|Given|When|Then)\b/;

/** A feature file must hold a Feature with at least one scenario, and no keyword lost in its description. */
function checkJudgesSomething(document: GherkinDocument, source: string | undefined, cwd: string): void {
  const uri = displayUri(document.uri ?? '', cwd);
  const feature = document.feature;
  if (!feature) {
    throw new GuardrailsError('FEATURE_INVALID', 'holds no Feature, so it judges nothing.', {
      file: `${uri}:1`,
      hint: 'A guardrail file starts with an @id tag and `Feature:`, followed by at least one `Scenario:` with Given and Then steps.',
    });
  }
  const descriptions: Array<{ text: string; line: number }> = [{ text: feature.description, line: feature.location.line + 1 }];
  let scenarios = 0;
  const visit = (children: ReadonlyArray<{ scenario?: Block; background?: Block; rule?: { description: string; location: { line: number }; children: ReadonlyArray<unknown> } }>): void => {
    for (const child of children) {
      if (child.scenario) scenarios += 1;
      const block = child.scenario ?? child.background;
      if (block) descriptions.push({ text: block.description, line: block.location.line + 1 });
      if (child.rule) {
        descriptions.push({ text: child.rule.description, line: child.rule.location.line + 1 });
        visit(child.rule.children as Parameters<typeof visit>[0]);
      }
    }
  };
  visit(feature.children);
  for (const { text, line } of descriptions) {
    for (const [offset, raw] of text.split('\n').entries()) {
      const keyword = KEYWORD_LIKE.exec(raw.trim())?.[1];
      if (!keyword) continue;
      throw new GuardrailsError('FEATURE_INVALID', `the line "${raw.trim().slice(0, 80)}" reads as description text, not as a Gherkin ${keyword} (a misspelt keyword or a missing colon?).`, {
        file: `${uri}:${lineOf(source, raw, line + offset)}`,
        hint: 'Spell the keyword exactly, followed by a colon where it takes one: `Scenario:`, `Background:`, `Given ...`, `Then ...`.',
      });
    }
  }
  if (scenarios === 0) {
    throw new GuardrailsError('FEATURE_INVALID', `feature "${feature.name}" has no scenarios, so it judges nothing.`, {
      file: `${uri}:${feature.location.line}`,
      hint: 'Add at least one `Scenario:` with Given and Then steps; check the spelling of `Scenario:`.',
    });
  }
}

interface Block {
  description: string;
  location: { line: number };
}

// A description's first line is not always the line after its keyword (blank lines are skipped):
// find the line in the source, from the estimate on.
function lineOf(source: string | undefined, text: string, estimate: number): number {
  const lines = source?.split('\n') ?? [];
  for (let index = Math.max(0, estimate - 1); index < lines.length; index++) {
    if (lines[index]!.trim() === text.trim()) return index + 1;
  }
  return estimate;
}

/** Every scenario must judge: a scenario without a Then step selects and never checks, and would pass. */
function checkScenariosHaveThen(collector: RunCollector, cwd: string): void {
  for (const pickle of collector.pickles) {
    if (pickle.steps.some((step) => step.type === 'Outcome')) continue;
    const line = collector.astScenarios.get(pickle.astNodeIds[0] ?? '')?.line;
    throw new GuardrailsError('FEATURE_INVALID', `scenario "${pickle.name}" has no Then step, so it judges nothing.`, {
      file: `${displayUri(pickle.uri, cwd)}${line ? `:${line}` : ''}`,
      hint: 'End the scenario with at least one `Then ...` step stating what must hold (`guardrails steps` lists them).',
    });
  }
}

/** Built-in steps take their values inline: a data table or doc string under one would be ignored or crash. */
function checkBuiltInStepArguments(collector: RunCollector, cwd: string, isBuiltInStep: (stepDefinitionId: string) => boolean): void {
  for (const pickle of collector.pickles) {
    const testCase = collector.testCases.get(pickle.id);
    for (const pickleStep of pickle.steps) {
      if (!pickleStep.argument) continue;
      const definitions = testCase?.testSteps.find((step) => step.pickleStepId === pickleStep.id)?.stepDefinitionIds ?? [];
      if (!definitions.some(isBuiltInStep)) continue;
      const line = collector.astSteps.get(pickleStep.astNodeIds[0] ?? '')?.line;
      const kind = pickleStep.argument.dataTable ? 'a data table' : 'a doc string';
      throw new GuardrailsError('FEATURE_INVALID', `step "${pickleStep.text}" has ${kind}, which built-in steps do not take.`, {
        file: `${displayUri(pickle.uri, cwd)}${line ? `:${line}` : ''}`,
        hint: 'Write the values in the step itself (e.g. a list as "a", "b"); `guardrails steps` shows each step with an example.',
      });
    }
  }
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

/**
 * Warnings by feature file (as displayed): a resource type a step names that selects nothing while a
 * type within a typo of it is in the plan (`aws_s3_buckt`). Not an error: the guardrail is rightly
 * not-applicable when the type is truly absent, but a misspelt type would make it so forever.
 */
export function typeWarnings(collector: RunCollector, plan: PlanModel, cwd: string): Map<string, string[]> {
  const planTypes = Object.keys(plan.stats.byType);
  const warnings = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const pickle of collector.pickles) {
    const testCase = collector.testCases.get(pickle.id);
    if (!testCase) continue;
    const uri = displayUri(pickle.uri, cwd);
    for (const testStep of testCase.testSteps) {
      for (const argument of testStep.stepMatchArgumentsLists?.[0]?.stepMatchArguments ?? []) {
        if (argument.parameterTypeName !== 'type' && argument.parameterTypeName !== 'types') continue;
        // `{type}` captures the name; `{types}` is the quoted list as written: "a" or "b".
        const written = argument.parameterTypeName === 'type' ? [argument.group.children?.[0]?.value ?? argument.group.value?.replace(/^"|"$/g, '')] : [...(argument.group.value ?? '').matchAll(/"([^"]*)"/g)].map((match) => match[1]);
        for (const type of written) {
          if (!type || plan.resourcesOfType(type).length > 0) continue;
          const near = nearMisses(type, planTypes);
          if (near.length === 0) continue;
          const pickleStep = pickle.steps.find((step) => step.id === testStep.pickleStepId);
          const line = collector.astSteps.get(pickleStep?.astNodeIds[0] ?? '')?.line;
          const message = `${uri}${line ? `:${line}` : ''}: "${type}" selects nothing in this plan; did you mean "${near[0]}"?`;
          if (seen.has(message)) continue;
          seen.add(message);
          warnings.set(uri, [...(warnings.get(uri) ?? []), message]);
        }
      }
    }
  }
  return warnings;
}
