/**
 * How much of each kind of input the tool accepts. Inputs come from merge requests, so every read
 * is bounded: a plan piped from /dev/zero or a multi-gigabyte .tf file is refused with a message,
 * not read until memory runs out. The defaults are generous for real use; each can be raised with
 * an environment variable (in MiB) when a genuine input is larger.
 */
import { GuardrailsError } from '../errors.js';

export type InputKind = 'plan' | 'source' | 'config' | 'result';

interface LimitSpec {
  /** The environment variable that overrides the default, in MiB. */
  readonly variable: string;
  readonly defaultMiB: number;
  /** How the kind is named in messages. */
  readonly noun: string;
}

export const INPUT_LIMITS: Readonly<Record<InputKind, LimitSpec>> = {
  // A JavaScript string holds at most about 512 MiB, so a larger plan could not be parsed anyway.
  plan: { variable: 'GUARDRAILS_MAX_PLAN_MB', defaultMiB: 500, noun: 'a plan' },
  // Per file: hand-written or generated .tf files are far smaller; parsing time grows with size.
  source: { variable: 'GUARDRAILS_MAX_SOURCE_FILE_MB', defaultMiB: 8, noun: 'one configuration (.tf) file' },
  config: { variable: 'GUARDRAILS_MAX_CONFIG_MB', defaultMiB: 16, noun: 'a YAML configuration file' },
  result: { variable: 'GUARDRAILS_MAX_RESULT_MB', defaultMiB: 256, noun: 'an observation result' },
};

/** Nesting deeper than this in a plan, a .tf file or a result is refused (real plans stay under 100). */
export const MAX_NESTING_DEPTH = 1000;

const MIB = 1024 * 1024;
let configured: Partial<Record<InputKind, number>> = {};

/** The byte limit for a kind of input. */
export function inputLimit(kind: InputKind): number {
  return configured[kind] ?? INPUT_LIMITS[kind].defaultMiB * MIB;
}

/** How a limit is written in messages, e.g. "500 MiB" or "1.5 KiB". */
export function describeLimit(bytes: number): string {
  if (bytes >= MIB) return `${+(bytes / MIB).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(2)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Applies the overrides found in an environment (the CLI passes its own once per run); a variable
 * that is set but not a positive number is a usage error, never silently ignored.
 */
export function configureInputLimits(env: Readonly<Record<string, string | undefined>>): void {
  const next: Partial<Record<InputKind, number>> = {};
  for (const [kind, spec] of Object.entries(INPUT_LIMITS) as Array<[InputKind, LimitSpec]>) {
    const raw = env[spec.variable];
    if (raw === undefined || raw === '') continue;
    const mib = Number(raw);
    if (!Number.isFinite(mib) || mib <= 0) {
      throw new GuardrailsError('USAGE', `${spec.variable} is "${raw}"; expected a positive number of MiB (default ${spec.defaultMiB}).`, {
        hint: `Unset it to use the default, or set e.g. ${spec.variable}=${spec.defaultMiB * 2}.`,
      });
    }
    next[kind] = Math.floor(mib * MIB);
  }
  configured = next;
}
