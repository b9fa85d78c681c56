import { describe, expect, it } from 'vitest';
import { evaluateAccess, publicStatements, type Tri } from './access.js';
import { parsePolicy, type NormalizedStatement, type PolicyDocument } from './policy.js';
import { renderPolicyDocument } from './render.js';
import { symbolsIn } from './symbols.js';

const noNames = (): undefined => undefined;

/** Planned values of an aws_iam_policy_document, as a plan prints them (unset arguments null). */
function planned(statements: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const blank = { sid: null, effect: null, actions: null, not_actions: null, resources: null, not_resources: null, principals: [], not_principals: [], condition: [] };
  return { override_policy_documents: null, source_policy_documents: null, override_json: null, source_json: null, policy_id: null, version: null, statement: statements.map((s) => ({ ...blank, ...s })), ...extra };
}

describe('renderPolicyDocument', () => {
  it('renders a known data source as the provider would (default Allow, principals, conditions)', () => {
    const result = renderPolicyDocument(
      planned([
        {
          actions: ['s3:GetObject'],
          resources: ['arn:aws:s3:::acme/*'],
          principals: [{ type: 'AWS', identifiers: ['111122223333'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['true'] }],
        },
        { effect: 'Deny', not_actions: ['iam:*'], resources: ['*'], principals: [{ type: '*', identifiers: ['*'] }] },
      ]),
      {},
      noNames,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expected = parsePolicy({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::acme/*'], Principal: { AWS: ['111122223333'] }, Condition: { Bool: { 'aws:SecureTransport': ['true'] } } },
        { Effect: 'Deny', NotAction: ['iam:*'], Resource: ['*'], Principal: '*' },
      ],
    });
    expect(result.document).toEqual(expected.ok && expected.document);
  });

  it('holds an unknown ARN as a symbol named by the configuration, in Resource only', () => {
    const result = renderPolicyDocument(
      planned([{ actions: ['s3:*'], resources: [null, null] }]),
      { json: true, statement: [{ resources: [true, true] }] },
      (statement, field) => (statement === 0 && field === 'resources' ? 'aws_s3_bucket.state.arn' : undefined),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [statement] = result.document.statements;
    expect(symbolsIn(statement!, ['Resource'])).toEqual(['aws_s3_bucket.state.arn']);
    expect(symbolsIn(statement!, ['Action', 'Principal', 'Condition'])).toEqual([]);
    expect(statement!.resources).toHaveLength(2);
  });

  it('counts unknown items the plan leaves out of the value but marks in after_unknown', () => {
    // regula resource_view_02: "resources": ["arn:...:bucket/*"] beside "resources": [false, true].
    const result = renderPolicyDocument(planned([{ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] }]), { statement: [{ resources: [false, true] }] }, noNames);
    expect(result.ok && result.document.statements[0]!.resources).toHaveLength(2);
  });

  const refusals: Array<[string, Record<string, unknown>, unknown, RegExp]> = [
    ['an unknown Effect', planned([{ actions: ['s3:*'], resources: ['*'] }]), { statement: [{ effect: true }] }, /effect is known only after apply/],
    ['an unknown list of statements', planned([]), { statement: true }, /list of statements/],
    ['statements the value does not show', planned([{ actions: ['s3:*'], resources: ['*'] }]), { statement: [{}, {}] }, /blocks known only after apply/],
    ['an unknown principal type', planned([{ actions: ['s3:*'], principals: [{ type: null, identifiers: ['*'] }] }]), { statement: [{ principals: [{ type: true }] }] }, /type is not known/],
    ['an unknown condition key', planned([{ actions: ['s3:*'], condition: [{ test: 'Bool', variable: null, values: ['true'] }] }]), { statement: [{ condition: [{ variable: true }] }] }, /test or variable/],
    ['merged source documents', planned([{ actions: ['s3:*'] }], { source_policy_documents: ['{}'] }), {}, /merges other documents/],
    ['unknown override documents', planned([{ actions: ['s3:*'] }]), { override_policy_documents: true }, /merges other documents/],
    ['a repeated condition', planned([{ actions: ['s3:*'], condition: [{ test: 'Bool', variable: 'a:b', values: ['true'] }, { test: 'Bool', variable: 'a:b', values: ['false'] }] }]), {}, /repeats/],
  ];
  it.each(refusals)('is not rendered with %s', (_name, values, unknown, reason) => {
    const result = renderPolicyDocument(values, unknown, noNames);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});

/**
 * Soundness: a verdict decided with symbols never changes when the values arrive. Random
 * documents over a small vocabulary, with some values unknown; each is evaluated with its symbols,
 * then with every symbol replaced by candidate values (including "*" and values that match the
 * targets); the symbolic answer must be "unknown" or equal to every concrete one.
 */
describe('a symbolic answer never contradicts the values that arrive later', () => {
  const ACTIONS = ['s3:GetObject', 's3:*', 's3:Get*', 'iam:*', '*', 'S3:getobject'];
  const RESOURCES = ['*', 'arn:aws:s3:::acme', 'arn:aws:s3:::acme/*', 'arn:aws:s3:::other/*'];
  const PRINCIPALS = ['*', 'arn:aws:iam::111122223333:root', '444455556666'];
  const CONDITION_VALUES = ['*', 'o-abc', '0.0.0.0/0', '203.0.113.0/24', 'true'];
  const TARGETS: Array<[string, string]> = [
    ['s3:GetObject', 'arn:aws:s3:::acme/key'],
    ['s3:*', '*'],
    ['*', '*'],
    ['iam:CreateUser', '*'],
    ['s3:GetObject', 'arn:aws:s3:::acme'],
  ];

  let seed = 20261202;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = <T,>(items: readonly T[]): T => items[random(items.length)]!;

  /** A statement template whose strings are either literals or `?N` placeholders for symbol N. */
  function randomStatement(holes: string[][]): Record<string, unknown> {
    const value = (pool: readonly string[]): string => {
      if (random(3) === 0) {
        holes.push(pool as string[]);
        return `?${holes.length - 1}`;
      }
      return pick(pool);
    };
    const list = (pool: readonly string[]): string[] => Array.from({ length: 1 + random(2) }, () => value(pool));
    const statement: Record<string, unknown> = { Effect: random(3) === 0 ? 'Deny' : 'Allow' };
    statement[random(4) === 0 ? 'NotAction' : 'Action'] = list(ACTIONS);
    statement[random(5) === 0 ? 'NotResource' : 'Resource'] = list(RESOURCES);
    if (random(2) === 0) statement.Principal = random(3) === 0 ? '*' : { AWS: list(PRINCIPALS) };
    if (random(2) === 0) {
      const operator = pick(['StringEquals', 'StringLike', 'IpAddress', 'Bool', 'ArnLike']);
      const key = pick(['aws:PrincipalOrgID', 'aws:SourceIp', 'aws:SecureTransport', 'aws:SourceArn']);
      statement.Condition = { [operator]: { [key]: list(CONDITION_VALUES) } };
    }
    return statement;
  }

  /** Replaces `?N` placeholders: by markers (symbolic) or by the chosen values (concrete). */
  function fill(template: unknown, replace: (hole: number) => string): unknown {
    if (typeof template === 'string') return template.startsWith('?') ? replace(Number(template.slice(1))) : template;
    if (Array.isArray(template)) return template.map((item) => fill(item, replace));
    if (template !== null && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, replace)]));
    return template;
  }

  function parsed(raw: unknown, symbols?: Map<string, string>): PolicyDocument {
    const result = parsePolicy(raw);
    if (!result.ok) throw new Error(result.reason);
    if (!symbols) return result.document;
    return { ...result.document, statements: result.document.statements.map((s): NormalizedStatement => ({ ...s, symbols })) };
  }

  const answers = (document: PolicyDocument): Tri[] => [
    ...TARGETS.map(([action, resource]) => evaluateAccess(document, action, resource).allows),
    publicStatements(document).public,
  ];

  it('holds on 400 random documents, each with 12 substitutions', () => {
    let decidedWithSymbols = 0;
    for (let round = 0; round < 400; round++) {
      const holes: string[][] = [];
      const template = { Version: '2012-10-17', Statement: Array.from({ length: 1 + random(3) }, () => randomStatement(holes)) };
      if (holes.length === 0) continue;
      const symbols = new Map<string, string>();
      const symbolic = answers(parsed(fill(template, (hole) => {
        const marker = `\uE000${hole}\uE001`;
        symbols.set(marker, `symbol ${hole}`);
        return marker;
      }), symbols));
      decidedWithSymbols += symbolic.filter((answer) => answer !== 'unknown').length;
      for (let substitution = 0; substitution < 12; substitution++) {
        const chosen = holes.map((pool) => pick(pool));
        const concrete = answers(parsed(fill(template, (hole) => chosen[hole]!)));
        symbolic.forEach((answer, i) => {
          if (answer !== 'unknown') expect(concrete[i], JSON.stringify({ template, chosen, i })).toBe(answer);
        });
      }
    }
    // The property is not vacuous: many answers are decided despite the symbols.
    expect(decidedWithSymbols).toBeGreaterThan(400);
  });
});
