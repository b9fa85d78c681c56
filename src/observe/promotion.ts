import { GuardrailsError } from '../errors.js';
import { markdownText, terminalText } from '../report/escape.js';
import type { ObservationReport } from '../report/types.js';
import { buildObservationMatrix } from './matrix.js';
import { readObservationFile } from './observation-input.js';

/** Who forced a promotion, when and why; recorded in the output. */
export interface ForcedPromotion {
  by: string;
  /** ISO 8601 timestamp. */
  at: string;
  reason: string;
  /** The CI job that forced it ($CI_JOB_URL), when run in GitLab CI. */
  job?: string;
}

/** The outcome of `guardrails promote`, also its `--format json` document. */
export interface PromotionDecision {
  kind: 'promotion';
  /** True when the candidate guardrails may be promoted (clean, or forced). */
  promote: boolean;
  /** True when the observation alone allows promotion. */
  clean: boolean;
  guardrails: string[];
  workloads: number;
  blocking: ObservationReport['promotion']['blocking'];
  /** Workloads that could not be evaluated, with the reason. */
  errors: Array<{ workload: string; error: string }>;
  forced?: ForcedPromotion;
  /**
   * Present when the observation found no guardrail added or changed since this base: nothing is
   * promoted (`promote` false), nothing is merged or recorded, and the run is clean.
   */
  nothingToPromote?: { changedSince: string };
  /** Present when the candidate merge request was merged (or set to merge) through the GitLab API. */
  merge?: { project: string; mr: string; sha: string; autoMerge: boolean; state: string | undefined; url: string | undefined };
  /** The merge request note that records a forced promotion, once posted. */
  note?: { project: string; mr: string; id: number };
}

/** Reads and validates an observation result (a whole or merged run; a lone shard is refused). */
export async function readObservation(file: string, cwd: string): Promise<ObservationReport> {
  const report = await readObservationFile(file, cwd, {
    what: 'observation result',
    hint: 'Pass the json of guardrails observe --format json:FILE (or of observe merge).',
  });
  if (report.shard !== undefined) {
    throw new GuardrailsError('CONFIG_INVALID', `is only shard ${report.shard.index}/${report.shard.count} of an observation.`, {
      file,
      hint: 'Combine the shards first: guardrails observe merge shard-*.json --format json:observation.json.',
    });
  }
  return report;
}

/**
 * Decides promotion from the observation's rows (re-deriving the matrix rather than trusting its
 * stored verdict). A forced promotion proceeds despite blockers and records who, when and why.
 */
export function decidePromotion(observation: ObservationReport, forced: ForcedPromotion | undefined): PromotionDecision {
  if (observation.nothingToObserve !== undefined) return nothingToPromote(observation, observation.nothingToObserve);
  const matrix = buildObservationMatrix(observation.workloads, observation.tool);
  const clean = matrix.promotion.promotable;
  const decision: PromotionDecision = {
    kind: 'promotion',
    promote: clean || forced !== undefined,
    clean,
    guardrails: matrix.guardrails.map((g) => g.id),
    workloads: matrix.workloads.length,
    blocking: matrix.promotion.blocking,
    errors: matrix.workloads.filter((w) => w.status === 'error').map((w) => ({ workload: w.name, error: w.error ?? 'not evaluated' })),
  };
  if (forced !== undefined && !clean) decision.forced = forced;
  return decision;
}

/**
 * A run that observed nothing promotes nothing, even forced: no guardrail was shown safe, so none
 * may become enforced on its strength. A result claiming so while holding rows is refused.
 */
function nothingToPromote(observation: ObservationReport, nothing: { changedSince: string }): PromotionDecision {
  if (observation.guardrails.length > 0 || observation.workloads.length > 0 || observation.promotion.promotable || observation.promotion.blocking.length > 0) {
    throw new GuardrailsError('CONFIG_INVALID', 'says nothing was observed (nothingToObserve) yet holds guardrails, workloads or a promotion verdict.', {
      hint: 'The file was edited or damaged; re-run guardrails observe and pass its json unchanged.',
    });
  }
  return { kind: 'promotion', promote: false, clean: false, guardrails: [], workloads: 0, blocking: [], errors: [], nothingToPromote: { changedSince: nothing.changedSince } };
}

/** Marks the notes that record a forced promotion, so they can be found in a merge request's history. */
export const FORCED_PROMOTION_MARKER = '<!-- tofu-guardrails:forced-promotion -->';

/**
 * The merge request note recording a forced promotion: who, when, why, the commit it applies to
 * and every blocking result. A new note each time (never an edit), so earlier records stay.
 */
export function renderForcedPromotionNote(decision: PromotionDecision, sha: string): string {
  const forced = decision.forced;
  if (forced === undefined) throw new Error('renderForcedPromotionNote needs a forced decision');
  const lines = [
    FORCED_PROMOTION_MARKER,
    '### Forced promotion of candidate guardrails',
    '',
    `- **By:** ${markdownText(forced.by)}`,
    `- **At:** ${forced.at}`,
    `- **Reason:** ${markdownText(forced.reason)}`,
    `- **Observed commit:** \`${sha}\``,
    ...(forced.job === undefined ? [] : [`- **Job:** ${markdownText(forced.job)}`]),
    `- **Candidates:** ${decision.guardrails.map(markdownText).join(', ') || 'none'} on ${decision.workloads} workload(s)`,
    '',
    '| Workload | Guardrail | Result |',
    '| --- | --- | --- |',
    ...decision.blocking.map((b) => `| ${markdownText(b.workload)} | ${b.guardrail === '*' ? 'every guardrail' : markdownText(b.guardrail)} | ${b.status} |`),
    ...decision.errors.map((e) => `| ${markdownText(e.workload)} | every guardrail | could not be evaluated |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The decision as text for a terminal or a CI log. */
export function renderPromotionText(decision: PromotionDecision): string {
  const lines: string[] = [];
  const scope = `${decision.guardrails.length} candidate guardrail(s) on ${decision.workloads} workload(s)`;
  if (decision.nothingToPromote !== undefined) {
    lines.push(`nothing to promote: no guardrail added or changed since ${terminalText(decision.nothingToPromote.changedSince)}; the merge request is left to its usual merge.`);
  } else if (decision.clean) {
    lines.push(`promotable: ${scope} passed or were not applicable everywhere.`);
  } else if (decision.guardrails.length === 0) {
    lines.push(`not promotable: no guardrail was evaluated on any workload, so nothing shows the candidates are safe to enforce.`);
  } else {
    lines.push(`not promotable: ${decision.blocking.length} blocking result(s) across ${scope}:`);
  }
  for (const entry of decision.blocking) {
    const guardrail = entry.guardrail === '*' ? 'every guardrail' : entry.guardrail;
    lines.push(`  ${entry.workload}: ${guardrail} ${entry.status}`);
  }
  for (const { workload, error } of decision.errors) lines.push(`  ${workload} could not be evaluated: ${error}`);
  if (decision.forced !== undefined) {
    const { by, at, reason } = decision.forced;
    lines.push(`forced promotion by ${by} at ${at}: ${reason}`);
  }
  if (decision.note !== undefined) lines.push(`recorded as note ${decision.note.id} on merge request !${decision.note.mr} of ${decision.note.project}`);
  if (decision.merge !== undefined) {
    const { project, mr, sha, autoMerge, state, url } = decision.merge;
    const what = autoMerge ? 'set to merge when its pipeline succeeds' : 'merged';
    lines.push(`merge request !${mr} of ${project} ${what} at ${sha}${state ? ` (state: ${state})` : ''}${url ? `: ${url}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
