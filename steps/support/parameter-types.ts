import { GuardrailsError } from '../../src/errors.js';
import type { ChangeKind } from '../../src/plan/types.js';
import type { PrincipalType } from '../../src/iam/index.js';
import { compileUserRegex } from '../../src/patterns/regex.js';

/**
 * Custom parameter types, each defined once. Values in feature files are double-quoted; the
 * transformers validate them so a typo fails the step with a clear message instead of selecting nothing.
 */
export interface ParameterTypeSpec {
  name: string;
  regexp: RegExp;
  transformer: (...captures: string[]) => unknown;
  description: string;
}

const CHANGE_KINDS: readonly ChangeKind[] = ['create', 'update', 'replace', 'delete', 'read', 'no-op', 'forget'];

/** Quoted items separated by commas, `or` or `and`: `"a", "b" or "c"`. */
function quotedItems(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"/g)].map((match) => match[1]!);
}

export const parameterTypes: readonly ParameterTypeSpec[] = [
  {
    name: 'type',
    regexp: /"([a-z][a-z0-9_]*)"/,
    transformer: (type: string) => type,
    description: 'a resource type, e.g. "aws_s3_bucket"',
  },
  {
    name: 'types',
    regexp: /"[a-z][a-z0-9_]*"(?:\s*(?:,|or)\s*"[a-z][a-z0-9_]*")*/,
    transformer: (text: string) => quotedItems(text),
    description: 'one or more resource types, e.g. "aws_security_group_rule" or "aws_vpc_security_group_ingress_rule"',
  },
  {
    name: 'attribute',
    // A map key with characters a dotted path cannot hold is quoted inside the path, with the inner
    // quotes escaped: "tags[\"kubernetes.io/role\"]".
    regexp: /"((?:[^"\\]|\\.)+)"/,
    transformer: (path: string) => path.replace(/\\(.)/g, '$1'),
    description:
      'an attribute path, e.g. "rule[*].apply_server_side_encryption_by_default[0].sse_algorithm" or "tags[\\"Name\\"]"; or a JSONPath from $, e.g. "$.ingress[?(@.from_port == 22)].cidr_blocks"',
  },
  {
    name: 'values',
    regexp: /"[^"]*"(?:\s*(?:,|or|and)\s*"[^"]*")*/,
    transformer: (text: string) => quotedItems(text),
    description: 'one or more quoted values, e.g. "delete" or "replace"',
  },
  {
    name: 'regex',
    regexp: /\/(.+)\/([a-z]*)/,
    transformer: (source: string, flags: string) => {
      try {
        return compileUserRegex(source, flags);
      } catch (error) {
        throw new GuardrailsError('FEATURE_INVALID', (error as Error).message);
      }
    },
    description: 'a regular expression between slashes (RE2 syntax: no lookaround or backreferences), with optional flags i, m, s, u: /(tfstate|tofu-state)/i',
  },
  {
    name: 'changes',
    regexp: /"[a-z-]+"(?:\s*(?:,|or|and)\s*"[a-z-]+")*/,
    transformer: (text: string) => {
      const kinds = quotedItems(text);
      const unknown = kinds.filter((kind) => !CHANGE_KINDS.includes(kind as ChangeKind));
      if (unknown.length > 0) throw new GuardrailsError('FEATURE_INVALID', `unknown planned action ${unknown.join(', ')}: expected one of ${CHANGE_KINDS.join(', ')}`);
      return kinds as ChangeKind[];
    },
    description: `planned actions: ${CHANGE_KINDS.map((kind) => `"${kind}"`).join(', ')}`,
  },
  {
    name: 'principal',
    regexp: /"(AWS|Federated|Service|CanonicalUser)"/,
    transformer: (type: string) => type as PrincipalType,
    description: 'a principal type: "AWS", "Federated", "Service" or "CanonicalUser"',
  },
];
