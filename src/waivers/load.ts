import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GuardrailsError } from '../errors.js';
import { readInputText } from '../io/read-input.js';
import { MAX_GLOB_LENGTH } from '../patterns/glob.js';
import { isCalendarDay, isoDay, oneYearAfter } from './dates.js';
import type { LocalWaiverGrant, Waiver, WaiversFile } from './types.js';

const example = `waivers:
  - guardrail: state-bucket-kms
    workload: payments
    addresses: ['module.state["eu"].aws_s3_bucket.this']
    reason: Key migration tracked in SEC-123
    owner: alice
    expires: 2026-06-30`;

const requiredText = ['guardrail', 'workload', 'reason', 'owner', 'expires'] as const;

export interface LoadWaiversOptions {
  /** The day the run happens; expiry is judged against it. */
  today: Date;
  /** Directory a relative `file` is resolved against (defaults to the process's own). */
  cwd?: string;
}

/** Reads and validates a waivers file; every problem is a CONFIG_INVALID error naming the waiver and field. */
export async function loadWaivers(file: string, options: LoadWaiversOptions): Promise<Waiver[]> {
  return (await loadWaiversFile(file, options)).waivers;
}

/** Reads a waivers file with its `allow_local_waivers` grants (which only the central file's count). */
export async function loadWaiversFile(file: string, options: LoadWaiversOptions): Promise<WaiversFile> {
  const text = await readWaiversText(file, options.cwd);
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw invalid(file, `is not valid YAML (${(error as Error).message.split('\n')[0]})`, error);
  }
  if (document === null || document === undefined) return { waivers: [], allowLocal: [] };
  if (!isRecord(document) || !('waivers' in document)) {
    throw invalid(file, 'has no top-level `waivers:` list');
  }
  const unknownTop = Object.keys(document).find((key) => key !== 'waivers' && key !== 'allow_local_waivers');
  if (unknownTop !== undefined) throw invalid(file, `has an unknown top-level key \`${unknownTop}\`; expected \`waivers\` and optionally \`allow_local_waivers\``);
  const entries = document.waivers ?? [];
  if (!Array.isArray(entries)) throw invalid(file, '`waivers` is not a list');
  const grants = document.allow_local_waivers ?? [];
  if (!Array.isArray(grants)) throw invalid(file, '`allow_local_waivers` is not a list');
  const today = isoDay(options.today);
  return {
    waivers: entries.map((entry: unknown, index) => validateWaiver(entry, index, file, today)),
    allowLocal: grants.map((entry: unknown, index) => validateGrant(entry, index, file)),
  };
}

function validateGrant(entry: unknown, index: number, file: string): LocalWaiverGrant {
  const where = (field: string): string => `allow_local_waivers #${index + 1}: \`${field}\``;
  if (!isRecord(entry)) throw invalid(file, `allow_local_waivers #${index + 1} is not a mapping`);
  for (const field of ['workload', 'reason', 'owner'] as const) {
    const value = entry[field];
    if (typeof value !== 'string' || value.trim() === '') throw invalid(file, `${where(field)} is ${value === undefined ? 'missing' : JSON.stringify(value)}; expected a non-empty string`);
  }
  if ((entry.workload as string).length > MAX_GLOB_LENGTH) throw invalid(file, `${where('workload')} is longer than ${MAX_GLOB_LENGTH} characters`);
  const guardrails = entry.guardrails;
  if (!Array.isArray(guardrails) || guardrails.length === 0 || !guardrails.every((g) => typeof g === 'string' && g !== '' && !g.includes('*'))) {
    throw invalid(file, `${where('guardrails')} must be a non-empty list of guardrail ids (exact ids, no globs: each guardrail a workload may waive itself is named)`);
  }
  const unknownKeys = Object.keys(entry).filter((key) => !['workload', 'guardrails', 'reason', 'owner'].includes(key));
  if (unknownKeys.length > 0) throw invalid(file, `${where(unknownKeys[0] as string)} is not a field of allow_local_waivers; expected only workload, guardrails, reason, owner`);
  return { index, workload: entry.workload as string, guardrails: guardrails as string[], reason: entry.reason as string, owner: entry.owner as string };
}

function readWaiversText(file: string, cwd: string | undefined): Promise<string> {
  return readInputText(cwd === undefined ? path.resolve(file) : path.resolve(cwd, file), {
    display: file,
    kind: 'config',
    expected: 'a waivers YAML file',
    missingHint: 'Check the --waivers path; it is resolved against the working directory.',
  });
}

function validateWaiver(entry: unknown, index: number, file: string, today: string): Waiver {
  const where = (field: string): string => `waiver #${index + 1}${isRecord(entry) && typeof entry.guardrail === 'string' ? ` (${entry.guardrail})` : ''}: \`${field}\``;
  if (!isRecord(entry)) throw invalid(file, `waiver #${index + 1} is not a mapping`);
  for (const field of requiredText) {
    const value = entry[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw invalid(file, `${where(field)} is ${value === undefined ? 'missing' : JSON.stringify(value)}; expected a non-empty string`);
    }
  }
  const addresses = entry.addresses;
  if (!Array.isArray(addresses) || addresses.length === 0 || !addresses.every((a) => typeof a === 'string' && a !== '')) {
    throw invalid(file, `${where('addresses')} must be a non-empty list of resource address globs`);
  }
  const tooLong = [entry.workload as string, ...(addresses as string[])].find((glob) => glob.length > MAX_GLOB_LENGTH);
  if (tooLong !== undefined) {
    throw invalid(file, `${where(tooLong === entry.workload ? 'workload' : 'addresses')} has a glob ${tooLong.length} characters long; expected at most ${MAX_GLOB_LENGTH}`);
  }
  const expires = entry.expires as string;
  if (!isCalendarDay(expires)) {
    throw invalid(file, `${where('expires')} is "${expires}"; expected a date written YYYY-MM-DD`);
  }
  const latest = oneYearAfter(today);
  if (expires > latest) {
    throw invalid(file, `${where('expires')} is ${expires}, more than a year ahead; expected ${latest} at the latest`);
  }
  const unknownKeys = Object.keys(entry).filter((key) => ![...requiredText, 'addresses'].includes(key));
  if (unknownKeys.length > 0) {
    throw invalid(file, `${where(unknownKeys[0] as string)} is not a waiver field; expected only guardrail, workload, addresses, reason, owner, expires`);
  }
  return {
    index,
    file,
    guardrail: entry.guardrail as string,
    workload: entry.workload as string,
    addresses: addresses as string[],
    reason: entry.reason as string,
    owner: entry.owner as string,
    expires,
  };
}

function invalid(file: string, what: string, cause?: unknown): GuardrailsError {
  return new GuardrailsError('CONFIG_INVALID', `${what}.`, {
    file,
    hint: `Every waiver needs a guardrail, workload, addresses, reason, owner and an expiry at most a year ahead, e.g.\n${example}`,
    cause,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
