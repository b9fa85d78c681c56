/** The public surface of the plan layer: load, model, tri-state reads, documents, queries. */
export type * from './types.js';
export { loadPlan, parsePlanText, type LoadPlanOptions } from './load.js';
export { buildPlanModel, changeKindOf, CHANGE_KINDS } from './model.js';
export { readPath, readValue, parseAttributePath, formatAttributePath, isSensitive, type PathSegment } from './values.js';
export { readDocument, isInvalidJsonDocument, type InvalidJsonDocument } from './documents.js';
export { queryJsonPath, queryJson, queryJsonPointers } from './jsonpath.js';
export {
  parseResourceAddress,
  parseModuleAddress,
  configAddressOf,
  moduleAddressOf,
  formatKey,
  type ResourceAddress,
  type ModuleStep,
  type InstanceKey,
} from './addresses.js';
export { defaultTagsOf, hasSettings, type DefaultTags } from './providers.js';
export { isExpression } from './references.js';
