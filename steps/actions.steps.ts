import { checkChangeNotIn } from '../src/checks/actions.js';
import type { ChangeKind } from '../src/plan/types.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/** What the plan will do to the selected resources. */
export const actionSteps: StepSpec[] = [
  {
    keyword: 'Then',
    family: 'actions',
    expression: 'it is not planned for {changes}',
    description: 'No selected resource is planned for any of the actions ("replace" covers both delete-then-create and create-then-delete).',
    example: 'Then it is not planned for "delete" or "replace"',
    run: function (this: GuardrailWorld, kinds: ChangeKind[]) {
      this.judge(this.subjects.map((subject) => checkChangeNotIn(subject, kinds)));
    },
  },
];
