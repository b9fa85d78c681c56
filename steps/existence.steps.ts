import { resourceSubject } from '../src/checks/subject.js';
import { verdict } from '../src/checks/verdict.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/** Existence and counts: plan-wide rules (no selection needed, never not-applicable) and counts of the selection. */
export const existenceSteps: StepSpec[] = [
  {
    keyword: 'Then',
    family: 'existence',
    expression: 'the plan has no {type} resources',
    description: 'No resource of the type will exist after apply (instances planned for deletion are fine).',
    example: 'Then the plan has no "aws_iam_access_key" resources',
    run: function (this: GuardrailWorld, type: string) {
      const present = this.plan
        .resourcesOfType(type)
        .filter((resource) => resource.mode === 'managed' && resource.change !== 'delete' && resource.change !== 'forget')
        .filter((resource) => this.changeScope === undefined || this.changeScope.judged.has(resource.address));
      this.judge(
        present.map((resource) =>
          verdict(resourceSubject(resource), 'failed', '', `is a ${type}, planned for ${resource.change}; expected none in the plan`, {
            expected: `no ${type}`,
            actual: resource.change,
          }),
        ),
      );
    },
  },
  {
    keyword: 'Then',
    family: 'existence',
    expression: 'there are at least {int} of them',
    description: 'At least this many selected resources will exist after apply.',
    example: 'Then there are at least 2 of them',
    run: function (this: GuardrailWorld, minimum: number) {
      const count = this.subjectsAfterApply.length;
      if (count >= minimum) this.passSelection();
      else this.failSelection(`${count} ${this.selectionDescription} in this plan; expected at least ${minimum}`, `at least ${minimum}`, String(count));
    },
  },
  {
    keyword: 'Then',
    family: 'existence',
    expression: 'there are at most {int} of them',
    description: 'At most this many selected resources will exist after apply.',
    example: 'Then there are at most 1 of them',
    run: function (this: GuardrailWorld, maximum: number) {
      const count = this.subjectsAfterApply.length;
      if (count <= maximum) this.passSelection();
      else this.failSelection(`${count} ${this.selectionDescription} in this plan; expected at most ${maximum}`, `at most ${maximum}`, String(count));
    },
  },
];
