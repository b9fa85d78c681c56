import { checkAttributeReferences, followReferenced, followReferencing } from '../src/checks/references.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/** Steps that follow references between resources; they read configuration references, so unknown values do not break them. */
export const referenceSteps: StepSpec[] = [
  {
    keyword: 'When',
    family: 'references',
    expression: 'I take the {type} resources referencing it',
    description:
      'Moves to the resources of a type that reference each selected resource (e.g. its encryption configuration); a selected resource that none references fails.',
    example: 'When I take the "aws_s3_bucket_versioning" resources referencing it',
    run: function (this: GuardrailWorld, type: string) {
      const pivot = followReferencing(this.plan, this.subjectsAfterApply, type);
      this.judge(pivot.verdicts);
      this.pivot(pivot.reached, `${type} resources referencing them`);
    },
  },
  {
    keyword: 'When',
    family: 'references',
    expression: 'I take the {type} resources it references',
    description: 'Moves to the resources of a type that each selected resource references (e.g. the KMS key it uses); one that references none fails.',
    example: 'When I take the "aws_kms_key" resources it references',
    run: function (this: GuardrailWorld, type: string) {
      const pivot = followReferenced(this.plan, this.subjectsAfterApply, type);
      this.judge(pivot.verdicts);
      this.pivot(pivot.reached, `${type} resources referenced by them`);
    },
  },
  {
    keyword: 'Then',
    family: 'references',
    expression: 'its {attribute} references a/an {type}',
    description: 'The attribute refers to a resource of the type: by configuration reference (even while unknown) or by its known id or ARN.',
    example: 'Then its "rule[*].apply_server_side_encryption_by_default[*].kms_master_key_id" references an "aws_kms_key"',
    run: function (this: GuardrailWorld, path: string, type: string) {
      this.judge(this.subjectsAfterApply.map((subject) => checkAttributeReferences(this.plan, subject, path, type)));
    },
  },
];
