import { describe, expect, it } from 'vitest';
import { asFeature, consoleSession, outputMatches, snippetsOf } from './snippets.js';

describe('the docs snippet convention', () => {
  const page = [
    '<!-- snippet: plan=examples/x.json status=failed findings=a.b,c.d -->',
    '```gherkin',
    '  Scenario: s',
    '    Given the "aws_s3_bucket" resources',
    '```',
    '',
    '```sh',
    'guardrails steps',
    '```',
    '  <!-- snippet: run exit=1 cwd=examples/infra-account -->',
    '  ```',
    '  $ guardrails check \\',
    '      --plan tfplan.json',
    '  PASS',
    '  ```',
    '<!-- snippet: not-runnable: posts to the GitLab API -->',
    '```bash',
    'curl https://gitlab.example.com',
    '```',
    '<!-- snippet: plan=x.json status=fine -->',
    '```gherkin',
    'Feature: f',
    '```',
  ].join('\n');
  const snippets = snippetsOf('page.md', page);

  it('finds Gherkin, shell and console snippets, indented ones included, with their markers', () => {
    expect(snippets.map((snippet) => [snippet.line, snippet.language, snippet.marker?.kind])).toEqual([
      [2, 'gherkin', 'gherkin'],
      [7, 'shell', undefined],
      [11, 'console', 'run'],
      [17, 'shell', 'not-runnable'],
      [21, 'gherkin', undefined],
    ]);
    expect(snippets[0]!.marker).toEqual({ kind: 'gherkin', plan: 'examples/x.json', status: 'failed', findings: ['a.b', 'c.d'] });
    expect(snippets[2]!.marker).toEqual({ kind: 'run', exit: 1, cwd: 'examples/infra-account' });
    expect(snippets[4]!.markerError).toBe('status=fine is not an outcome');
  });

  it('wraps a snippet without a Feature line in one', () => {
    expect(asFeature(snippets[0]!)).toMatch(/^@id:docs-snippet @enforce\nFeature: snippet at line 2\n\n {2}Scenario: s\n/);
  });

  it('reads a console session: commands with continuations, then their output', () => {
    expect(consoleSession(snippets[2]!.text)).toEqual({ script: 'guardrails check \\\n    --plan tfplan.json', output: ['PASS'] });
  });

  it('compares output exactly, `...` standing for any lines', () => {
    expect(outputMatches(['a', '...', 'd'], ['a', 'b', 'c', 'd', ''])).toBe(true);
    expect(outputMatches(['a', 'd'], ['a', 'b', 'd'])).toBe(false);
    expect(outputMatches(['a', '...'], ['a'])).toBe(true);
    expect(outputMatches(['a  '], ['b'])).toBe(false);
  });
});
