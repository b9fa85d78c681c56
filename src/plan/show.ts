/**
 * Renders a binary plan file as JSON by running `tofu show -json` (or `terraform show -json`).
 * No shell is involved: the plan path is one argument, whatever characters it holds. The child
 * gets an allowlisted environment (no tokens or credentials) and a deadline, after which its
 * whole process group is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';

export interface ShowOptions {
  /** Configuration directory the binary runs in (it needs the providers installed by `init`). */
  cwd: string;
  /** A binary named by the user; when unset, `tofu` and then `terraform` are tried. */
  tofuBin?: string;
  /** The caller's environment; the child only sees its allowlisted part (see childEnvironment). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How long the binary may run before it is killed (default DEFAULT_SHOW_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** `show -json` of a large plan takes seconds; minutes means it is stuck. Overridden with --show-timeout. */
export const DEFAULT_SHOW_TIMEOUT_MS = 120_000;

/** After the binary exits, how long a process it left behind may hold its output open. */
const OUTPUT_DRAIN_MS = 2_000;

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
    if (outcome.kind === 'timed-out') {
      const seconds = outcome.timeoutMs / 1000;
      throw new GuardrailsError('SHOW_FAILED', `is a binary plan, and \`${binary} show -json\` (run in ${options.cwd}) did not finish within ${seconds} s; it was stopped.`, {
        file: displayPath,
        hint: 'Check that the binary is OpenTofu or Terraform and does not wait for input; for a very large plan raise the limit with --show-timeout SECONDS, or give the plan as JSON (`tofu show -json tfplan.cache > tfplan.json`).',
      });
    }
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
  | { kind: 'timed-out'; timeoutMs: number }
  | { kind: 'exited'; exitCode: number; stdout: Buffer; stderr: string };

function runShow(binary: string, planPath: string, options: ShowOptions): Promise<ShowOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHOW_TIMEOUT_MS;
  return new Promise((resolve) => {
    const child = spawn(binary, ['show', '-json', '-no-color', planPath], {
      cwd: options.cwd,
      env: childEnvironment(options.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
      // Its own process group, so that a timeout also stops whatever the binary started.
      detached: os.platform() !== 'win32',
    });
    // Chunks are kept as they come and joined once: plan JSON can exceed 100 MB.
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    let exitCode: number | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const settle = (outcome: ShowOutcome): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      resolve(outcome);
    };
    const finish = (): void =>
      settle({
        kind: 'exited',
        exitCode: exitCode ?? 1,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8').slice(0, STDERR_LIMIT),
      });
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < STDERR_LIMIT) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      settle(error.code === 'ENOENT' ? { kind: 'not-found' } : { kind: 'spawn-error', message: error.message });
    });
    timers.push(
      setTimeout(() => {
        killGroup(child);
        child.stdout.destroy();
        child.stderr.destroy();
        settle({ kind: 'timed-out', timeoutMs });
      }, timeoutMs),
    );
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : 1);
      // Whatever the binary left running would keep stdout open, and 'close' would never come.
      killGroup(child);
      timers.push(
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish();
        }, OUTPUT_DRAIN_MS),
      );
    });
    child.on('close', finish);
  });
}

/** Kills the child's process group (the child and what it started); the group may already be gone. */
function killGroup(child: ChildProcess): void {
  try {
    // child.kill signals one pid only; a negative pid addresses the group.
    if (os.platform() === 'win32' || child.pid === undefined) child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing of the group is left.
  }
}

/**
 * The environment the binary runs with: an allowlist, because a denylist misses the next
 * credential variable someone invents. `show -json` needs to find itself and its providers
 * (PATH, HOME, the plugin cache and CLI configuration), temporary space and the locale; it needs
 * no network, so no proxy settings or credentials. A name that looks like a secret is dropped even
 * when allowlisted (TF_TOKEN_<host> holds registry credentials).
 */
export function childEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || !ALLOWED_VARIABLE.test(key) || SECRET_LOOKING.test(key)) continue;
    result[key] = value;
  }
  return result;
}

const ALLOWED_VARIABLE = new RegExp(
  '^(?:' +
    [
      'PATH', 'HOME', 'USER', 'LOGNAME', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LANGUAGE', 'LC_[A-Z]+', 'TZ',
      'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME',
      'TF_PLUGIN_CACHE_DIR', 'TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE', 'TF_DATA_DIR', 'TF_CLI_CONFIG_FILE', 'TF_IN_AUTOMATION',
      'TF_LOG', 'TF_LOG_CORE', 'TF_LOG_PROVIDER', 'TF_LOG_PATH', 'TF_WORKSPACE', 'TOFU_CLI_CONFIG_FILE',
      // Windows needs these to start any program.
      'SYSTEMROOT', 'SystemRoot', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA',
    ].join('|') +
    ')$',
);

const SECRET_LOOKING = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|_KEY|AUTH/i;

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
