import path from 'node:path';
import { loadSupport, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { packageRoot } from '../version.js';
import type { CucumberEnvironment } from './environment.js';

/** The compiled entry point that registers the built-in World, parameter types, hooks and steps. */
export function builtInStepsEntry(): string {
  return path.join(packageRoot(), 'dist', 'steps', 'index.js');
}

const libraries = new Map<string, Promise<ISupportCodeLibrary>>();

/**
 * Loads the support code (built-in steps plus a team's own step files) once per process and set of
 * step files. Cucumber registers steps as modules are imported, and Node imports a module only once,
 * so loading the same files twice would give an empty library: every run reuses the first one.
 */
export function supportLibrary(extraSteps: readonly string[], environment: CucumberEnvironment): Promise<ISupportCodeLibrary> {
  const importPaths = [builtInStepsEntry(), ...extraSteps];
  const key = JSON.stringify([environment.cwd, importPaths]);
  let library = libraries.get(key);
  if (!library) {
    library = loadSupport(
      {
        sources: { defaultDialect: 'en', paths: [], names: [], tagExpression: '', order: 'defined' },
        support: { requireModules: [], requirePaths: [], importPaths, loaders: [] },
      },
      environment,
    );
    libraries.set(key, library);
    // A failed load must not poison later attempts with a cached rejection.
    library.catch(() => libraries.delete(key));
  }
  return library;
}
