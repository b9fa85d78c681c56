import { describe, expect, it } from 'vitest';
import { parsePolicy, type NormalizedStatement } from './policy.js';
import {
  appliesToEveryone,
  awsPrincipals,
  federatedPrincipals,
  isAccountRoot,
  principalValues,
  servicePrincipals,
  webIdentityIssuer,
} from './principals.js';

function statement(raw: Record<string, unknown>): NormalizedStatement {
  const result = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...raw }] });
  if (!result.ok) throw new Error(result.reason);
  return result.document.statements[0] as NormalizedStatement;
}

describe('awsPrincipals', () => {
  it.each([
    ['no Principal (identity policy)', {}, 'aws', []],
    ['Principal "*"', { Principal: '*' }, 'aws', ['*']],
    ['{"AWS": "*"}', { Principal: { AWS: '*' } }, 'aws', ['*']],
    ['single ARN string', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, 'aws', ['arn:aws:iam::111122223333:root']],
    ['list of ARNs', { Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/x'] } }, 'aws', ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/x']],
    ['bare account id expands to root', { Principal: { AWS: '111122223333' } }, 'aws', ['arn:aws:iam::111122223333:root']],
    ['bare account id in another partition', { Principal: { AWS: ['111122223333'] } }, 'aws-us-gov', ['arn:aws-us-gov:iam::111122223333:root']],
    ['an 11-digit id is not an account id', { Principal: { AWS: '11112222333' } }, 'aws', ['11112222333']],
    ['only a Service principal', { Principal: { Service: 'ec2.amazonaws.com' } }, 'aws', []],
  ])('%s', (_name, raw, partition, expected) => {
    expect(awsPrincipals(statement(raw), partition)).toEqual(expected);
  });
});

describe('federated and service principals', () => {
  it('lists each type, string or list', () => {
    const s = statement({ Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/gitlab.example.com', Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] } });
    expect(federatedPrincipals(s)).toEqual(['arn:aws:iam::111122223333:oidc-provider/gitlab.example.com']);
    expect(servicePrincipals(s)).toEqual(['ec2.amazonaws.com', 'lambda.amazonaws.com']);
    expect(awsPrincipals(s)).toEqual([]);
  });
  it('"*" counts for every type', () => {
    const s = statement({ Principal: '*' });
    expect(federatedPrincipals(s)).toEqual(['*']);
    expect(servicePrincipals(s)).toEqual(['*']);
    expect(principalValues(s.principals, 'CanonicalUser')).toEqual(['*']);
  });
  it('NotPrincipal is not Principal', () => {
    const s = statement({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } });
    expect(awsPrincipals(s)).toEqual([]);
    expect(principalValues(s.notPrincipals, 'AWS')).toEqual(['arn:aws:iam::111122223333:root']);
  });
});

describe('isAccountRoot', () => {
  it.each([
    ['arn:aws:iam::111122223333:root', true],
    ['arn:aws-us-gov:iam::111122223333:root', true],
    ['arn:aws-cn:iam::111122223333:root', true],
    ['arn:aws-iso-b:iam::111122223333:root', true],
    ['arn:aws:iam::111122223333:user/root', false],
    ['arn:aws:iam::111122223333:role/InfraAdmin', false],
    ['arn:aws:iam::11112222333:root', false],
    ['arn:aws:iam::1111222233334:root', false],
    ['arn:aws:iam::*:root', false],
    ['arn:aws-gov:iam::111122223333:root', false],
    ['arn:aws:sts::111122223333:root', false],
    ['arn:aws:iam::111122223333:ROOT', false],
    ['111122223333', false],
    ['*', false],
    [' arn:aws:iam::111122223333:root', false],
  ])('%s → %s', (arn, expected) => {
    expect(isAccountRoot(arn)).toBe(expected);
  });
});

describe('appliesToEveryone', () => {
  it.each([
    ['Principal "*"', { Effect: 'Deny', Principal: '*' }, true],
    ['{"AWS": "*"}', { Effect: 'Deny', Principal: { AWS: '*' } }, true],
    ['{"AWS": ["*", "arn"]}', { Effect: 'Deny', Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }, true],
    ['one account', { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, false],
    ['{"Service": "*"} only', { Effect: 'Deny', Principal: { Service: '*' } }, false],
    ['NotPrincipal exempts someone', { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }, false],
    ['no Principal (identity policy)', { Effect: 'Deny' }, false],
  ])('%s → %s', (_name, raw, expected) => {
    expect(appliesToEveryone(statement(raw))).toBe(expected);
  });
});

describe('webIdentityIssuer', () => {
  it.each([
    ['arn:aws:iam::111122223333:oidc-provider/gitlab.example.com', 'gitlab.example.com'],
    ['arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', 'token.actions.githubusercontent.com'],
    ['arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF', 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF'],
    ['arn:aws-cn:iam::111122223333:oidc-provider/gitlab.example.cn', 'gitlab.example.cn'],
    ['accounts.google.com', 'accounts.google.com'],
    ['cognito-identity.amazonaws.com', 'cognito-identity.amazonaws.com'],
    ['arn:aws:iam::111122223333:saml-provider/Okta', undefined],
    ['arn:aws:iam::111122223333:role/x', undefined],
    ['*', undefined],
  ])('%s → %s', (federated, expected) => {
    expect(webIdentityIssuer(federated)).toBe(expected);
  });
});
