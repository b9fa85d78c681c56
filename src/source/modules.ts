/**
 * Finding module directories: local sources relative to the calling module, downloaded ones
 * through the manifest `init` writes (`.terraform/modules/modules.json`).
 */
import path from 'node:path';
import { GuardrailsError, isGuardrailsError } from '../errors.js';
import { readInputText } from '../io/read-input.js';

/** Where `tofu init` / `terraform init` record installed modules, relative to the root directory. */
export const MODULE_MANIFEST = path.join('.terraform', 'modules', 'modules.json');

/** Module key (`a.b` for `module.a.module.b`) → absolute directory, from the manifest; undefined when there is none. */
export async function readModuleManifest(rootAbs: string, rootDisplay: string): Promise<Map<string, string> | undefined> {
  const display = path.join(rootDisplay, MODULE_MANIFEST);
  let text: string;
  try {
    text = await readInputText(path.join(rootAbs, MODULE_MANIFEST), {
      display,
      kind: 'source',
      expected: 'the module manifest `tofu init` writes',
      missingHint: 'Run `tofu init` again in that directory.',
      unreadableCode: 'SOURCE_MISSING',
    });
  } catch (error) {
    // No manifest: no module was installed by init, only local sources are followed.
    if (isGuardrailsError(error) && error.code === 'FILE_NOT_FOUND') return undefined;
    throw error;
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
    // The engine's message would quote the file's text.
    throw invalid('it is not JSON', error);
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
