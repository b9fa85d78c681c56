import { checkAttribute } from '../src/checks/attributes.js';
import type { Comparison } from '../src/checks/compare.js';
import { requireKnownAttribute } from '../src/checks/spelling.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';
import { conditions } from './support/conditions.js';

/** Judges one attribute of every selected subject that will exist after apply. */
function judgeAttribute(world: GuardrailWorld, path: string, comparison: Comparison): void {
  requireKnownAttribute(world.subjects, path);
  world.judge(world.subjectsAfterApply.map((subject) => checkAttribute(world.plan, subject, path, comparison)));
}

/** Attribute assertions, one per condition. Each is tri-state: a value known only after apply is indeterminate, never passed. */
export const attributeSteps: StepSpec[] = [
  ...conditions.flatMap((condition): StepSpec[] => {
    if (!condition.assertion) return [];
    const { description, example } = condition.assertion;
    const expression = `its {attribute} ${condition.phrase}`;
    const run = condition.takesValue
      ? function (this: GuardrailWorld, path: string, value: unknown) {
          judgeAttribute(this, path, condition.comparison(value));
        }
      : function (this: GuardrailWorld, path: string) {
          judgeAttribute(this, path, condition.comparison());
        };
    return [{ keyword: 'Then', family: 'attributes', expression, description, example, run }];
  }),
  {
    keyword: 'Then',
    family: 'attributes',
    expression: 'none of its {values} is set',
    description: 'None of the attributes (or provider settings) is set, to a value or to an expression (null, "", [] and {} are not set).',
    example: 'Then none of its "profile", "access_key", "secret_key" is set',
    run: function (this: GuardrailWorld, paths: string[]) {
      for (const path of paths) judgeAttribute(this, path, { op: 'not-set' });
    },
  },
];
