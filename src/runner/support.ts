import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadSupport, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { GuardrailsError } from '../errors.js';
import { packageRoot } from '../version.js';
import { builtInStepsEntry, enableSourceSteps } from './build.js';
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
export async function supportLibrary(extraSteps: readonly string[], environment: CucumberEnvironment): Promise<ISupportCodeLibrary> {
  const teamSteps = extraSteps.map((file) => path.resolve(environment.cwd, file));
  await requireExistingFiles(extraSteps, teamSteps);
  const importPaths = [builtInStepsEntry(), ...teamSteps];
  const key = JSON.stringify(importPaths);
  // Before the cache is consulted: between looking up and storing a library nothing may be awaited,
  // or two concurrent runs would both import the step files, and the second would get no steps.
  await enableSourceSteps();
  let library = libraries.get(key);
  if (!library) {
    library = loadSupport(
      {
        sources: { defaultDialect: 'en', paths: [], names: [], tagExpression: '', order: 'defined' },
        support: { requireModules: [], requirePaths: [], importPaths, loaders: [] },
      },
      { ...environment, cwd: packageRoot() },
    ).catch((error: unknown) => {
      if (teamSteps.length === 0) throw error;
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

// A --steps path without glob characters must name a file or directory: cucumber would silently load nothing.
async function requireExistingFiles(given: readonly string[], resolved: readonly string[]): Promise<void> {
  for (const [index, file] of resolved.entries()) {
    if (/[*?[\]{}]/.test(given[index]!)) continue;
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
