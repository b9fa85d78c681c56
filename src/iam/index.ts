/** IAM policy documents: parse, normalise, query statements, actions, principals and conditions. */
export {
  parsePolicy,
  splitOperator,
  statementLabel,
  statementsByEffect,
  type NormalizedCondition,
  type NormalizedStatement,
  type ParsePolicyResult,
  type PolicyDocument,
  type PrincipalBlock,
  type PrincipalType,
} from './policy.js';
export {
  actionPatternCovers,
  actionPatternsOverlap,
  notActionExcludes,
  notActionListsEntry,
  statementCoversAction,
} from './actions.js';
export {
  conditionValues,
  findConditions,
  numericUpperBound,
  parseNumericValue,
  requiresConditionValue,
  type NumericBound,
} from './conditions.js';
export { statementCoversResource } from './resources.js';
export {
  appliesToEveryone,
  awsPrincipals,
  federatedPrincipals,
  isAccountRoot,
  principalValues,
  servicePrincipals,
  webIdentityIssuer,
} from './principals.js';
export {
  findDenyConditions,
  findDenyUnlessEquals,
  findDenyWhenBool,
  type DenyConditionMatch,
  type DenyConditionQuery,
  type DenyUnlessMatch,
  type DenyUnlessVerdict,
} from './deny.js';
export { actionApplies, evaluateAccess, publicStatements, resourceApplies, type AccessAnswer, type GrantingStatement, type PublicStatement, type Tri } from './access.js';
export { renderPolicyDocument, type RenderResult, type SymbolNamer } from './render.js';
export { renderEncodedPolicy, type SymbolOf } from './render-encoded.js';
export { isSymbol, symbolMarker, symbolName, symbolsIn, type StatementField } from './symbols.js';
