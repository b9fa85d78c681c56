/**
 * Principals of a statement (`Principal`: `"*"` or `{AWS|Federated|Service|CanonicalUser: value(s)}`).
 */
import type { NormalizedStatement, PrincipalBlock, PrincipalType } from './policy.js';

/**
 * AWS partitions an ARN may name. Listed rather than matched loosely so that a typo such as
 * `arn:aws-gov:` is not taken for an account root.
 */
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
const PARTITION = `(?:${PARTITIONS.join('|')})`;
const ACCOUNT_ROOT = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:root$`);
const ACCOUNT_ID = /^\d{12}$/;
const OIDC_PROVIDER = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:oidc-provider/(.+)$`);
const SAML_PROVIDER = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:saml-provider/`);

/** The values of one principal type; `"*"` as the whole Principal counts as `["*"]` for every type. */
export function principalValues(block: PrincipalBlock | undefined, type: PrincipalType): string[] {
  if (block === undefined) return [];
  if (block === '*') return ['*'];
  return block[type] ?? [];
}

/**
 * The statement's `AWS` principals, with a bare 12-digit account id expanded to that account's
 * root ARN as IAM does when it stores the policy. IAM uses the partition of the account holding
 * the policy; that is not in the document, so it is a parameter (default `aws`).
 */
export function awsPrincipals(statement: NormalizedStatement, partition = 'aws'): string[] {
  return principalValues(statement.principals, 'AWS').map((value) =>
    ACCOUNT_ID.test(value) ? `arn:${partition}:iam::${value}:root` : value,
  );
}

/** The statement's `Federated` principals (OIDC/SAML provider ARNs, or web identity hosts such as `accounts.google.com`). */
export function federatedPrincipals(statement: NormalizedStatement): string[] {
  return principalValues(statement.principals, 'Federated');
}

/** The statement's `Service` principals, e.g. `ec2.amazonaws.com`. */
export function servicePrincipals(statement: NormalizedStatement): string[] {
  return principalValues(statement.principals, 'Service');
}

/** True for an account root principal ARN, `arn:<partition>:iam::<12 digits>:root` (aws, aws-cn, aws-us-gov, ...). */
export function isAccountRoot(arn: string): boolean {
  return ACCOUNT_ROOT.test(arn);
}

/**
 * True when the statement names every principal: `"Principal": "*"` or `{"AWS": "*"}` (IAM treats
 * them alike), with no NotPrincipal narrowing it. A Deny must be this to bind everyone.
 */
export function appliesToEveryone(statement: NormalizedStatement): boolean {
  if (statement.notPrincipals !== undefined) return false;
  return principalValues(statement.principals, 'AWS').includes('*');
}

/**
 * The issuer a federated principal stands for, as its token condition keys are prefixed: for
 * `arn:aws:iam::111122223333:oidc-provider/gitlab.example.com` it is `gitlab.example.com` (keys
 * `gitlab.example.com:aud`, `gitlab.example.com:sub`); a bare host such as `accounts.google.com`
 * is its own issuer; a SAML provider has none (undefined).
 */
export function webIdentityIssuer(federated: string): string | undefined {
  const oidc = OIDC_PROVIDER.exec(federated);
  if (oidc) return oidc[1];
  if (SAML_PROVIDER.test(federated) || federated.startsWith('arn:') || federated === '*') return undefined;
  return federated;
}
