/**
 * Finding module directories: local sources relative to the calling module, downloaded ones
 * through the manifest `init` writes (`.terraform/modules/modules.json`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';

/** Where `tofu init` / `terraform init` record installed modules, relative to the root directory. */
export const MODULE_MANIFEST = path.join('.terraform', 'modules', 'modules.json');

/** Module key (`a.b` for `module.a.module.b`) → absolute directory, from the manifest; undefined when there is none. */
export async function readModuleManifest(rootAbs: string, rootDisplay: string): Promise<Map<string, string> | undefined> {
  const display = path.join(rootDisplay, MODULE_MANIFEST);
  let text: string;
  try {
    text = await readFile(path.join(rootAbs, MODULE_MANIFEST), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GuardrailsError('SOURCE_MISSING', `cannot read the module manifest: ${(error as Error).message}`, {
      file: display,
      hint: 'Make the file readable, or run `tofu init` again in that directory.',
      cause: error,
    });
  }
  const dirs = new Map<string, string>();
  for (const entry of manifestEntries(text, display)) {
    dirs.set(entry.key, path.resolve(rootAbs, entry.dir));
  }
  return dirs;
}

function manifestEntries(text: string, display: string): { key: string; dir: string }[] {
  const invalid = (what: string, cause?: unknown): GuardrailsError =>
    new GuardrailsError('SOURCE_INVALID', `not a module manifest: ${what}; expected {"Modules":[{"Key":"a","Source":"…","Dir":"…"}]}.`, {
      file: display,
      hint: 'Run `tofu init` again in that directory to rewrite it.',
      cause,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
  const modules = (parsed as { Modules?: unknown } | null)?.Modules;
  if (!Array.isArray(modules)) throw invalid('no "Modules" list');
  return modules.map((entry: unknown, index) => {
    const { Key: key, Dir: dir } = (entry ?? {}) as { Key?: unknown; Dir?: unknown };
    if (typeof key !== 'string' || typeof dir !== 'string') throw invalid(`entry ${index} lacks a string "Key" or "Dir"`);
    return { key, dir };
  });
}

/** True for a source Terraform reads from the local file system (`./x`, `../x`) rather than installs. */
export function isLocalSource(source: string): boolean {
  return /^\.\.?[/\\]/.test(source);
}

/** A module call as the plan's configuration records it. */
export interface PlannedCall {
  source: string | undefined;
  calls: PlannedCalls;
}

export type PlannedCalls = ReadonlyMap<string, PlannedCall>;

/** The plan's `module_calls` tree (`{name: {source, module: {module_calls}}}`), read leniently. */
export function plannedCalls(moduleCalls: unknown): PlannedCalls {
  const calls = new Map<string, PlannedCall>();
  if (moduleCalls === null || typeof moduleCalls !== 'object' || Array.isArray(moduleCalls)) return calls;
  for (const [name, call] of Object.entries(moduleCalls as Record<string, unknown>)) {
    const { source, module } = (call ?? {}) as { source?: unknown; module?: { module_calls?: unknown } };
    calls.set(name, {
      source: typeof source === 'string' ? source : undefined,
      calls: plannedCalls(module?.module_calls),
    });
  }
  return calls;
}
