/**
 * Every text renderer against whole golden documents. Run with UPDATE_GOLDEN=1 to rewrite
 * the files under golden/, then read the diff before committing it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportFormats } from '../../src/report/formats.js';
import type { AnyReport } from '../../src/report/text.js';
import { failingCheck, observation, warningCheck } from './fixtures.js';

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const extension: Record<string, string> = {
  summary: 'txt',
  json: 'json',
  junit: 'xml',
  codequality: 'codequality.json',
  markdown: 'md',
  sast: 'sast.json',
};

const reports: Array<[string, AnyReport]> = [
  ['check-failed', failingCheck],
  ['check-warn', warningCheck],
  ['observe', observation],
];

const cases = reports.flatMap(([fixture, report]) =>
  reportFormats
    .filter((format) => format.output === 'file')
    .flatMap((format) => {
      const render = 'kind' in report ? ('observation' in format ? format.observation : undefined) : format.check;
      return render === undefined ? [] : [{ file: `${fixture}.${extension[format.name]}`, render: () => render(report as never) }];
    }),
);

describe('renderers match their golden documents', () => {
  // The SAST report carries the scan time.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-04T05:06:07.890Z'));
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it.each(cases)('$file', async ({ file, render }) => {
    const rendered = render();
    if (rendered.kind !== 'text') {
      throw new Error('only text formats have golden files');
    }
    const goldenPath = path.join(goldenDir, file);
    if (update) {
      await writeFile(goldenPath, rendered.text);
    }
    expect(rendered.text).toBe(await readFile(goldenPath, 'utf8'));
  });

  it('covers every text format for check reports and every observation format but codequality and sast', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(
      [
        'check-failed.txt', 'check-failed.json', 'check-failed.xml', 'check-failed.codequality.json', 'check-failed.md', 'check-failed.sast.json',
        'check-warn.txt', 'check-warn.json', 'check-warn.xml', 'check-warn.codequality.json', 'check-warn.md', 'check-warn.sast.json',
        'observe.txt', 'observe.json', 'observe.xml', 'observe.md',
      ].sort(),
    );
  });
});
