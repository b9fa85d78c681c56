import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadSupport, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { glob } from 'glob';
import { GuardrailsError, isGuardrailsError } from '../errors.js';
import { packageRoot } from '../version.js';
import { builtInStepsEntry, enableSourceSteps } from './build.js';
import { resolveOwnPackage } from './package-resolve.js';
import type { CucumberEnvironment } from './environment.js';


const libraries = new Map<string, Promise<ISupportCodeLibrary>>();

/**
 * Loads the support code (built-in steps plus a team's own step files) once per process and set of
 * step files. Cucumber registers steps as modules are imported, and Node imports a module only once,
 * so loading the same files twice would give an empty library: every run reuses the first one.
 * The key is the absolute step files, not the working directory: runs from two directories share the
 * built-in steps. Loading happens in the package root, so step definition URIs are relative to it
 * (see `stepDefinitionFile`) whichever run loaded them first.
 */
export async function supportLibrary(
  extraSteps: readonly string[],
  environment: CucumberEnvironment,
  options: { loadTimeoutMs?: number } = {},
): Promise<ISupportCodeLibrary> {
  const teamSteps = extraSteps.map((file) => path.resolve(environment.cwd, file));
  await requireExistingFiles(extraSteps, teamSteps);
  const importPaths = [builtInStepsEntry(), ...teamSteps];
  const key = JSON.stringify(importPaths);
  // Before the cache is consulted: between looking up and storing a library nothing may be awaited,
  // or two concurrent runs would both import the step files, and the second would get no steps.
  await enableSourceSteps();
  if (teamSteps.length > 0) resolveOwnPackage();
  let library = libraries.get(key);
  if (!library) {
    const loading = loadSupport(
      {
        sources: { defaultDialect: 'en', paths: [], names: [], tagExpression: '', order: 'defined' },
        support: { requireModules: [], requirePaths: [], importPaths, loaders: [] },
      },
      { ...environment, cwd: packageRoot() },
    );
    library = (teamSteps.length === 0 ? loading : settleWithin(loading, options.loadTimeoutMs ?? STEP_FILES_LOAD_TIMEOUT_MS, extraSteps)).catch((error: unknown) => {
      // A team step refused at definition (an arrow body, a built-in's phrasing) is named with its file.
      if (error instanceof GuardrailsError && (error.file !== undefined || teamSteps.length === 0)) throw error;
      if (teamSteps.length === 0) throw error;
      if (isGuardrailsError(error)) throw new GuardrailsError(error.code, error.message, { file: extraSteps.join(', '), hint: error.hint, cause: error });
      // Node's SyntaxError for a module does not name the file, so the message names the step files.
      throw new GuardrailsError('FEATURE_INVALID', `the step files ${extraSteps.join(', ')} could not be loaded: ${error instanceof Error ? error.message : String(error)}`, {
        file: extraSteps.length === 1 ? extraSteps[0] : undefined,
        hint: 'Check each file with `node --check FILE`; step files are ES modules that import Given, When and Then from tofu-guardrails.',
        cause: error,
      });
    });
    libraries.set(key, library);
    // A failed load must not poison later attempts with a cached rejection.
    library.catch(() => libraries.delete(key));
  }
  return library;
}

/** How long the team's step files may take to load (a top-level await that never settles would hang the gate). */
export const STEP_FILES_LOAD_TIMEOUT_MS = 30_000;

// A module whose top-level await never settles leaves its import pending forever, and Node may then
// exit as if the run had finished: the timer both keeps the process alive and bounds the wait.
function settleWithin<T>(loading: Promise<T>, timeoutMs: number, files: readonly string[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new GuardrailsError('FEATURE_INVALID', `the step files ${files.join(', ')} did not finish loading within ${timeoutMs / 1000} s (a top-level await that never settles?).`, {
          file: files.length === 1 ? files[0] : undefined,
          hint: 'Step files must only register steps when imported: move waiting work (network, timers) into the steps themselves.',
        }),
      );
    }, timeoutMs);
  });
  return Promise.race([loading, timeout]).finally(() => clearTimeout(timer));
}

// A --steps path must name a file or directory, and a glob must match something: cucumber would
// silently load nothing, and the team's checks would be missing from a run that passes.
async function requireExistingFiles(given: readonly string[], resolved: readonly string[]): Promise<void> {
  for (const [index, file] of resolved.entries()) {
    if (/[*?[\]{}]/.test(given[index]!)) {
      // The same expansion cucumber applies to import paths.
      const matches = await glob(file, { absolute: true, windowsPathsNoEscape: true, nodir: false });
      if (matches.length === 0) {
        throw new GuardrailsError('FILE_NOT_FOUND', `the --steps glob matches no file (resolved to ${file}).`, {
          file: given[index],
          hint: 'Check the glob against the working directory, e.g. --steps "steps/**/*.mjs".',
        });
      }
      continue;
    }
    const found = await stat(file).then(() => true, () => false);
    if (!found) {
      throw new GuardrailsError('FILE_NOT_FOUND', `the step file does not exist (resolved to ${file}).`, {
        file: given[index],
        hint: 'Check the --steps path against the working directory, or quote a glob such as "steps/**/*.mjs".',
      });
    }
  }
}

/** The absolute file of a step definition, from the URI cucumber recorded while loading support code. */
export function stepDefinitionFile(uri: string): string {
  return path.resolve(packageRoot(), uri);
}
