/**
 * Every IAM policy string in the real plan corpus (../shared/corpus/plans, written by others:
 * checkov, regula, infracost, ...) parses, and the queries read the well-known ones right.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { statementCoversAction } from './actions.js';
import { findConditions } from './conditions.js';
import { parsePolicy, type PolicyDocument } from './policy.js';
import { appliesToEveryone, servicePrincipals } from './principals.js';
import { corpusAvailable } from '../../test/support/ci.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const plansDir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'plans');

/** Plan attributes that hold a policy document as a JSON string (`json`: aws_iam_policy_document). */
const POLICY_ATTRIBUTES = new Set(['policy', 'assume_role_policy', 'json']);

/** Distinct policy strings of every corpus plan → the files holding each. */
function corpusPolicies(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const walk = (node: unknown, file: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, file);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (POLICY_ATTRIBUTES.has(key) && typeof value === 'string') found.set(value, (found.get(value) ?? new Set()).add(file));
        walk(value, file);
      }
    }
  };
  for (const entry of readdirSync(plansDir, { withFileTypes: true, recursive: true })) {
    const file = path.relative(plansDir, path.join(entry.parentPath, entry.name));
    if (!entry.isFile() || !file.endsWith('.json') || file.startsWith('_negative')) continue;
    walk(JSON.parse(readFileSync(path.join(plansDir, file), 'utf8')), file);
  }
  return found;
}

const policies = corpusAvailable() ? corpusPolicies() : new Map<string, Set<string>>();

function documentIn(file: string, includes: string): PolicyDocument {
  const text = [...policies].find(([value, files]) => files.has(file) && value.includes(includes))?.[0];
  if (text === undefined) throw new Error(`no policy containing ${includes} in ${file}`);
  const result = parsePolicy(text);
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

describe.runIf(corpusAvailable())('IAM policies of the real plan corpus', () => {
  it('finds the corpus policies (guards against a walk that finds nothing)', () => {
    expect(policies.size).toBeGreaterThanOrEqual(35);
  });

  it('parses every non-empty policy string', () => {
    const failures = [...policies]
      .filter(([text]) => text !== '')
      .map(([text, files]) => ({ files: [...files], result: parsePolicy(text) }))
      .filter(({ result }) => !result.ok);
    expect(failures).toEqual([]);
  });

  it('an empty policy attribute (infracost, regula) is refused with a reason', () => {
    expect(policies.get('')?.has('infracost/terraform_v0.12_plan.json')).toBe(true);
    expect(parsePolicy('')).toEqual({ ok: false, reason: expect.stringMatching(/empty string/) });
  });

  it('checkov GithubActionsOIDCTrustPolicy: inline policy with a StringLike prefix condition', () => {
    const doc = documentIn('checkov/checks__data__aws__example_GithubActionsOIDCTrustPolicy__tfplan.json', 'p1/*');
    const [statement] = doc.statements;
    expect(statement).toMatchObject({ sid: 'AllowListingOfUserFolder', effect: 'Allow', actions: ['s3:ListBucket'] });
    expect(statement && findConditions(statement, 'S3:Prefix', ['StringLike']).map((c) => c.values)).toEqual([['p1/*']]);
  });

  it('regula bucket policies: Principal "*" and {"AWS": "*"} both bind everyone; leading blanks are fine', () => {
    const inline = documentIn('regula/aws__s3__inputs__bucketpolicy_allowlist_infra.json', 'denylist-inline-policy');
    expect(inline.id).toBe('BucketPolicy');
    expect(inline.statements.map((s) => [s.effect, s.actions, appliesToEveryone(s)])).toEqual([['Deny', ['s3:List*'], true]]);
    const external = documentIn('regula/aws__s3__inputs__bucketpolicy_allowlist_infra.json', 'allowget-external-policy');
    expect(external.statements.map((s) => [s.principals, appliesToEveryone(s)])).toEqual([[{ AWS: ['*'] }, true]]);
  });

  it('regula admin policy: Action ["*"] on Resource "*" covers every action', () => {
    const doc = documentIn('regula/aws__iam__inputs__admin_policy_infra.json', '"*"\n      ],\n      "Effect": "Allow"');
    const [statement] = doc.statements;
    expect(statement?.resources).toEqual(['*']);
    expect(statement && ['iam:CreateUser', 's3:*', '*'].map((a) => statementCoversAction(statement, a))).toEqual([true, true, true]);
  });

  it('a CloudTrail bucket policy: service principal and a StringEquals ACL condition', () => {
    const doc = documentIn('regula/aws__cloudtrail__inputs__issue355_infra.json', 'AWSCloudTrailWrite');
    expect(doc.statements.map((s) => [s.sid, servicePrincipals(s)])).toEqual([
      ['AWSCloudTrailAclCheck', ['cloudtrail.amazonaws.com']],
      ['AWSCloudTrailWrite', ['cloudtrail.amazonaws.com']],
    ]);
    const write = doc.statements[1];
    expect(write && findConditions(write, 's3:x-amz-acl', ['StringEquals'])[0]?.values).toEqual(['bucket-owner-full-control']);
    expect(write && statementCoversAction(write, 's3:PutObject')).toBe(true);
  });
});
