import type { Attachment, Envelope, GherkinDocument, Pickle, StepDefinition, TestCase, TestStepResult } from '@cucumber/messages';
import { outcomeMediaType, type ScenarioOutcome } from './outcome.js';

/** A step of the Gherkin source, by AST node id: what the report shows as keyword and line. */
export interface AstStep {
  keyword: string;
  line: number;
}

/** A scenario of the Gherkin source, by AST node id. */
export interface AstScenario {
  line: number;
  tags: string[];
}

/**
 * Everything cucumber tells about a run, indexed for building results: gherkin documents, pickles
 * (scenarios after outlines are expanded), test cases and the result of each test step.
 */
export class RunCollector {
  readonly documents: GherkinDocument[] = [];
  /** Feature file text by URI, for pointing at a line the Gherkin AST does not locate (description text). */
  readonly sources = new Map<string, string>();
  readonly pickles: Pickle[] = [];
  readonly parseErrors: Array<{ uri: string; line: number | undefined; message: string }> = [];
  readonly undefinedParameterTypes: Array<{ name: string; expression: string }> = [];
  readonly stepDefinitions = new Map<string, StepDefinition>();
  readonly astSteps = new Map<string, AstStep>();
  readonly astScenarios = new Map<string, AstScenario>();
  /** Test case by pickle id. */
  readonly testCases = new Map<string, TestCase>();
  /** Step results by pickle id, then by test step id. */
  readonly stepResults = new Map<string, Map<string, TestStepResult>>();
  /** What each scenario's World concluded, by pickle id (from the outcome attachments). */
  readonly outcomes = new Map<string, ScenarioOutcome>();
  private readonly pickleOfStartedCase = new Map<string, string>();
  /** Test steps that are hooks: only a hook (the World's After hook) reports a scenario's outcome. */
  private readonly hookSteps = new Set<string>();
  private readonly pickleOfTestCase = new Map<string, string>();

  /** Feeds one cucumber message in. */
  readonly onMessage = (envelope: Envelope): void => {
    if (envelope.source) this.sources.set(envelope.source.uri, envelope.source.data);
    else if (envelope.gherkinDocument) this.addDocument(envelope.gherkinDocument);
    else if (envelope.pickle) this.pickles.push(envelope.pickle);
    else if (envelope.parseError) {
      const { source, message } = envelope.parseError;
      this.parseErrors.push({ uri: source.uri ?? '(unknown file)', line: source.location?.line, message });
    } else if (envelope.undefinedParameterType) this.undefinedParameterTypes.push(envelope.undefinedParameterType);
    else if (envelope.stepDefinition) this.stepDefinitions.set(envelope.stepDefinition.id, envelope.stepDefinition);
    else if (envelope.testCase) {
      this.testCases.set(envelope.testCase.pickleId, envelope.testCase);
      this.pickleOfTestCase.set(envelope.testCase.id, envelope.testCase.pickleId);
      for (const step of envelope.testCase.testSteps) if (step.hookId !== undefined) this.hookSteps.add(step.id);
    } else if (envelope.attachment) {
      this.addOutcome(envelope.attachment);
    } else if (envelope.testCaseStarted) {
      const pickleId = this.pickleOfTestCase.get(envelope.testCaseStarted.testCaseId);
      if (pickleId) this.pickleOfStartedCase.set(envelope.testCaseStarted.id, pickleId);
    } else if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = envelope.testStepFinished;
      const pickleId = this.pickleOfStartedCase.get(testCaseStartedId);
      if (!pickleId) return;
      let results = this.stepResults.get(pickleId);
      if (!results) {
        results = new Map();
        this.stepResults.set(pickleId, results);
      }
      results.set(testStepId, testStepResult);
    }
  };

  private addOutcome(attachment: Attachment): void {
    if (attachment.mediaType !== outcomeMediaType || attachment.testStepId === undefined || !this.hookSteps.has(attachment.testStepId)) return;
    const pickleId = this.pickleOfStartedCase.get(attachment.testCaseStartedId ?? '');
    if (pickleId !== undefined) this.outcomes.set(pickleId, JSON.parse(attachment.body) as ScenarioOutcome);
  }

  private addDocument(document: GherkinDocument): void {
    this.documents.push(document);
    const visit = (children: ReadonlyArray<{ scenario?: ScenarioLike; background?: ScenarioLike; rule?: { children: ReadonlyArray<unknown> } }>): void => {
      for (const child of children) {
        const block = child.scenario ?? child.background;
        if (block) {
          if (child.scenario) this.astScenarios.set(block.id, { line: block.location.line, tags: (block.tags ?? []).map((tag) => tag.name) });
          for (const step of block.steps) this.astSteps.set(step.id, { keyword: step.keyword.trim(), line: step.location.line });
        }
        if (child.rule) visit(child.rule.children as Parameters<typeof visit>[0]);
      }
    };
    if (document.feature) visit(document.feature.children);
  }
}

interface ScenarioLike {
  id: string;
  location: { line: number };
  tags?: ReadonlyArray<{ name: string }>;
  steps: ReadonlyArray<{ id: string; keyword: string; location: { line: number } }>;
}
