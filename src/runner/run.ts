import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';
import { runCucumber } from '@cucumber/cucumber/api';
import type { GuardrailResult } from '../report/types.js';
import { packageRoot } from '../version.js';
import { RunCollector } from './collect.js';
import { builtInStepsDir } from './build.js';
import { cucumberEnvironment } from './environment.js';
import { worldParametersFor } from './outcome.js';
import { assembleResults } from './results.js';
import { stepDefinitionFile, supportLibrary } from './support.js';
import type { GuardrailRunOptions } from './types.js';
import { requireFeaturePaths, requireFeatureFiles, requireValidTags, typeWarnings, validateRun } from './validate.js';

/** The bundled guardrail catalogue. */
export function bundledFeatures(): string {
  return path.join(packageRoot(), 'features');
}

/** The tag of the bundled starter library (`features/library/`), which runs only when asked for. */
export const LIBRARY_TAG = '@library';

/**
 * What a run evaluates: the features asked for, or else the bundled catalogue without its starter
 * library; a tag expression given is used as it is, so `--tags @library` (or one library id) opts in.
 */
export function guardrailSelection(features: readonly string[] | undefined, tags: string | undefined): { features: string[]; tags?: string } {
  if (features !== undefined) return { features: [...features], ...(tags !== undefined ? { tags } : {}) };
  return { features: [bundledFeatures()], tags: tags ?? `not ${LIBRARY_TAG}` };
}

/**
 * Evaluates guardrails (feature files) against one plan with cucumber's programmatic API. The plan
 * and sources are modelled once by the caller and shared by every scenario; support code is loaded
 * once per process. Throws GuardrailsError for invalid features and undefined or ambiguous steps.
 */
export async function evaluateGuardrails(options: GuardrailRunOptions, env: Readonly<Record<string, string | undefined>> = {}): Promise<GuardrailResult[]> {
  requireValidTags(options.tags);
  await requireFeaturePaths(options.features, options.cwd);
  const environment = cucumberEnvironment(options.cwd, env);
  const support = await supportLibrary(options.steps ?? [], environment);
  const collector = new RunCollector();
  await runCucumber(
      {
        sources: { defaultDialect: 'en', paths: options.features, names: [], tagExpression: options.tags ?? '', order: 'defined' },
        support,
        runtime: {
          dryRun: false,
          failFast: false,
          filterStacktraces: true,
          parallel: 0,
          retry: 0,
          retryTagFilter: '',
          strict: true,
          worldParameters: worldParametersFor(randomUUID(), { plan: options.plan, sources: options.sources, changeScope: options.changeScope }),
        },
        // Cucumber needs a formatter on stdout, whose output is discarded (see environment.ts): the
        // rerun formatter only lists failed scenarios, where the default summary formats durations
        // with luxon, about 70 ms of locale set-up on every run.
        formats: { stdout: 'rerun', files: {}, publish: false, options: {} },
      },
      environment,
      collector.onMessage,
    );
  requireFeatureFiles(collector, options.features, options.cwd);
  // Team steps register through steps/team, the public step API, which lies among the built-in steps.
  const isBuiltInStep = (id: string): boolean => {
    const uri = collector.stepDefinitions.get(id)?.sourceReference.uri;
    return isWithin(uri, builtInStepsDir) && !/^team\.[jt]s$/.test(path.basename(uri ?? ''));
  };
  validateRun(collector, options.cwd, isBuiltInStep);
  const results = assembleResults(collector, collector.outcomes, {
    cwd: options.cwd,
    observeAll: options.mode === 'observe-all',
    isBuiltInStep,
  });
  const warnings = typeWarnings(collector, options.plan, options.cwd);
  for (const result of results) {
    const found = warnings.get(result.uri);
    if (found) result.warnings = found;
  }
  if (results.length === 0 && options.tags) {
    // A mistyped id in a pipeline must not turn the gate into a no-op.
    throw new GuardrailsError('USAGE', `the tag expression "${options.tags}" selects no guardrail.`, {
      hint: 'Check the tags against the features (e.g. @id:state-bucket-kms-only, @enforce, @observe).',
    });
  }
  return results;
}

function isWithin(file: string | undefined, directory: string): boolean {
  if (!file) return false;
  const relative = path.relative(directory, stepDefinitionFile(file));
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
