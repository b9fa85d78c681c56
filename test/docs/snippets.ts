/**
 * Finds the Gherkin and shell snippets of the Markdown docs and what each must be run with.
 *
 * A snippet is a fenced block whose language is `gherkin`, `sh`, `shell`, `bash` or `console`
 * (an unlabelled block whose first line starts with `$ ` counts as `console`). The line before its
 * fence (blank lines allowed) is an HTML comment saying how the docs test runs it:
 *
 *   <!-- snippet: plan=PATH status=STATUS [findings=ADDR,ADDR] [sources=DIR] [steps=FILE] -->
 *       Gherkin, run as a guardrail against the plan (a path from the repository root, or `above`
 *       for the nearest ```json block before the snippet); the guardrail must end in STATUS and
 *       name every ADDR among its findings. A snippet without a `Feature:` line is wrapped in one.
 *   <!-- snippet: run [exit=N] [cwd=DIR] -->
 *       Shell, run with bash -e in a temporary copy of the repository's docs/, examples/ and
 *       features/ (or of DIR only, as the working directory), `guardrails` on PATH being the built
 *       CLI; the exit code must be N (0 by default). In a `console` block, `$ ` lines are the
 *       commands and the lines after them the output they must print (`...` stands for any lines).
 *   <!-- snippet: not-runnable: REASON -->
 *       A snippet that cannot run offline (a GitLab API call, a registry download), with the reason.
 */
import { readFileSync } from 'node:fs';

export type SnippetLanguage = 'gherkin' | 'shell' | 'console';

export interface GherkinRun {
  kind: 'gherkin';
  plan: string;
  status: string;
  findings: string[];
  sources?: string;
  steps?: string;
}

export interface ShellRun {
  kind: 'run';
  exit: number;
  cwd?: string;
}

export interface NotRunnable {
  kind: 'not-runnable';
  reason: string;
}

export interface Snippet {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  language: SnippetLanguage;
  text: string;
  /** How to run it; undefined when the marker is missing (the docs test fails it). */
  marker: GherkinRun | ShellRun | NotRunnable | undefined;
  /** A marker that could not be read, with what was wrong. */
  markerError?: string;
  /** The nearest ```json block before it (for `plan=above`). */
  jsonAbove?: string;
}

const FENCE = /^(\s*)```(\S*)\s*$/;
const MARKER = /^\s*<!--\s*snippet:\s*(.*?)\s*-->\s*$/;

function languageOf(info: string, firstLine: string | undefined): SnippetLanguage | undefined {
  if (info === 'gherkin') return 'gherkin';
  if (info === 'sh' || info === 'shell' || info === 'bash') return 'shell';
  if (info === 'console') return 'console';
  if (info === '' && firstLine?.trimStart().startsWith('$ ')) return 'console';
  return undefined;
}

/** Every snippet of a Markdown file, with its marker. */
export function snippetsOf(file: string, text = readFileSync(file, 'utf8')): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  let jsonAbove: string | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const open = FENCE.exec(lines[index]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const info = open[2]!;
    let end = index + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end += 1;
    const body = lines.slice(index + 1, end).map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)));
    const language = languageOf(info, body[0]);
    if (info === 'json') jsonAbove = body.join('\n');
    if (language) {
      const snippet: Snippet = { file, line: index + 1, language, text: `${body.join('\n')}\n`, marker: undefined };
      if (jsonAbove !== undefined) snippet.jsonAbove = jsonAbove;
      const markerLine = precedingMarker(lines, index);
      if (markerLine !== undefined) {
        try {
          snippet.marker = parseMarker(markerLine, language);
        } catch (error) {
          snippet.markerError = (error as Error).message;
        }
      }
      snippets.push(snippet);
    }
    index = end;
  }
  return snippets;
}

function precedingMarker(lines: readonly string[], fence: number): string | undefined {
  for (let index = fence - 1; index >= 0; index -= 1) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    return MARKER.exec(line)?.[1];
  }
  return undefined;
}

/** Reads the text of a `<!-- snippet: ... -->` marker for a snippet of the given language. */
export function parseMarker(text: string, language: SnippetLanguage): GherkinRun | ShellRun | NotRunnable {
  const notRunnable = /^not-runnable:\s*(.+)$/.exec(text);
  if (notRunnable) return { kind: 'not-runnable', reason: notRunnable[1]! };
  const words = text.split(/\s+/).filter(Boolean);
  const settings = new Map<string, string>();
  for (const word of words) {
    const [key, ...rest] = word.split('=');
    settings.set(key!, rest.join('='));
  }
  const allow = (keys: string[]): void => {
    const unknown = [...settings.keys()].filter((key) => !keys.includes(key));
    if (unknown.length > 0) throw new Error(`unknown snippet setting ${unknown.join(', ')}; expected ${keys.join(', ')}`);
  };
  if (language === 'gherkin') {
    allow(['plan', 'status', 'findings', 'sources', 'steps']);
    const plan = settings.get('plan');
    const status = settings.get('status');
    if (!plan || !status) throw new Error('a Gherkin snippet needs plan=PATH (or plan=above) and status=STATUS');
    if (!['passed', 'failed', 'indeterminate', 'not-applicable'].includes(status)) throw new Error(`status=${status} is not an outcome`);
    const run: GherkinRun = { kind: 'gherkin', plan, status, findings: (settings.get('findings') ?? '').split(',').filter(Boolean) };
    if (settings.get('sources')) run.sources = settings.get('sources')!;
    if (settings.get('steps')) run.steps = settings.get('steps')!;
    return run;
  }
  if (words[0] !== 'run') throw new Error('a shell snippet is marked `run [exit=N] [cwd=DIR]` or `not-runnable: REASON`');
  settings.delete('run');
  allow(['exit', 'cwd']);
  const exit = Number(settings.get('exit') ?? '0');
  if (!Number.isInteger(exit)) throw new Error(`exit=${settings.get('exit')} is not a number`);
  const run: ShellRun = { kind: 'run', exit };
  if (settings.get('cwd')) run.cwd = settings.get('cwd')!;
  return run;
}

/** A Gherkin snippet as a feature file: one without a `Feature:` line is wrapped in one. */
export function asFeature(snippet: Snippet): string {
  if (/^\s*Feature:/m.test(snippet.text)) return snippet.text;
  return `@id:docs-snippet @enforce\nFeature: snippet at line ${snippet.line}\n\n${snippet.text}`;
}

/** The commands of a console snippet, with the output shown after each (continuation lines joined). */
export function consoleSession(text: string): { script: string; output: string[] } {
  const commands: string[] = [];
  const output: string[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (!line.startsWith('$ ')) {
      output.push(line);
      continue;
    }
    let command = line.slice(2);
    while (command.endsWith('\\') && index + 1 < lines.length) {
      index += 1;
      command = `${command}\n${lines[index]!}`;
    }
    commands.push(command);
  }
  return { script: commands.join('\n'), output };
}

/** Whether the actual output matches the shown output, where a `...` line stands for any lines. */
export function outputMatches(shown: readonly string[], actual: readonly string[]): boolean {
  const trim = (lines: readonly string[]): string[] => lines.map((line) => line.trimEnd());
  const expected = trim(shown);
  const got = trim(actual);
  while (got.length > 0 && got[got.length - 1] === '') got.pop();
  while (expected.length > 0 && expected[expected.length - 1] === '') expected.pop();
  const match = (e: number, g: number): boolean => {
    if (e === expected.length) return g === got.length;
    if (expected[e] === '...') {
      for (let skip = g; skip <= got.length; skip += 1) if (match(e + 1, skip)) return true;
      return false;
    }
    return g < got.length && got[g] === expected[e] && match(e + 1, g + 1);
  };
  return match(0, 0);
}
