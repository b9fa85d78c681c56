/**
 * Loading a configuration's `.tf` sources: the root module and every module it calls, read and
 * parsed but never evaluated (sources are untrusted input).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';
import { readInputText } from '../io/read-input.js';
import { tooDeepError, valueNestingExceeds } from '../io/nesting.js';
import type { BackendBlock, Lifecycle, SourceLocation, SourceModel, SourceModule, SourceProviderBlock } from './types.js';
import { extractModule, type ModuleCall, type ParsedFile } from './extract.js';
import { MODULE_MANIFEST, isLocalSource, plannedCalls, readModuleManifest, type PlannedCalls } from './modules.js';
import { parseConfigFile } from './parse.js';
import { evaluateJsonencode, type WrittenEvaluation } from './jsonencode.js';

export interface LoadSourcesOptions {
  /** Module calls from the plan's configuration (configuration.root_module.module_calls, recursive), used to
   *  find module directories when present; sources are still found without them by reading `module` blocks. */
  moduleCalls?: unknown;
  /** Directory a relative `rootDir` is resolved against; the working directory when omitted. */
  cwd?: string;
}

const SOURCE_HINT = 'Pass the directory holding the planned configuration\'s .tf files with --source DIR.';

/** Reads the root module at `rootDir` and every module it calls into a SourceModel. */
export async function loadSources(rootDir: string, options: LoadSourcesOptions = {}): Promise<SourceModel> {
  const loader = new SourceLoader(rootDir, path.resolve(options.cwd ?? '', rootDir));
  const rootFiles = await loader.configFiles(loader.rootAbs, rootDir);
  if (rootFiles.length === 0) {
    throw new GuardrailsError('SOURCE_MISSING', `no .tf or .tf.json files in "${rootDir}"; expected the root module of the planned configuration.`, {
      file: rootDir,
      hint: SOURCE_HINT,
    });
  }
  await loader.walk({ modulePath: '', key: '', absDir: loader.rootAbs, planned: plannedCalls(options.moduleCalls), ancestors: [] });
  return loader.model();
}

interface ModuleVisit {
  modulePath: string;
  /** The manifest's key for the module: call names joined by `.`, `` for root. */
  key: string;
  absDir: string;
  /** The `source` of the call that led here, for messages; undefined for root. */
  source?: string | undefined;
  planned: PlannedCalls;
  /** Directories of the calling modules, to refuse a module that calls itself. */
  ancestors: readonly string[];
}

class SourceLoader {
  readonly rootAbs: string;
  private readonly modules: SourceModule[] = [];
  private readonly lifecycles = new Map<string, Lifecycle>();
  private readonly encodedPolicies = new Map<string, Map<string, WrittenEvaluation>>();
  private readonly declared = new Map<string, SourceLocation>();
  private readonly moduleCalls = new Map<string, SourceLocation>();
  private readonly providers: SourceProviderBlock[] = [];
  private backend: BackendBlock | undefined;
  /** Read on the first module that is not local; null when the root has no manifest. */
  private manifest: Map<string, string> | null | undefined;
  /** A directory called from several places is read and parsed once. */
  private readonly parsed = new Map<string, Promise<ParsedFile[]>>();

  constructor(
    private readonly rootDisplay: string,
    rootAbs: string,
  ) {
    this.rootAbs = rootAbs;
  }

  /** Path relative to the root, `/`-separated, `.` for the root itself. */
  private relative(abs: string): string {
    return path.relative(this.rootAbs, abs).split(path.sep).join('/') || '.';
  }

  private display(abs: string): string {
    return path.join(this.rootDisplay, path.relative(this.rootAbs, abs));
  }

  /** Names of the configuration files in a directory, sorted; throws SOURCE_MISSING when it cannot be read. */
  async configFiles(absDir: string, what: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(absDir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const problem =
        code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${(error as Error).message})`;
      throw new GuardrailsError('SOURCE_MISSING', `${what} ${problem}; expected a directory of .tf files.`, {
        file: this.display(absDir),
        hint: SOURCE_HINT,
        cause: error,
      });
    }
    return entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && /\.tf(?:\.json)?$/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  private parseDir(absDir: string, what: string): Promise<ParsedFile[]> {
    let files = this.parsed.get(absDir);
    if (!files) {
      files = this.readAndParse(absDir, what);
      this.parsed.set(absDir, files);
    }
    return files;
  }

  private async readAndParse(absDir: string, what: string): Promise<ParsedFile[]> {
    const parsed: ParsedFile[] = [];
    // One at a time: the parser is single-threaded WebAssembly, so parallel calls gain nothing.
    for (const name of await this.configFiles(absDir, what)) {
      const abs = path.join(absDir, name);
      const text = await readInputText(abs, {
        display: this.display(abs),
        kind: 'source',
        expected: 'a readable configuration file (.tf or .tf.json)',
        missingHint: 'Make it readable, or pass another directory with --source DIR.',
        missingCode: 'SOURCE_MISSING',
        unreadableCode: 'SOURCE_MISSING',
      });
      const config = await parseConfigFile(this.display(abs), text);
      // Extraction walks the parsed body recursively; a .tf.json nested too deep is refused here
      // (the HCL parser limits its own depth).
      if (valueNestingExceeds(config.body)) throw tooDeepError(this.display(abs), 'a configuration file');
      parsed.push({ file: this.relative(abs), ...config });
    }
    return parsed;
  }

  /** Reads one module, records what it declares, then each module it calls. */
  async walk(visit: ModuleVisit): Promise<void> {
    const what =
      visit.modulePath === '' ? `source directory "${this.rootDisplay}"` : `the directory of ${visit.modulePath} (source "${visit.source}")`;
    const files = await this.parseDir(visit.absDir, what);
    const declarations = extractModule(files, visit.modulePath);
    this.modules.push({ modulePath: visit.modulePath, dir: this.relative(visit.absDir), files: files.map((f) => f.file) });
    for (const [address, where] of declarations.resources) this.declared.set(address, where);
    for (const [address, lifecycle] of declarations.lifecycles) this.lifecycles.set(address, lifecycle);
    for (const [address, attributes] of declarations.encodedPolicies) {
      const evaluated = new Map<string, WrittenEvaluation>();
      for (const [attribute, text] of attributes) evaluated.set(attribute, await evaluateJsonencode(text));
      if (evaluated.size > 0) this.encodedPolicies.set(address, evaluated);
    }
    this.providers.push(...declarations.providers);
    // Terraform reads the backend of the root module only.
    if (visit.modulePath === '') this.backend = declarations.backend;

    for (const call of this.callsOf(declarations.calls, visit.planned)) {
      const modulePath = visit.modulePath === '' ? `module.${call.name}` : `${visit.modulePath}.module.${call.name}`;
      const key = visit.key === '' ? call.name : `${visit.key}.${call.name}`;
      if (call.location) this.moduleCalls.set(modulePath, call.location);
      const absDir = await this.moduleDir(call, key, modulePath, visit.absDir);
      if (absDir === visit.absDir || visit.ancestors.includes(absDir)) {
        throw new GuardrailsError('SOURCE_INVALID', `${modulePath} (source "${call.source}") calls a module that is already being read: ${this.relative(absDir)}.`, {
          file: call.file,
          hint: 'A module cannot call itself; fix its source.',
        });
      }
      await this.walk({
        modulePath,
        key,
        absDir,
        source: call.source,
        planned: visit.planned.get(call.name)?.calls ?? new Map(),
        ancestors: [...visit.ancestors, visit.absDir],
      });
    }
  }

  /** The module blocks of a module, with any further call the plan knows of (its source taken from the plan). */
  private callsOf(
    declared: readonly ModuleCall[],
    planned: PlannedCalls,
  ): { name: string; source: string | undefined; file: string; location?: SourceLocation }[] {
    const calls: { name: string; source: string | undefined; file: string; location?: SourceLocation }[] = declared.map((call) => ({
      name: call.name,
      source: call.source ?? planned.get(call.name)?.source,
      file: path.join(this.rootDisplay, call.location.file),
      location: call.location,
    }));
    for (const [name, call] of planned) {
      if (!calls.some((c) => c.name === name)) calls.push({ name, source: call.source, file: this.rootDisplay });
    }
    return calls;
  }

  private async moduleDir(call: { name: string; source: string | undefined; file: string }, key: string, modulePath: string, callerAbs: string): Promise<string> {
    if (call.source !== undefined && isLocalSource(call.source)) return path.resolve(callerAbs, call.source);
    if (this.manifest === undefined) this.manifest = (await readModuleManifest(this.rootAbs, this.rootDisplay)) ?? null;
    const installed = this.manifest?.get(key);
    if (installed !== undefined) return installed;
    const manifest = path.join(this.rootDisplay, MODULE_MANIFEST);
    const why = this.manifest === null ? `there is no ${manifest}` : `${manifest} has no entry "${key}"`;
    throw new GuardrailsError(
      'SOURCE_MISSING',
      `module "${call.name}" (${modulePath}) has source "${call.source ?? '(none written)'}", which is not a local path and is not installed: ${why}.`,
      {
        file: call.file,
        hint: 'Run `tofu init` (or `terraform init`) in the configuration directory first, or pass the directory that was initialised with --source DIR.',
      },
    );
  }

  model(): SourceModel {
    return {
      rootDir: this.rootDisplay,
      modules: this.modules,
      lifecycles: this.lifecycles,
      declaredResources: new Set(this.declared.keys()),
      resourceLocations: this.declared,
      moduleCalls: this.moduleCalls,
      backend: this.backend,
      providers: this.providers,
      encodedPolicies: this.encodedPolicies,
    };
  }
}
