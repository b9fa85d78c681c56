import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ExitCode, GuardrailsError } from '../errors.js';
import { GitLabClient, gitLabBaseUrl } from '../observe/gitlab-client.js';
import type { CliIO } from './io.js';
import type { CommandRegistrar } from './main.js';

interface CommentFlags {
  markdown?: string;
  project?: string;
  mr?: string;
  workload?: string;
  htmlReport?: string;
  gitlabUrl?: string;
}

/** GitLab refuses notes longer than 1,000,000 characters; the summary is far below that. */
const MAX_NOTE_CHARS = 1_000_000;
const DEFAULT_MARKER_NAME = 'gate';

/** The hidden line that finds this gate's note again: one note per workload, updated in place. */
export function noteMarker(workload: string | undefined): string {
  return `<!-- tofu-guardrails:${workload ?? DEFAULT_MARKER_NAME} -->`;
}

/** `guardrails comment`: create or update the gate's one note on the merge request. */
export const registerCommentCommand: CommandRegistrar = (program: Command, io: CliIO, setExitCode: (code: number) => void) => {
  program
    .command('comment')
    .description('Post the Markdown summary as one note on the merge request, updating the previous one.')
    .option('--markdown <file>', 'the summary to post (guardrails check --format markdown:FILE)')
    .option('--project <id>', 'project path or numeric id (default: $CI_PROJECT_ID)')
    .option('--mr <iid>', 'merge request IID (default: $CI_MERGE_REQUEST_IID)')
    .option('--workload <name>', 'workload or environment of this gate: each keeps its own note')
    .option('--html-report <path>', 'artifact path of the HTML report index, linked from the note (e.g. reports/html/index.html)')
    .addOption(new Option('--gitlab-url <url>', 'GitLab API v4 base (default: $CI_API_V4_URL)'))
    .action(async (flags: CommentFlags) => {
      setExitCode(await runComment(flags, io));
    });
};

async function runComment(flags: CommentFlags, io: CliIO): Promise<number> {
  if (flags.markdown === undefined) throw usage('comment needs the summary to post: --markdown FILE.', 'e.g. guardrails comment --markdown reports/summary.md');
  if (flags.workload !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/.test(flags.workload)) {
    throw usage(`--workload "${flags.workload}" is not a workload name (letters, digits, ".", "_", "/", "-"; at most 100).`, 'Use the name the gate was run with.');
  }
  const project = flags.project ?? nonEmpty(io.env.CI_PROJECT_ID);
  const mr = flags.mr ?? nonEmpty(io.env.CI_MERGE_REQUEST_IID);
  if (project === undefined || mr === undefined) {
    throw usage(
      'comment needs the merge request: --project ID and --mr IID, or $CI_PROJECT_ID and $CI_MERGE_REQUEST_IID (set in merge request pipelines).',
      'Run it in a merge request pipeline (rules: if: $CI_MERGE_REQUEST_IID), or pass --project and --mr.',
    );
  }
  if (!/^\d+$/.test(mr)) throw usage(`--mr "${mr}" is not a merge request IID (a whole number).`, 'Use the number after ! in the merge request title.');
  const baseUrl = gitLabBaseUrl(flags.gitlabUrl, io.env);
  if (baseUrl === undefined) throw usage('comment needs the GitLab API: --gitlab-url URL or $CI_API_V4_URL.', 'e.g. --gitlab-url https://gitlab.example.com/api/v4');
  // A CI job token cannot write notes, so only a token made for this is taken; it is never printed.
  const token = nonEmpty(io.env.GUARDRAILS_GITLAB_TOKEN);
  if (token === undefined) {
    throw usage(
      'comment needs a GitLab token in GUARDRAILS_GITLAB_TOKEN (CI_JOB_TOKEN cannot write merge request notes).',
      'Create a project access token with the api scope and the Reporter role, and store it as a masked, protected CI/CD variable GUARDRAILS_GITLAB_TOKEN.',
    );
  }

  const body = noteBody(await readSummary(flags.markdown, io.cwd), flags, io.env);
  const client = new GitLabClient({ baseUrl, auth: { header: 'PRIVATE-TOKEN', value: token } });
  const marker = noteMarker(flags.workload);
  const previous = (await client.mergeRequestNotes(project, mr)).find((note) => !note.system && note.body.includes(marker));
  if (previous) {
    await client.updateMergeRequestNote(project, mr, previous.id, body);
    io.stdout.write(`updated note ${previous.id} on merge request !${mr} of ${project}\n`);
  } else {
    const id = await client.createMergeRequestNote(project, mr, body);
    io.stdout.write(`created note ${id} on merge request !${mr} of ${project}\n`);
  }
  return ExitCode.Clean;
}

/** The marker first (hidden), the summary, then links to the job and the HTML report. */
export function noteBody(summary: string, flags: Pick<CommentFlags, 'workload' | 'htmlReport'>, env: Readonly<Record<string, string | undefined>>): string {
  const jobUrl = nonEmpty(env.CI_JOB_URL);
  const links: string[] = [];
  if (jobUrl !== undefined && /^https?:\/\//.test(jobUrl)) {
    links.push(`[Job](${jobUrl})`);
    if (flags.htmlReport !== undefined) {
      const artifact = flags.htmlReport.replace(/^\.?\/+/, '').split('/').map(encodeURIComponent).join('/');
      links.push(`[HTML report](${jobUrl}/artifacts/file/${artifact})`);
    }
  }
  const footer = links.length > 0 ? `\n\n${links.join(' · ')}` : '';
  const text = `${noteMarker(flags.workload)}\n${summary.trimEnd()}${footer}\n`;
  if (text.length > MAX_NOTE_CHARS) {
    throw new GuardrailsError('USAGE', `the note would be ${text.length} characters; GitLab accepts at most ${MAX_NOTE_CHARS}.`, {
      hint: 'Post the short summary (guardrails check --format markdown:FILE), not a full report.',
    });
  }
  return text;
}

async function readSummary(file: string, cwd: string): Promise<string> {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GuardrailsError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE', `cannot read the summary: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, {
      file,
      hint: 'Write it first with guardrails check --format markdown:FILE, and pass that path.',
      cause: error,
    });
  }
  if (text.trim() === '') {
    throw new GuardrailsError('EMPTY_INPUT', 'the summary is empty; there is nothing to post.', {
      file,
      hint: 'Write it with guardrails check --format markdown:FILE before commenting.',
    });
  }
  return text;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function usage(message: string, hint: string): GuardrailsError {
  return new GuardrailsError('USAGE', message, { hint });
}
