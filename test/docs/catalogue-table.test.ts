import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { enforcementOf } from '../../src/runner/results.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Id and enforcement of every bundled guardrail (`features/<id>/<id>.feature`, and the starter
 * library's `features/library/<id>/<id>.feature`), from the tag lines above `Feature:`.
 */
async function catalogue(dir = path.join(repoRoot, 'features')): Promise<Map<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true });
  const guardrails = new Map<string, string>();
  for (const entry of entries.filter((e) => e.isDirectory())) {
    if (entry.name === 'library' && dir === path.join(repoRoot, 'features')) {
      for (const [id, enforcement] of await catalogue(path.join(dir, entry.name))) guardrails.set(id, enforcement);
      continue;
    }
    const text = await readFile(path.join(dir, entry.name, `${entry.name}.feature`), 'utf8');
    const header = text.slice(0, text.indexOf('Feature:'));
    const tags = header.split(/\s+/).filter((word) => word.startsWith('@'));
    const id = tags.find((tag) => tag.startsWith('@id:'))?.slice('@id:'.length);
    if (id === undefined) throw new Error(`${path.relative(repoRoot, dir)}/${entry.name} has no @id tag`);
    guardrails.set(id, enforcementOf(tags));
  }
  return guardrails;
}

/** The rows of the tables in the section "## The catalogue" (up to the next `## `): id → enforcement. */
function documentedTable(markdown: string): Map<string, string> {
  const start = markdown.indexOf('\n## The catalogue');
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  const rows = [...section.matchAll(/^\| `([^`]+)` \| (\w+) \| (.+) \|$/gm)];
  return new Map(rows.map((row) => [row[1]!, row[2]!]));
}

describe.each(['docs/writing-guardrails.md', 'README.md'])('the catalogue tables in %s', (file) => {
  it('list every bundled guardrail, the starter library included, with its enforcement, and nothing else', async () => {
    const documented = documentedTable(await readFile(path.join(repoRoot, file), 'utf8'));
    const actual = await catalogue();
    expect([...actual.keys()].filter((id) => id.startsWith('s3-bucket-')).length, 'the starter library is read').toBeGreaterThan(0);
    expect(Object.fromEntries(documented), `update the tables under "## The catalogue" in ${file}`).toEqual(Object.fromEntries(actual));
  });
});

describe('documentedTable', () => {
  it.each([
    ['a row', '\n## The catalogue\n\n| `audit-trail` | enforce | Trails cover every region. |\n', { 'audit-trail': 'enforce' }],
    ['rows outside the section are ignored', '| `x` | observe | y |\n\n## The catalogue\n', {}],
    ['rows after the next section are ignored', '\n## The catalogue\n\n| `a` | enforce | b |\n\n## Layout\n\n| `x` | observe | y |\n', { a: 'enforce' }],
  ])('reads %s', (_name, markdown, expected) => {
    expect(Object.fromEntries(documentedTable(markdown))).toEqual(expected);
  });
});
