/**
 * What the `.tf` sources tell that `show -json` does not: lifecycle blocks, the backend, and
 * provider blocks as written. Addresses here are configuration addresses (no instance keys).
 */
import type { WrittenEvaluation } from './jsonencode.js';

export interface SourceLocation {
  /** File path relative to the source root directory. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
}

export interface Lifecycle {
  preventDestroy: boolean | undefined;
  createBeforeDestroy: boolean | undefined;
  /** Attribute names, or `all`. */
  ignoreChanges: string[] | 'all' | undefined;
  /**
   * Settings written as something other than a literal (`prevent_destroy = "true"`, `!false`), by
   * name → source text. Their field above is undefined; a check must treat them as indeterminate.
   */
  expressions?: Readonly<Record<string, string>>;
  location: SourceLocation;
}

export interface BackendBlock {
  type: string;
  /** Literal settings; an expression that is not a literal is kept as its source text. */
  settings: Record<string, unknown>;
  location: SourceLocation;
}

export interface SourceProviderBlock {
  name: string;
  alias: string | undefined;
  /** Module path without instance keys, `` for root. */
  modulePath: string;
  settings: Record<string, unknown>;
  location: SourceLocation;
}

export interface SourceModule {
  /** Module path without instance keys, `` for root. */
  modulePath: string;
  /** Directory, relative to the source root. */
  dir: string;
  files: string[];
}

export interface SourceModel {
  /** The root configuration directory as given. */
  rootDir: string;
  modules: SourceModule[];
  /** Config address (`module.a.aws_s3_bucket.b`) → its lifecycle block; absent when none is written. */
  lifecycles: ReadonlyMap<string, Lifecycle>;
  /** Every resource block declared in sources, by config address (whether or not it has a lifecycle). */
  declaredResources: ReadonlySet<string>;
  /** Config address → where its `resource` block is written (the first declaration, not an override). */
  resourceLocations: ReadonlyMap<string, SourceLocation>;
  /** Module path (`module.a.module.b`) → where its `module` block is written in the calling module. */
  moduleCalls: ReadonlyMap<string, SourceLocation>;
  backend: BackendBlock | undefined;
  providers: SourceProviderBlock[];
  /**
   * Config address → policy attribute (`policy`, `assume_role_policy`) written as `jsonencode({…})`
   * → its argument evaluated, references held as symbols, or why it was not (see jsonencode.ts).
   */
  encodedPolicies?: ReadonlyMap<string, ReadonlyMap<string, WrittenEvaluation>>;
}
