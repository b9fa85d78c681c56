import { resourceSubject } from '../src/checks/subject.js';
import { verdict } from '../src/checks/verdict.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/** Plan-wide existence rules; they need no selection and are never not-applicable. */
export const existenceSteps: StepSpec[] = [
  {
    keyword: 'Then',
    family: 'existence',
    expression: 'the plan has no {type} resources',
    description: 'No resource of the type will exist after apply (instances planned for deletion are fine).',
    example: 'Then the plan has no "aws_iam_access_key" resources',
    run: function (this: GuardrailWorld, type: string) {
      const present = this.plan.resourcesOfType(type).filter((resource) => resource.mode === 'managed' && resource.change !== 'delete' && resource.change !== 'forget');
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
];
