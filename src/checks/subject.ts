import type { ProviderConfig, ResourceInstance } from '../plan/types.js';

/**
 * What a guardrail step judges: a resource instance, a provider configuration, or one statement of
 * a policy document held by a resource. Steps narrow and pivot a list of subjects; checks give each
 * subject a verdict.
 */
export type Subject = ResourceSubject | ProviderSubject | StatementSubject | ItemSubject;

export interface ResourceSubject {
  readonly kind: 'resource';
  readonly address: string;
  readonly type: string;
  readonly resource: ResourceInstance;
}

export interface ProviderSubject {
  readonly kind: 'provider';
  /** Provider configuration key, e.g. `aws.west` or `module.child:aws`. */
  readonly address: string;
  readonly type: 'provider';
  readonly provider: ProviderConfig;
  /**
   * The block's settings as written in the `.tf` sources (expressions as `${...}` text), when the
   * sources were given: the plan shows only an expression's references, not its shape.
   */
  readonly written?: Readonly<Record<string, unknown>>;
}

export interface StatementSubject {
  readonly kind: 'statement';
  /** The address of the resource holding the policy: findings stay address-first. */
  readonly address: string;
  /** Where the statement is, prefixed to every path judged on it: `assume_role_policy:Statement[0] (Sid "X")`. */
  readonly label: string;
  readonly type: string;
  readonly resource: ResourceInstance;
  /** The attribute holding the document, e.g. `assume_role_policy`. */
  readonly attribute: string;
  readonly statement: import('../iam/index.js').NormalizedStatement;
}

/**
 * One item of a list or nested block of a resource (`ingress[0]`), judged on its own fields. Findings
 * name the resource, with the item's path in front of the field's: `aws_security_group.web:
 * ingress[0].from_port is 0; ...`.
 */
export interface ItemSubject {
  readonly kind: 'item';
  /** The address of the resource holding the item. */
  readonly address: string;
  readonly type: string;
  readonly resource: ResourceInstance;
  /** The item's concrete path in the resource, e.g. `ingress[0]`. */
  readonly path: string;
  /** The resource the item belongs to: quantifiers give their verdicts per parent. */
  readonly parent: ResourceSubject;
}

/** Wraps a resource instance as a subject. */
export function resourceSubject(resource: ResourceInstance): ResourceSubject {
  return { kind: 'resource', address: resource.address, type: resource.type, resource };
}

/** Wraps a provider configuration as a subject. */
export function providerSubject(provider: ProviderConfig, written?: Readonly<Record<string, unknown>>): ProviderSubject {
  return written === undefined
    ? { kind: 'provider', address: provider.key, type: 'provider', provider }
    : { kind: 'provider', address: provider.key, type: 'provider', provider, written };
}
