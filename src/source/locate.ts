/**
 * Lines of blocks in HCL text. hcl2json returns no positions, so blocks are found again by their
 * header (`resource "type" "name" {`), the way `tofu fmt` lays them out. A block that cannot be
 * found this way (unusual layout, JSON syntax) simply has no line.
 */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** 1-based line of the `occurrence`-th (0-based) block headed `keyword label… {`, labels quoted or bare. */
export function blockHeaderLine(text: string, keyword: string, labels: readonly string[], occurrence = 0): number | undefined {
  const labelPattern = labels.map((label) => `[ \\t]+(?:"${escapeRegExp(label)}"|${escapeRegExp(label)})`).join('');
  const header = new RegExp(`^[ \\t]*${escapeRegExp(keyword)}${labelPattern}[ \\t]*\\{`, 'gm');
  let seen = 0;
  for (const match of text.matchAll(header)) {
    if (seen === occurrence) return lineAt(text, match.index);
    seen++;
  }
  return undefined;
}

/**
 * 1-based line of the first `name {` block inside the top-level block starting at `headerLine`.
 * The top-level block is taken to end at the next line that starts in column 0 (its closing brace
 * or the next block), which holds for formatted sources.
 */
export function nestedBlockLine(text: string, headerLine: number, name: string): number | undefined {
  const lines = text.split('\n');
  const opener = new RegExp(`(?:^|[\\s{])${escapeRegExp(name)}[ \\t]*\\{`);
  const header = lines[headerLine - 1];
  if (header !== undefined && opener.test(header.slice(header.indexOf('{') + 1))) return headerLine;
  for (let index = headerLine; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^\S/.test(line)) return undefined;
    if (opener.test(line)) return index + 1;
  }
  return undefined;
}
