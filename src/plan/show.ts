/**
 * Renders a binary plan file as JSON by running `tofu show -json` (or `terraform show -json`).
 * No shell is involved: the plan path is one argument, whatever characters it holds.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';

export interface ShowOptions {
  /** Configuration directory the binary runs in (it needs the providers installed by `init`). */
  cwd: string;
  /** A binary named by the user; when unset, `tofu` and then `terraform` are tried. */
  tofuBin?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** What the binary printed on stdout (the plan JSON), and which binary that was. */
export interface ShowOutput {
  readonly json: Buffer;
  readonly binary: string;
}

const DEFAULT_BINARIES = ['tofu', 'terraform'] as const;

// Enough of stderr to explain a failure; a runaway binary must not fill the memory.
const STDERR_LIMIT = 64 * 1024;

/** Runs `<binary> show -json -no-color <planPath>` and returns its stdout. Throws SHOW_FAILED. */
export async function showPlanJson(planPath: string, displayPath: string, options: ShowOptions): Promise<ShowOutput> {
  await requireDirectory(options.cwd, displayPath);
  const candidates = options.tofuBin === undefined ? DEFAULT_BINARIES : [options.tofuBin];
  for (const binary of candidates) {
    const outcome = await runShow(binary, planPath, options);
    if (outcome.kind === 'not-found') continue;
    if (outcome.kind === 'spawn-error') {
      throw new GuardrailsError('SHOW_FAILED', `is a binary plan, and running \`${binary} show -json\` on it failed: ${outcome.message}.`, {
        file: displayPath,
        hint: 'Check that the binary is executable, or pass the path of a working one with --tofu-bin.',
      });
    }
    if (outcome.exitCode !== 0) {
      const stderr = oneParagraph(outcome.stderr);
      const said = stderr === '' ? 'and printed nothing on stderr' : `and said: ${stderr}`;
      throw new GuardrailsError(
        'SHOW_FAILED',
        `is a binary plan, and \`${binary} show -json\` (run in ${options.cwd}) exited with ${outcome.exitCode} ${said}`,
        {
          file: displayPath,
          hint:
            `Check that you ran \`${binary} init\` in that directory (use --chdir to point at the configuration the plan was made from), ` +
            'that the binary is the tool and version that wrote the plan (choose it with --tofu-bin), and that the file is a complete plan.',
        },
      );
    }
    return { json: outcome.stdout, binary };
  }
  const tried = candidates.map((name) => `\`${name}\``).join(' and ');
  const where = candidates.some((name) => name.includes('/') || name.includes(path.sep)) ? '' : ' on PATH';
  throw new GuardrailsError('SHOW_FAILED', `is a binary plan, but no binary to render it was found (tried ${tried}${where}).`, {
    file: displayPath,
    hint: 'Install OpenTofu or Terraform, pass the binary with --tofu-bin, or give the plan as JSON (`tofu show -json tfplan.cache > tfplan.json`).',
  });
}

// spawn reports a missing cwd as ENOENT, which would read as "binary not found": check it first.
async function requireDirectory(dir: string, displayPath: string): Promise<void> {
  const isDirectory = await stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new GuardrailsError('FILE_NOT_FOUND', `is a binary plan, to be rendered in the configuration directory ${dir}, which does not exist or is not a directory.`, {
      file: displayPath,
      hint: 'Point --chdir at the directory holding the configuration the plan was made from (where `init` was run).',
    });
  }
}

type ShowOutcome =
  | { kind: 'not-found' }
  | { kind: 'spawn-error'; message: string }
  | { kind: 'exited'; exitCode: number; stdout: Buffer; stderr: string };

function runShow(binary: string, planPath: string, options: ShowOptions): Promise<ShowOutcome> {
  return new Promise((resolve) => {
    const child = spawn(binary, ['show', '-json', '-no-color', planPath], {
      cwd: options.cwd,
      env: options.env === undefined ? undefined : definedOnly(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    // Chunks are kept as they come and joined once: plan JSON can exceed 100 MB.
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < STDERR_LIMIT) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ENOENT' ? { kind: 'not-found' } : { kind: 'spawn-error', message: error.message });
    });
    child.on('close', (code, signal) => {
      resolve({
        kind: 'exited',
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8').slice(0, STDERR_LIMIT),
      });
    });
  });
}

/**
 * The binary's stderr as one paragraph: its diagnostics come in boxes drawn with line characters
 * and blank lines, which would break the one-paragraph error into a ragged block.
 */
function oneParagraph(stderr: string): string {
  return stderr
    .replace(/[\u2500-\u257f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
