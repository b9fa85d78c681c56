/**
 * Writes the `.tf` sources of a plan description, formatted as `terraform fmt` / `tofu fmt` leave
 * them, so an example's sources and its plan JSON come from the same description and agree.
 */
import { isBlock, isExpr, isRef, type Arg, type ArgMap, type BlockArg, type PlanSpec, type ResourceSpec } from './plan-builder.js';

/** What only the sources say: the backend, required versions, lifecycle blocks. */
export interface SourceExtras {
  /** `terraform { backend "<type>" { ... } }` settings (literals only). */
  readonly backend?: { readonly type: string; readonly settings: Readonly<Record<string, string | boolean>> };
  readonly requiredVersion?: string;
  /** Root file for resources without an explicit file; `main.tf` when absent. */
  readonly rootFile?: string;
}

const MARK_OPEN = '\u0001';
const MARK_CLOSE = '\u0002';
// Keys with dashes are legal identifiers, but people quote them (`"detail-type"`).
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Line = { readonly key: string; readonly value: string } | { readonly raw: string };

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function quote(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  // Markers stand for interpolated traversals.
  return `"${escaped.replace(new RegExp(`${MARK_OPEN}([^${MARK_CLOSE}]*)${MARK_CLOSE}`, 'g'), '${$1}')}"`;
}

function stringExpr(text: string): string {
  const whole = new RegExp(`^${MARK_OPEN}([^${MARK_CLOSE}]*)${MARK_CLOSE}$`).exec(text);
  return whole ? (whole[1] ?? '') : quote(text);
}

/** An HCL value expression; multi-line values come back with embedded newlines, indented for `indent`. */
function valueExpr(v: unknown, indent: string): string {
  if (typeof v === 'string') return stringExpr(v);
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => valueExpr(x, inner));
    const inline = `[${items.join(', ')}]`;
    if (!inline.includes('\n') && inline.length + indent.length <= 100 && !v.some(isObj)) return inline;
    return `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  if (isObj(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    const key = (k: string) => (IDENT.test(k) ? k : quote(k));
    const single = entries.map(([k, x]) => `${key(k)} = ${valueExpr(x, inner)}`);
    const inline = `{ ${single.join(', ')} }`;
    if (entries.length === 1 && !inline.includes('\n') && inline.length + indent.length <= 80) return inline;
    const lines: Line[] = entries.map(([k, x]) => ({ key: key(k), value: valueExpr(x, inner) }));
    return `{\n${renderLines(lines, inner)}\n${indent}}`;
  }
  throw new Error(`cannot write ${String(v)} as HCL`);
}

/** Aligns `=` across runs of single-line attributes, as fmt does; multi-line ones break the run. */
function renderLines(lines: readonly Line[], indent: string): string {
  const out: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((l) => l.key.length));
    for (const l of run) out.push(`${indent}${l.key.padEnd(width)} = ${l.value}`);
    run = [];
  };
  for (const line of lines) {
    if ('raw' in line) {
      flush();
      out.push(line.raw === '' ? '' : `${indent}${line.raw}`);
    } else if (line.value.includes('\n')) {
      flush();
      out.push(`${indent}${line.key} = ${line.value}`);
    } else run.push(line);
  }
  flush();
  return out.join('\n');
}

function markerGet(t: string): string {
  return `${MARK_OPEN}${t}${MARK_CLOSE}`;
}

function argExpr(arg: Arg, indent: string): string {
  if (isRef(arg)) return arg.traversal;
  if (isExpr(arg)) {
    const e = arg;
    if (e.form === 'call') return `${e.fn ?? ''}(${e.traversals.join(', ')})`;
    const built = e.build(markerGet);
    if (e.form === 'template') return quote(String(built));
    return `jsonencode(${valueExpr(built, indent)})`;
  }
  return valueExpr(arg, indent);
}

/** The body lines of a block: attributes first (in the order given), then nested blocks. */
function bodyLines(args: ArgMap, indent: string): Line[] {
  const lines: Line[] = [];
  const blocks: [string, BlockArg][] = [];
  for (const [k, v] of Object.entries(args)) {
    if (isBlock(v)) blocks.push([k, v]);
    else lines.push({ key: k, value: argExpr(v, indent) });
  }
  for (const [name, b] of blocks) {
    for (const item of b.items) {
      if (lines.length > 0) lines.push({ raw: '' });
      lines.push({ raw: blockText(name, [], item, indent).slice(indent.length) });
    }
  }
  return lines;
}

function blockText(type: string, labels: readonly string[], args: ArgMap, indent: string, extra: Line[] = []): string {
  const head = [type, ...labels.map((l) => `"${l}"`)].join(' ');
  const lines = [...bodyLines(args, `${indent}  `), ...extra];
  if (lines.length === 0) return `${indent}${head} {}`;
  return `${indent}${head} {\n${renderLines(lines, `${indent}  `)}\n${indent}}`;
}

function resourceText(r: ResourceSpec): string {
  // Sources are written for single-instance blocks only; a for_each block would need its expression in HCL.
  if (r.key !== undefined) throw new Error(`cannot write sources for the for_each/count instance ${r.type}.${r.name}`);
  const extra: Line[] = [];
  if (r.provider && r.provider !== 'aws' && !r.provider.includes(':')) extra.unshift({ key: 'provider', value: r.provider });
  if (r.dependsOn) {
    if (Object.keys(r.args).length > 0) extra.push({ raw: '' });
    extra.push({ key: 'depends_on', value: `[${r.dependsOn.join(', ')}]` });
  }
  if (r.lifecycle) {
    const settings = Object.entries(r.lifecycle).map(([k, v]) => ({ key: k, value: String(v) }));
    extra.push({ raw: '' }, { raw: `lifecycle {\n${renderLines(settings, '    ')}\n  }` });
  }
  const kind = r.mode === 'data' ? 'data' : 'resource';
  // A provider meta-argument goes first, as people write it.
  const providerLine = extra.find((l) => 'key' in l && l.key === 'provider');
  const rest = extra.filter((l) => l !== providerLine);
  const args = bodyLines(r.args, '  ');
  const lines: Line[] = providerLine ? [providerLine, ...(args.length ? [{ raw: '' } as Line] : []), ...args, ...rest] : [...args, ...rest];
  if (lines.length === 0) return `${kind} "${r.type}" "${r.name}" {}`;
  return `${kind} "${r.type}" "${r.name}" {\n${renderLines(lines, '  ')}\n}`;
}

function joinBlocks(blocks: string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

/** The module directory a local `source` names, relative to the root. */
function moduleDir(source: string, parentDir: string): string {
  const parts = [...(parentDir ? parentDir.split('/') : []), ...source.split('/')].filter((p) => p !== '.' && p !== '');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

/** Renders the configuration of a plan description as `.tf` files: relative path → text. */
export function writeSources(spec: PlanSpec, extras: SourceExtras = {}): Record<string, string> {
  const files: Record<string, string[]> = {};
  const add = (file: string, text: string) => {
    (files[file] ??= []).push(text);
  };
  const dirs = new Map<string, string>([['', '']]);
  for (const m of [...(spec.modules ?? [])].sort((a, b) => a.path.length - b.path.length)) {
    dirs.set(m.path.join('/'), moduleDir(m.source, dirs.get(m.path.slice(0, -1).join('/')) ?? ''));
  }
  const inDir = (dir: string, file: string) => (dir ? `${dir}/${file}` : file);

  const terraformBody: Line[] = [];
  if (extras.requiredVersion) terraformBody.push({ key: 'required_version', value: quote(extras.requiredVersion) });
  const awsVersion = spec.providers.find((p) => !p.module?.length)?.versionConstraint ?? '>= 5.60';
  terraformBody.push({ raw: '' });
  terraformBody.push({ raw: `required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ${quote(awsVersion)}\n    }\n  }` });
  if (extras.backend) {
    const settings = Object.entries(extras.backend.settings).map(([k, v]) => ({ key: k, value: typeof v === 'string' ? quote(v) : String(v) }));
    terraformBody.push({ raw: '' });
    terraformBody.push({ raw: `backend "${extras.backend.type}" {\n${renderLines(settings, '    ')}\n  }` });
  }
  const firstReal = terraformBody.findIndex((l) => !('raw' in l) || l.raw !== '');
  add(extras.backend ? 'backend.tf' : 'versions.tf', `terraform {\n${renderLines(terraformBody.slice(firstReal), '  ')}\n}`);

  for (const p of spec.providers) {
    const dir = dirs.get((p.module ?? []).join('/')) ?? '';
    const args: ArgMap = p.alias ? { alias: p.alias, ...p.args } : p.args;
    add(inDir(dir, 'providers.tf'), blockText('provider', [p.name], args, ''));
  }
  for (const [name, v] of Object.entries(spec.variables ?? {})) {
    const body: Line[] = [];
    if (v.description) body.push({ key: 'description', value: quote(v.description) });
    body.push({ key: 'type', value: typeof v.value === 'number' ? 'number' : typeof v.value === 'boolean' ? 'bool' : 'string' });
    if (v.default !== undefined) body.push({ key: 'default', value: valueExpr(v.default, '  ') });
    if (v.sensitive) body.push({ key: 'sensitive', value: 'true' });
    add('variables.tf', `variable "${name}" {\n${renderLines(body, '  ')}\n}`);
  }
  for (const r of spec.resources) {
    if (r.inConfig === false) continue;
    const dir = dirs.get((r.module ?? []).join('/')) ?? '';
    add(inDir(dir, r.file ?? (dir ? 'main.tf' : (extras.rootFile ?? 'main.tf'))), resourceText(r));
  }
  for (const m of spec.modules ?? []) {
    const parentDir = dirs.get(m.path.slice(0, -1).join('/')) ?? '';
    const dir = dirs.get(m.path.join('/')) ?? '';
    const lines: Line[] = [{ key: 'source', value: quote(m.source) }, { raw: '' }, ...bodyLines(m.inputs, '  ')];
    add(inDir(parentDir, m.path.length > 1 || !extras.rootFile ? 'main.tf' : extras.rootFile), `module "${m.path[m.path.length - 1]}" {\n${renderLines(lines, '  ')}\n}`);
    for (const [name, v] of Object.entries(m.variables)) {
      const body: Line[] = [];
      if (v.description) body.push({ key: 'description', value: quote(v.description) });
      body.push({ key: 'type', value: 'string' });
      if (v.default !== undefined) body.push({ key: 'default', value: valueExpr(v.default, '  ') });
      add(inDir(dir, 'variables.tf'), `variable "${name}" {\n${renderLines(body, '  ')}\n}`);
    }
    for (const [name, t] of Object.entries(m.outputs ?? {})) {
      add(inDir(dir, 'outputs.tf'), `output "${name}" {\n  value = ${t}\n}`);
    }
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, blocks]) => [f, joinBlocks(blocks)]));
}
