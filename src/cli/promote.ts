import { Command, Option } from 'commander';
import { ExitCode, GuardrailsError } from '../errors.js';
import { GitLabClient, gitLabAuthFromEnv, gitLabBaseUrl } from '../observe/gitlab-client.js';
import { decidePromotion, readObservation, renderForcedPromotionNote, renderPromotionText, type ForcedPromotion } from '../observe/promotion.js';
import type { CliIO } from './io.js';
import type { CommandRegistrar } from './main.js';

interface PromoteFlags {
  observation?: string;
  force?: boolean;
  reason?: string;
  merge?: boolean;
  project?: string;
  mr?: string;
  whenPipelineSucceeds?: boolean;
  sha?: string;
  record?: string;
  gitlabUrl?: string;
  format: 'text' | 'json';
}

/** `guardrails promote`: decide from an observation result, optionally force, optionally merge the candidate MR. */
export const registerPromoteCommand: CommandRegistrar = (program: Command, io: CliIO, setExitCode: (code: number) => void) => {
  program
    .command('promote')
    .description('Decide whether candidate guardrails may be promoted (enforced) from an observation result.')
    .option('--observation <file>', 'json result of guardrails observe (or observe merge)')
    .option('--force', 'promote despite blocking workloads (requires --reason)')
    .option('--reason <text>', 'why a forced promotion is acceptable; recorded with who and when')
    .option('--merge', 'merge the candidate merge request through the GitLab API when promotion is allowed')
    .option('--project <id>', 'project (path or numeric id) of the merge request, for --merge')
    .option('--mr <iid>', 'merge request IID, for --merge')
    .option('--when-pipeline-succeeds', 'with --merge: set the merge request to merge once its pipeline succeeds')
    .option('--sha <commit>', 'with --merge: the observed head commit; the merge is refused if the merge request moved on (default: $CI_MERGE_REQUEST_SOURCE_BRANCH_SHA, else $CI_COMMIT_SHA)')
    .option('--record <file>', 'also write the decision (json) to this file, the durable promotion record')
    .addOption(new Option('--gitlab-url <url>', 'GitLab API v4 base (default: $CI_API_V4_URL)'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: PromoteFlags) => {
      setExitCode(await runPromote(flags, io));
    });
};

async function runPromote(flags: PromoteFlags, io: CliIO): Promise<number> {
  if (flags.observation === undefined) {
    throw usage('promote needs the observation result: --observation FILE.', 'e.g. guardrails promote --observation reports/observation.json');
  }
  const reason = flags.reason?.trim();
  if (flags.force && !reason) {
    throw usage('--force needs --reason "...": a forced promotion records why.', 'e.g. --force --reason "Critical control; owners of payments notified in SEC-42".');
  }
  if (!flags.force && flags.reason !== undefined) throw usage('--reason only goes with --force.', 'Add --force, or drop --reason.');
  const mergeTarget = flags.merge ? mergeTargetOf(flags, io) : undefined;
  const observation = await readObservation(flags.observation, io.cwd);
  const forced: ForcedPromotion | undefined = flags.force
    ? {
        by: io.env.GITLAB_USER_LOGIN || io.env.USER || 'unknown',
        at: new Date().toISOString(),
        reason: reason as string,
        ...(io.env.CI_JOB_URL ? { job: io.env.CI_JOB_URL } : {}),
      }
    : undefined;
  const decision = decidePromotion(observation, forced);
  if (decision.promote && mergeTarget !== undefined) {
    const { client, project, mr, sha } = mergeTarget;
    // A forced promotion is recorded on the merge request before it is merged: no record, no merge.
    if (decision.forced !== undefined) {
      decision.note = { project, mr, id: await client.createMergeRequestNote(project, mr, renderForcedPromotionNote(decision, sha)) };
    }
    const autoMerge = Boolean(flags.whenPipelineSucceeds);
    const answer = await client.mergeMergeRequest(project, mr, autoMerge, sha);
    decision.merge = {
      project,
      mr,
      sha,
      autoMerge,
      state: typeof answer.state === 'string' ? answer.state : undefined,
      url: typeof answer.web_url === 'string' ? answer.web_url : undefined,
    };
  }
  if (flags.record !== undefined) await (await import('../report/write.js')).writeTextFile(flags.record, io.cwd, `${JSON.stringify(decision, null, 2)}\n`);
  io.stdout.write(flags.format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : renderPromotionText(decision));
  return decision.promote || decision.nothingToPromote !== undefined ? ExitCode.Clean : ExitCode.Failed;
}

function mergeTargetOf(flags: PromoteFlags, io: CliIO): { client: GitLabClient; project: string; mr: string; sha: string } {
  if (flags.project === undefined || flags.mr === undefined) {
    throw usage('--merge needs --project ID and --mr IID.', 'In a merge request pipeline: --project "$CI_PROJECT_ID" --mr "$CI_MERGE_REQUEST_IID".');
  }
  if (!/^\d+$/.test(flags.mr)) throw usage(`--mr "${flags.mr}" is not a merge request IID (a whole number).`, 'Use the number after ! in the merge request title.');
  const baseUrl = gitLabBaseUrl(flags.gitlabUrl, io.env);
  if (baseUrl === undefined) {
    throw usage('--merge needs the GitLab API: --gitlab-url URL or $CI_API_V4_URL.', 'e.g. --gitlab-url https://gitlab.example.com/api/v4');
  }
  // The commit the observation ran on; in a merged-results pipeline CI_COMMIT_SHA is the merge ref, so the source head comes first.
  const sha = flags.sha ?? (io.env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || io.env.CI_COMMIT_SHA);
  if (!sha) {
    throw usage('--merge needs the observed commit: --sha SHA (or $CI_MERGE_REQUEST_SOURCE_BRANCH_SHA / $CI_COMMIT_SHA in GitLab CI).', 'Pass the head commit the observation ran on, so a later push cannot be merged unobserved.');
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) throw usage(`--sha "${sha}" is not a full commit SHA (40 or 64 lowercase hex digits).`, 'Give the full commit SHA, e.g. "$CI_COMMIT_SHA".');
  return { client: new GitLabClient({ baseUrl, auth: gitLabAuthFromEnv(io.env) }), project: flags.project, mr: flags.mr, sha };
}

function usage(message: string, hint: string): GuardrailsError {
  return new GuardrailsError('USAGE', message, { hint });
}
