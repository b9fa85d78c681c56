/**
 * Policy documents with holes. A document rendered from configuration (an
 * `aws_iam_policy_document` whose `json` is known only after apply) may hold values that are not
 * known yet, such as a bucket ARN in `Resource`. Each such value stands in the document as a
 * marker string, and the statement's `symbols` map says what it stands for. Queries that must not
 * decide on a value they cannot see ask `symbolsIn` (or, in access.ts, answer "unknown").
 *
 * The markers are only ever interpreted through a statement's `symbols` map, which only the
 * renderer fills: a literal policy that happens to contain such a string is read as the literal.
 */
import type { NormalizedStatement, PrincipalBlock } from './policy.js';

/** The elements of a statement a query may read. `Action` covers `NotAction`, and so on. */
export type StatementField = 'Sid' | 'Action' | 'Resource' | 'Principal' | 'Condition';

const OPEN = '\uE000';
const CLOSE = '\uE001';

/** The marker for the n-th unknown value of a rendered document. */
export function symbolMarker(n: number): string {
  return `${OPEN}${n}${CLOSE}`;
}

/** True when `value` stands for a value known only after apply in this statement. */
export function isSymbol(statement: NormalizedStatement, value: string): boolean {
  return statement.symbols?.has(value) ?? false;
}

/** What the symbol stands for (`aws_s3_bucket.state.arn`), for messages. */
export function symbolName(statement: NormalizedStatement, value: string): string {
  return statement.symbols?.get(value) ?? value;
}

/** The names of the unknown values in the given elements of the statement, without repeats. */
export function symbolsIn(statement: NormalizedStatement, fields: readonly StatementField[]): string[] {
  const symbols = statement.symbols;
  if (symbols === undefined || symbols.size === 0) return [];
  const names = new Set<string>();
  const visit = (values: readonly string[] | undefined): void => {
    for (const value of values ?? []) {
      const name = symbols.get(value);
      if (name !== undefined) names.add(name);
    }
  };
  for (const field of fields) {
    switch (field) {
      case 'Sid':
        visit(statement.sid === undefined ? undefined : [statement.sid]);
        break;
      case 'Action':
        visit(statement.actions);
        visit(statement.notActions);
        break;
      case 'Resource':
        visit(statement.resources);
        visit(statement.notResources);
        break;
      case 'Principal':
        visit(principalList(statement.principals));
        visit(principalList(statement.notPrincipals));
        break;
      case 'Condition':
        for (const condition of statement.conditions) visit(condition.values);
        break;
    }
  }
  return [...names];
}

function principalList(block: PrincipalBlock | undefined): string[] {
  if (block === undefined || block === '*') return [];
  return Object.values(block).flat();
}
