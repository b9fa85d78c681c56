import { World, type IWorldOptions } from '@cucumber/cucumber';
import type { PlanModel } from '../../src/plan/types.js';
import type { SourceModel } from '../../src/source/types.js';
import type { Finding } from '../../src/report/types.js';
import { outcomeMediaType, runInputsOf, type GuardrailWorldParameters, type RunInputs, type ScenarioOutcome } from '../../src/runner/outcome.js';
import type { ResourceSubject, Subject } from '../../src/checks/subject.js';
import type { Verdict } from '../../src/checks/verdict.js';
import { isPlannedToExist } from '../../src/checks/actions.js';
import { GuardrailsError } from '../../src/errors.js';
import { withinScope, type ChangeScope } from '../../src/checks/changed.js';
import { usePolicySources } from '../../src/checks/policy-source.js';

export type { GuardrailWorldParameters } from '../../src/runner/outcome.js';

// The inputs of the runs in progress, by run id. A World receives only a copy of the world
// parameters, without the inputs (see src/runner/outcome.ts), so the test-run hooks, which see the
// original, keep them here for the Worlds of their run. It is a registry of this module only:
// the hooks and the World that use it are loaded together, once, as the run's support code, and
// two runs in one process each have their own entry.
const runs = new Map<string, RunInputs>();

/** Called by the BeforeAll hook with the run's world parameters. */
export function openRun(parameters: unknown): void {
  const inputs = runInputsOf(parameters);
  const runId = (parameters as Partial<GuardrailWorldParameters> | undefined)?.runId;
  if (inputs === undefined || typeof runId !== 'string') throw outsideRun();
  runs.set(runId, inputs);
}

/** Called by the AfterAll hook: the run's inputs are no longer needed. */
export function closeRun(parameters: unknown): void {
  const runId = (parameters as Partial<GuardrailWorldParameters> | undefined)?.runId;
  if (typeof runId === 'string') runs.delete(runId);
}

function outsideRun(): Error {
  return new Error('guardrail steps ran outside a tofu-guardrails run (no plan was handed in); run them with `guardrails check` or check()');
}

/**
 * The state of one scenario: what is selected, what has been found. Steps select or narrow the
 * subjects, then judge them; every judgement that is not `passed` becomes a finding.
 */
export class GuardrailWorld extends World<GuardrailWorldParameters> {
  readonly plan: PlanModel;
  readonly sources: SourceModel | undefined;
  /** Set for a changed-only run: what it judges. */
  readonly changeScope: ChangeScope | undefined;
  /** The step being run, as written in the feature, for attributing findings. */
  currentStep = '';
  private selected: Subject[] | undefined;
  private description = '';
  private filters: string[] = [];
  private readonly findings: Finding[] = [];
  private notApplicable: string | undefined;
  /** Set by "I require at least one of them": narrowing to nothing then fails, with this scope named. */
  private requirement: { address: string; type: string } | undefined;
  /** How many verdicts were judged: a scenario that judged nothing did not pass anything. */
  private verdictCount = 0;
  /** Set when a check found only resources planned for deletion to judge. */
  private onlyDeletionsSelected = false;
  /**
   * Set while the subjects are items of a list (`When I take the items of its ...`): the resources
   * they belong to, and those some of whose items could not be told. Narrowing the items to nothing
   * then leaves the scenario running, since "none of them" is what a quantifier asks about.
   */
  private itemScope: { parents: ResourceSubject[]; undecided: Set<ResourceSubject> } | undefined;

  constructor(options: IWorldOptions<GuardrailWorldParameters>) {
    super(options);
    const inputs = runs.get(options.parameters.runId);
    if (inputs === undefined) throw outsideRun();
    this.plan = inputs.plan;
    this.sources = inputs.sources;
    // Policies written as `jsonencode({…})` are read from the sources when the plan shows them only after apply.
    usePolicySources(this.plan, this.sources);
    this.changeScope = inputs.changeScope;
  }

  /** How many verdicts and findings the scenario has recorded so far (a team `Then` step must add one). */
  get recordedCount(): number {
    return this.verdictCount + this.findings.length;
  }

  /** True when the scenario has nothing a step could judge: not applicable, or only resources planned for deletion. */
  get nothingLeftToJudge(): boolean {
    return this.notApplicable !== undefined || this.onlyDeletionsSelected || this.selected?.length === 0;
  }

  /** Every selected subject, those planned for deletion included (for plan-action checks). */
  get subjects(): readonly Subject[] {
    if (!this.selected) {
      // A feature mistake, not a crash: the runner reports it with the step's file and line (exit 2).
      throw new GuardrailsError('FEATURE_INVALID', 'no resources are selected yet: start the scenario (or its Background) with a "Given the ..." step');
    }
    return this.selected;
  }

  /** Selected subjects that will exist after apply: attribute and reference checks judge only these. */
  get subjectsAfterApply(): readonly Subject[] {
    const remaining = this.subjects.filter(isPlannedToExist);
    if (remaining.length === 0 && this.subjects.length > 0) this.onlyDeletionsSelected = true;
    return remaining;
  }

  /** What the current selection is, in words (for not-applicable reasons and plan-wide findings). */
  get selectionDescription(): string {
    return [this.description, this.filters.join(' and ')].filter(Boolean).join(' ');
  }

  /** The resources a selection step may choose: in a changed-only run, those it judges. */
  withinChange(subjects: readonly Subject[]): Subject[] {
    return withinScope(subjects, this.changeScope);
  }

  /**
   * Sets the selection. Returns `'skipped'` when nothing is selected so cucumber skips the rest of the
   * scenario, which is then not-applicable.
   */
  select(subjects: Subject[], description: string): 'skipped' | undefined {
    this.itemScope = undefined;
    this.selected = subjects;
    this.description = description;
    this.filters = [];
    return this.skipWhenEmpty();
  }

  /**
   * Keeps the subjects whose verdict passed. A subject that cannot be judged (value known only after
   * apply) is dropped with an indeterminate finding: it may or may not belong to the selection.
   */
  narrow(verdicts: readonly Verdict[], description: string): 'skipped' | undefined {
    for (const judged of verdicts) {
      if (judged.status === 'indeterminate') {
        const detail = judged.message.startsWith(`${judged.subject.address}: `)
          ? judged.message.slice(judged.subject.address.length + 2)
          : judged.message;
        this.recordFinding(judged, `${judged.subject.address}: cannot tell whether it is selected, because ${detail}`);
        if (judged.subject.kind === 'item') this.itemScope?.undecided.add(judged.subject.parent);
      }
    }
    const kept = new Set(verdicts.filter((judged) => judged.status === 'passed').map((judged) => judged.subject));
    this.selected = this.subjects.filter((subject) => kept.has(subject));
    this.filters.push(description);
    return this.skipWhenEmpty();
  }

  /** From now on, narrowing to nothing is a failure (something required is missing), not "not applicable". */
  requireAtLeastOne(): void {
    this.requirement = this.scope();
  }

  /** The address findings about the selection as a whole carry: its resource type, or `plan` when mixed. */
  scope(): { address: string; type: string } {
    const types = new Set(this.subjects.map((subject) => subject.type));
    const type = types.size === 1 ? [...types][0]! : 'plan';
    return { address: type, type };
  }

  /** Records a failed finding about the selection as a whole (a count, a missing kind of resource). */
  failSelection(detail: string, expected: string, actual: string): void {
    const scope = this.scope();
    this.verdictCount += 1;
    this.findings.push({ ...scope, status: 'failed', path: '', message: `${scope.address}: ${detail}`, expected, actual, step: this.currentStep });
  }

  /** Records that the selection as a whole satisfied a rule (so the scenario judged something). */
  passSelection(): void {
    this.verdictCount += 1;
  }

  /** Replaces the selection by subjects reached from it (a pivot); subjects left behind are not judged further. */
  pivot(subjects: Subject[], description: string): void {
    this.itemScope = undefined;
    this.selected = subjects;
    this.description = description;
    this.filters = [];
  }

  /**
   * Replaces the selection by items of the selected resources' lists. `parents` are the resources
   * the items belong to (quantifiers judge each); `undecided` those whose items could not all be told.
   */
  takeItems(items: Subject[], parents: readonly ResourceSubject[], undecided: readonly ResourceSubject[], description: string): void {
    const carried = this.itemScope?.undecided ?? new Set<ResourceSubject>();
    this.pivot(items, description);
    this.itemScope = { parents: [...new Set(parents)], undecided: new Set([...carried, ...undecided]) };
  }

  /** The resources whose items are the subjects, and those with items that could not be told; undefined outside items. */
  get items(): { readonly parents: readonly ResourceSubject[]; readonly undecided: ReadonlySet<ResourceSubject> } | undefined {
    return this.itemScope;
  }

  /** Records every verdict that did not pass as a finding. */
  judge(verdicts: readonly Verdict[]): void {
    this.verdictCount += verdicts.length;
    for (const judged of verdicts) {
      if (judged.status !== 'passed') this.recordFinding(judged, judged.message);
    }
  }

  /** Hands the scenario's outcome to the runner, as an attachment on cucumber's message stream. */
  recordOutcome(stepFailed: boolean): void {
    this.attach(JSON.stringify(this.outcome(stepFailed)), outcomeMediaType);
  }

  /** The scenario's outcome: failed over indeterminate over not-applicable over passed. */
  outcome(stepFailed: boolean): ScenarioOutcome {
    const failed = stepFailed || this.findings.some((finding) => finding.status === 'failed');
    const indeterminate = this.findings.some((finding) => finding.status === 'indeterminate');
    // Checks skip resources planned for deletion; when those were all there was, nothing was judged.
    if (!this.notApplicable && this.onlyDeletionsSelected && this.verdictCount === 0) {
      this.notApplicable = `the selected ${this.selectionDescription} are all planned for deletion, so nothing is left to judge after apply`;
    }
    const status = failed ? 'failed' : indeterminate ? 'indeterminate' : this.notApplicable ? 'not-applicable' : 'passed';
    const reason =
      status === 'not-applicable'
        ? this.notApplicable
        : status === 'indeterminate'
          ? 'some values are known only after apply, or the sources needed to decide were not given'
          : undefined;
    return { status, reason, findings: this.findings };
  }

  private skipWhenEmpty(): 'skipped' | undefined {
    // Items narrowed to none are an answer for the quantifier steps that follow, not an empty selection.
    if (this.subjects.length > 0 || this.itemScope) return undefined;
    const missing = `no ${this.selectionDescription} in this plan`;
    if (this.requirement) {
      this.findings.push({
        ...this.requirement,
        status: 'failed',
        path: '',
        message: `${this.requirement.address}: ${missing}; expected at least one`,
        expected: 'at least one',
        actual: 'none',
        step: this.currentStep,
      });
    } else {
      this.notApplicable = missing;
    }
    return 'skipped';
  }

  private recordFinding(judged: Verdict, message: string): void {
    const finding: Finding = {
      address: judged.subject.address,
      type: judged.subject.type,
      status: judged.status === 'failed' ? 'failed' : 'indeterminate',
      path: judged.path,
      message,
      step: this.currentStep,
    };
    if (judged.expected !== undefined) finding.expected = judged.expected;
    if (judged.actual !== undefined) finding.actual = judged.actual;
    this.findings.push(finding);
  }
}
