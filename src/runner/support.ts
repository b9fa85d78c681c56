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
 * The key is the absolute step files, not the working directory: runs from two directories share the
 * built-in steps. Loading happens in the package root, so step definition URIs are relative to it
 * (see `stepDefinitionFile`) whichever run loaded them first.
 */
export function supportLibrary(extraSteps: readonly string[], environment: CucumberEnvironment): Promise<ISupportCodeLibrary> {
  const importPaths = [builtInStepsEntry(), ...extraSteps.map((file) => path.resolve(environment.cwd, file))];
  const key = JSON.stringify(importPaths);
  let library = libraries.get(key);
  if (!library) {
    library = loadSupport(
      {
        sources: { defaultDialect: 'en', paths: [], names: [], tagExpression: '', order: 'defined' },
        support: { requireModules: [], requirePaths: [], importPaths, loaders: [] },
      },
      { ...environment, cwd: packageRoot() },
    );
    libraries.set(key, library);
    // A failed load must not poison later attempts with a cached rejection.
    library.catch(() => libraries.delete(key));
  }
  return library;
}

/** The absolute file of a step definition, from the URI cucumber recorded while loading support code. */
export function stepDefinitionFile(uri: string): string {
  return path.resolve(packageRoot(), uri);
}
