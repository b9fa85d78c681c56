/**
 * The candidate guardrails of a merge request: the feature files it adds or changes compared
 * with its base, so that an enforced guardrail some workload already fails does not block the
 * promotion of an unrelated new one. Git runs with a minimal environment (no tokens) and a
 * deadline, and only lists names: no diff driver, textconv filter or fsmonitor hook is run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What the merge request changed, as far as promotion is concerned. */
export interface CandidateSelection {
  /** The base the working tree was compared with. */
  base: string;
  /** Feature files to observe (absolute paths), in path order. */
  features: string[];
  /**
   * True when the change touches how every guardrail is evaluated (step definitions, the
   * evaluator, dependencies): then every guardrail of the catalogue is a candidate.
   */
  whole: boolean;
  /** Repository-relative paths that made `whole` true. */
  evaluationChanges: string[];
}

/** Paths (relative to the repository root) whose change alters the verdict of every guardrail. */
const EVALUATION_PATHS = [/^steps\//, /^src\//, /^package\.json$/, /^npm-shrinkwrap\.json$/];

/** A branch, tag or commit as git takes it; never an option (leading `-`) nor a range. */
const REVISION = /^[A-Za-z0-9_][A-Za-z0-9._/@^~-]{0,254}$/;

const GIT_TIMEOUT_MS = 30_000;
const GIT_MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * Lists the feature files under `featuresDir` that were added or changed since `base` (committed
 * or not, untracked included). Problems (not a repository, an unknown base) are USAGE errors.
 */
export async function changedGuardrails(featuresDir: string, base: string, env: Env): Promise<CandidateSelection> {
  if (!REVISION.test(base) || base.includes('..')) {
    throw new GuardrailsError('USAGE', `--changed-since "${base}" is not a branch, tag or commit name.`, {
      hint: 'Give the merge request\'s base, e.g. --changed-since "$CI_MERGE_REQUEST_DIFF_BASE_SHA" or --changed-since origin/main.',
    });
  }
  const root = (await git(['rev-parse', '--show-toplevel'], featuresDir, env, base)).trim();
  const changed = splitNames(await git(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMRT', base, '--'], root, env, base));
  const untracked = splitNames(await git(['ls-files', '--others', '--exclude-standard', '-z', '--'], root, env, base));
  const paths = [...new Set([...changed, ...untracked])].sort();
  const featuresPrefix = `${path.relative(root, path.resolve(featuresDir)).split(path.sep).join('/')}/`;
  const features = paths
    .filter((name) => (featuresPrefix === '/' || name.startsWith(featuresPrefix)) && name.endsWith('.feature'))
    .map((name) => path.join(root, name))
    .filter((file) => existsSync(file));
  const evaluationChanges = paths.filter((name) => EVALUATION_PATHS.some((pattern) => pattern.test(name)));
  return { base, features, whole: evaluationChanges.length > 0, evaluationChanges };
}

function splitNames(output: string): string[] {
  return output.split('\0').filter((name) => name !== '');
}

/** Runs git in `cwd` with the environment it needs and nothing else (no tokens, no user or system config hooks). */
function git(args: readonly string[], cwd: string, env: Env, base: string): Promise<string> {
  const childEnv: Record<string, string> = {
    PATH: env.PATH ?? '/usr/bin:/bin',
    ...(env.HOME ? { HOME: env.HOME } : {}),
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
  };
  const fullArgs = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', ...args];
  return new Promise((resolve, reject) => {
    execFile('git', fullArgs, { cwd, env: childEnv, timeout: GIT_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: GIT_MAX_OUTPUT, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) return resolve(stdout);
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'git is not installed'
          : error.killed
            ? `git did not finish within ${GIT_TIMEOUT_MS / 1000} s`
            : firstLine(stderr) || error.message;
      reject(
        new GuardrailsError('USAGE', `could not list the guardrails changed since ${base}: ${reason}.`, {
          hint: 'Run observe in a git checkout that has the base commit (in GitLab CI set GIT_DEPTH: 0 on the observe job), or name the candidates with --features.',
        }),
      );
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}
