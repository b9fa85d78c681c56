/**
 * The step-definition API for a team's own steps (`--steps` files import it from
 * 'tofu-guardrails'). It registers with the cucumber instance of the gate that runs them, like
 * cucumber's own Given/When/Then, and refuses at load time the mistakes that would otherwise make
 * a team step quietly wrong: an arrow function as the body (cucumber's `this`, the scenario's
 * World, would be lost), a phrasing a built-in step already has (the step would be ambiguous), and,
 * when the scenario runs, a `Then` step that records no verdict (it would pass having judged nothing).
 */
import { Given as cucumberGiven, Then as cucumberThen, When as cucumberWhen } from '@cucumber/cucumber';
import { GuardrailsError } from '../src/errors.js';
import { builtInSteps } from './catalog.js';
import type { GuardrailWorld } from './support/world.js';

/**
 * A step body: a `function` (not an arrow function), called with the scenario's World as `this` and
 * one argument per parameter of its expression. Returning `'skipped'` ends the scenario as
 * not-applicable; a promise is awaited.
 */
// Step bodies take the expression's parameters, whatever their types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StepBody = (this: GuardrailWorld, ...args: any[]) => unknown;

/** A team step with the metadata a built-in step carries: what it does in a line, and an example as written in a feature. */
export interface TeamStepSpec {
  keyword: 'Given' | 'When' | 'Then';
  expression: string;
  description: string;
  example: string;
  run: StepBody;
}

const defined: TeamStepSpec[] = [];

/** The team steps defined with `defineStep` in this process, with their metadata. */
export function teamSteps(): readonly TeamStepSpec[] {
  return defined;
}

/** A team step as `guardrails steps` lists it; a plain Given/When/Then records no description or example. */
export interface RegisteredTeamStep {
  readonly keyword: TeamStepSpec['keyword'];
  readonly expression: string;
  readonly description: string | undefined;
  readonly example: string | undefined;
}

const registered: RegisteredTeamStep[] = [];

/** Every team step registered in this process, in definition order, with its metadata when it has some. */
export function registeredTeamSteps(): readonly RegisteredTeamStep[] {
  return registered;
}

/** Defines a team step with its description and example; refuses a spec without them. */
export function defineStep(spec: TeamStepSpec): void {
  const name = typeof spec?.expression === 'string' ? spec.expression : '(no expression)';
  if (!spec || !['Given', 'When', 'Then'].includes(spec.keyword)) {
    throw new GuardrailsError('FEATURE_INVALID', `the team step "${name}" has keyword ${JSON.stringify(spec?.keyword)}; expected "Given", "When" or "Then".`);
  }
  for (const field of ['description', 'example'] as const) {
    if (typeof spec[field] !== 'string' || spec[field].trim() === '') {
      throw new GuardrailsError('FEATURE_INVALID', `the team step "${name}" has no ${field}.`, {
        hint: 'defineStep({ keyword, expression, description: "what it checks, in a line", example: "Then ... as written in a feature", run: function (...) { ... } })',
      });
    }
  }
  register(spec.keyword, spec.expression, spec.run, { description: spec.description, example: spec.example });
  defined.push(spec);
}

/** Defines a `Given` step (a selection). */
export function Given(expression: string | RegExp, body: StepBody): void {
  register('Given', expression, body);
}

/** Defines a `When` step (a narrowing or a pivot). */
export function When(expression: string | RegExp, body: StepBody): void {
  register('When', expression, body);
}

/** Defines a `Then` step (a judgement): when the scenario runs, it must record a verdict. */
export function Then(expression: string | RegExp, body: StepBody): void {
  register('Then', expression, body);
}

const cucumber = { Given: cucumberGiven, When: cucumberWhen, Then: cucumberThen };

function register(keyword: TeamStepSpec['keyword'], pattern: string | RegExp, body: StepBody, metadata?: Pick<TeamStepSpec, 'description' | 'example'>): void {
  const isRegExp = pattern instanceof RegExp;
  const expression = isRegExp ? String(pattern) : pattern;
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new GuardrailsError('FEATURE_INVALID', `a team ${keyword} step has ${JSON.stringify(expression)} as its expression; expected a cucumber expression such as "its {attribute} has the keys {values}".`);
  }
  if (typeof body !== 'function') {
    throw new GuardrailsError('FEATURE_INVALID', `the team step "${expression}" has no body; expected a function.`);
  }
  if (isArrowFunction(body)) {
    throw new GuardrailsError('FEATURE_INVALID', `the team step "${expression}" is an arrow function, which cannot receive the scenario's World as \`this\`.`, {
      hint: `Write it as \`${keyword}('${expression}', function (...) { ... })\`.`,
    });
  }
  // A regular expression cannot be compared with the built-in expressions by shape: a step text it
  // shares with one is reported as ambiguous, naming the feature line, when a scenario uses it.
  const shape = isRegExp ? undefined : expressionShape(expression);
  const clash = shape === undefined ? undefined : builtInSteps.find((step) => expressionShape(step.expression) === shape);
  if (clash) {
    throw new GuardrailsError('FEATURE_INVALID', `the team step "${expression}" reads like the built-in step "${clash.keyword} ${clash.expression}", so a feature could not tell them apart.`, {
      hint: 'Use the built-in step (`guardrails steps` lists them), or phrase the team step differently.',
    });
  }
  cucumber[keyword](pattern, keyword === 'Then' ? requireVerdict(expression, body) : body);
  registered.push({ keyword, expression, description: metadata?.description, example: metadata?.example });
}

/** The expression with its parameters blanked: two steps of one shape would match the same text. */
function expressionShape(expression: string): string {
  return expression.replace(/\{[^}]*\}/g, '{}').replace(/\s+/g, ' ').trim();
}

function isArrowFunction(body: StepBody): boolean {
  // Arrow functions have no prototype; neither do methods and async functions, which do receive `this`.
  if (Object.hasOwn(body, 'prototype')) return false;
  return /^(async\s*)?(\([^)]*\)|[\w$]+)\s*=>/.test(Function.prototype.toString.call(body));
}

/**
 * Wraps a `Then` body so that one recording nothing fails: a judgement that judged nothing must not
 * pass. Nothing to judge (all selected resources planned for deletion, the scenario already not
 * applicable) is not such a case. Cucumber checks a body's arity, so the wrapper keeps it.
 */
function requireVerdict(expression: string, body: StepBody): StepBody {
  const wrapped = function (this: GuardrailWorld, ...args: unknown[]): unknown {
    const before = this.recordedCount;
    const check = (result: unknown): unknown => {
      if (result === 'skipped' || result === 'pending') return result;
      if (this.recordedCount === before && !this.nothingLeftToJudge) {
        // A plain error fails the step and so the scenario, with this message as its finding.
        throw new Error(
          `the team step "${expression}" recorded no verdict: call this.judge(verdicts) with one verdict per subject, or this.failSelection(...) / this.passSelection() for the selection as a whole`,
        );
      }
      return result;
    };
    const result = body.apply(this, args);
    return result instanceof Promise ? result.then(check) : check(result);
  };
  Object.defineProperty(wrapped, 'length', { value: body.length });
  return wrapped;
}
