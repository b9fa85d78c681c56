import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { enforcementOf } from '../../src/runner/results.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Id and enforcement of every bundled guardrail, from the tag lines above `Feature:`. */
async function catalogue(): Promise<Map<string, string>> {
  const dirs = await readdir(path.join(repoRoot, 'features'), { withFileTypes: true });
  const guardrails = new Map<string, string>();
  for (const dir of dirs.filter((entry) => entry.isDirectory())) {
    const text = await readFile(path.join(repoRoot, 'features', dir.name, `${dir.name}.feature`), 'utf8');
    const header = text.slice(0, text.indexOf('Feature:'));
    const tags = header.split(/\s+/).filter((word) => word.startsWith('@'));
    const id = tags.find((tag) => tag.startsWith('@id:'))?.slice('@id:'.length);
    if (id === undefined) throw new Error(`features/${dir.name} has no @id tag`);
    guardrails.set(id, enforcementOf(tags));
  }
  return guardrails;
}

/** The rows of the table under "## The catalogue" in docs/writing-guardrails.md: id → enforcement. */
function documentedTable(markdown: string): Map<string, string> {
  const section = markdown.slice(markdown.indexOf('\n## The catalogue'));
  const rows = [...section.matchAll(/^\| `([^`]+)` \| (\w+) \| (.+) \|$/gm)];
  return new Map(rows.map((row) => [row[1]!, row[2]!]));
}

describe('the catalogue table in docs/writing-guardrails.md', () => {
  it('lists every bundled guardrail with its enforcement, and nothing else', async () => {
    const documented = documentedTable(await readFile(path.join(repoRoot, 'docs', 'writing-guardrails.md'), 'utf8'));
    const actual = await catalogue();
    expect(actual.size).toBeGreaterThan(0);
    expect(Object.fromEntries(documented), 'update the table under "## The catalogue" in docs/writing-guardrails.md').toEqual(Object.fromEntries(actual));
  });

  it.each([
    ['a row', '\n## The catalogue\n\n| `audit-trail` | enforce | Trails cover every region. |\n', { 'audit-trail': 'enforce' }],
    ['rows outside the section are ignored', '| `x` | observe | y |\n\n## The catalogue\n', {}],
  ])('reads %s', (_name, markdown, expected) => {
    expect(Object.fromEntries(documentedTable(markdown))).toEqual(expected);
  });
});
