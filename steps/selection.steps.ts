import { checkAttribute } from '../src/checks/attributes.js';
import type { Comparison } from '../src/checks/compare.js';
import { checkChangeIn } from '../src/checks/actions.js';
import { selectByAddress, selectByTypes, selectDataSources, selectInModule, selectProviders } from '../src/checks/select.js';
import { requireKnownAttribute } from '../src/checks/spelling.js';
import type { ChangeKind } from '../src/plan/types.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';
import { conditions } from './support/conditions.js';

/** Steps that choose what a scenario judges. An empty selection makes the scenario not-applicable. */
export const selectionSteps: StepSpec[] = [
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the {types} resources',
    description: 'Selects every managed resource instance of the types (in any module); several types are listed with commas or "or".',
    example: 'Given the "aws_security_group_rule" or "aws_vpc_security_group_ingress_rule" resources',
    run: function (this: GuardrailWorld, types: string[]) {
      return this.select(this.withinChange(selectByTypes(this.plan, types)), `${types.join(' or ')} resources`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the {types} data sources',
    description: 'Selects every data source instance of the types (in any module), as the plan read it or will read it during apply.',
    example: 'Given the "aws_iam_policy_document" data sources',
    run: function (this: GuardrailWorld, types: string[]) {
      return this.select(this.withinChange(selectDataSources(this.plan, types)), `${types.join(' or ')} data sources`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the resource {string}',
    description: 'Selects one resource instance by address (or every instance of a resource block given without its key).',
    example: 'Given the resource "module.state_backend.aws_s3_bucket.state"',
    run: function (this: GuardrailWorld, address: string) {
      return this.select(this.withinChange(selectByAddress(this.plan, address)), `resource ${address}`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the resources in module {string}',
    description: 'Selects every managed resource in a module instance and the modules it calls.',
    example: 'Given the resources in module "module.state_backend"',
    run: function (this: GuardrailWorld, moduleAddress: string) {
      return this.select(this.withinChange(selectInModule(this.plan, moduleAddress)), `resources in ${moduleAddress}`);
    },
  },
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'the {string} provider configurations',
    description: 'Selects every configuration of a provider: root, aliased, and inside modules.',
    example: 'Given the "aws" provider configurations',
    run: function (this: GuardrailWorld, name: string) {
      return this.select(selectProviders(this.plan, name, this.sources), `${name} provider configurations`);
    },
  },
  ...conditions.map((condition): StepSpec => {
    const { description, example } = condition.narrowing;
    const expression = `those whose {attribute} ${condition.phrase}`;
    const run = condition.takesValue
      ? function (this: GuardrailWorld, path: string, value: unknown) {
          return narrowByAttribute(this, path, condition.comparison(value), `whose ${path} ${condition.describe(value)}`);
        }
      : function (this: GuardrailWorld, path: string) {
          return narrowByAttribute(this, path, condition.comparison(), `whose ${path} ${condition.describe()}`);
        };
    return { keyword: 'Given', family: 'selection', expression, description, example, run };
  }),
  {
    keyword: 'Given',
    family: 'selection',
    expression: 'those whose planned action is {changes}',
    description: 'Keeps the selected resources planned for one of the actions (create, update, replace, delete, read, no-op, forget).',
    example: 'And those whose planned action is "delete" or "replace"',
    run: function (this: GuardrailWorld, kinds: ChangeKind[]) {
      return this.narrow(this.subjects.map((subject) => checkChangeIn(subject, kinds)), `planned for ${kinds.join(' or ')}`);
    },
  },
  {
    keyword: 'When',
    family: 'selection',
    expression: 'I require at least one of them',
    description:
      'From here on, narrowing steps state a requirement: if no selected resource is left, the scenario fails instead of being not-applicable.',
    example: 'When I require at least one of them',
    run: function (this: GuardrailWorld) {
      this.requireAtLeastOne();
    },
  },
];

function narrowByAttribute(
  world: GuardrailWorld,
  path: string,
  comparison: Comparison,
  description: string,
): 'skipped' | undefined {
  requireKnownAttribute(world.subjects, path);
  // Deleted resources are judged by their current values here: a rule about deletions must still find them.
  const verdicts = world.subjects.map((subject) => checkAttribute(world.plan, subject, path, comparison, 'select'));
  return world.narrow(verdicts, description);
}
