/** The findings and observation reports: types, formats, renderers and the report writer. */
export type * from './types.js';
export { reportFormats, findFormat, parseFormatSpec, type FormatName, type FormatRequest, type ReportFormat, type RenderedReport } from './formats.js';
export { writeReports, type WriteReportsOptions } from './write.js';
export { renderCheckSummary, renderObservationSummary } from './summary.js';
export { renderCheckJson, renderObservationJson } from './json.js';
export { renderCheckJunit, renderObservationJunit } from './junit.js';
export { renderCheckCodeQuality, codeQualityIssues, type CodeQualityIssue, type CodeQualitySeverity } from './codequality.js';
export { renderCheckMarkdown, renderObservationMarkdown } from './markdown.js';
export { writeCheckHtml, writeObservationHtml, checkToCucumber, observationToCucumber } from './html.js';
export { isObservationReport, type AnyReport } from './text.js';
