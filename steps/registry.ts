import type { GuardrailWorld } from './support/world.js';

/** The result a step may return: `'skipped'` ends the scenario as not-applicable. */
export type StepResult = 'skipped' | undefined | void;

/**
 * One built-in step: its cucumber expression, what it does in a line, and an example as it would be
 * written in a feature. The same list registers the steps with cucumber and feeds `guardrails steps`.
 */
export interface StepSpec {
  keyword: 'Given' | 'When' | 'Then';
  family: string;
  expression: string;
  description: string;
  example: string;
  // Cucumber checks a step function's arity against its expression, so each step keeps its own
  // parameter list; the wide type here only lets them share one array.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run: (this: GuardrailWorld, ...args: any[]) => StepResult;
}
