import type { Subject } from './subject.js';

/** The judgement of one check on one subject. Indeterminate is never folded into passed. */
export interface Verdict {
  readonly subject: Subject;
  readonly status: 'passed' | 'failed' | 'indeterminate';
  /** Attribute path the verdict is about; `` for the subject as a whole. */
  readonly path: string;
  /** Address-first sentence. */
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

/** Renders a value for messages the way a reader expects to see it in HCL/JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Builds a verdict whose message follows `<address>: <path> <detail>`. */
export function verdict(
  subject: Subject,
  status: Verdict['status'],
  path: string,
  detail: string,
  extra: { expected?: string; actual?: string } = {},
): Verdict {
  const fullPath =
    subject.kind === 'statement'
      ? [subject.label, path].filter(Boolean).join('.')
      : subject.kind === 'item'
        ? withinItem(subject.path, path)
        : path;
  const where = fullPath ? `${subject.address}: ${fullPath} ${detail}` : `${subject.address}: ${detail}`;
  return { subject, status, path: fullPath, message: where, ...extra };
}

/** An item's field path, prefixed with the item's own path unless it already starts with it. */
function withinItem(itemPath: string, path: string): string {
  if (path === '') return itemPath;
  if (path === itemPath || path.startsWith(`${itemPath}.`) || path.startsWith(`${itemPath}[`)) return path;
  return `${itemPath}.${path}`;
}
