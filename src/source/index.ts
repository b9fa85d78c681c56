/** Reading `.tf` sources: what the plan JSON leaves out (lifecycle, backend, provider blocks as written). */
export { loadSources, type LoadSourcesOptions } from './load.js';
export { isExpressionText } from './literal.js';
export type { BackendBlock, Lifecycle, SourceLocation, SourceModel, SourceModule, SourceProviderBlock } from './types.js';
export { symbolText, writtenSymbol, type WrittenEvaluation, type WrittenSymbol, type WrittenValue } from './jsonencode.js';
