// `--help` lists the report formats by hand (registering commands must not load the renderers); it must not go stale.
import { describe, expect, it } from 'vitest';
import { BufferSink } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { reportFormats } from '../../src/report/formats.js';

async function help(command: string): Promise<string> {
  const stdout = new BufferSink();
  await runCli([command, '--help'], { cwd: process.cwd(), env: {}, stdout, stderr: new BufferSink(), stdin: process.stdin, stderrIsTTY: false });
  return stdout.text.replace(/\s+/g, ' ');
}

/** The format names --format accepts for a command, as its help lists them. */
function listed(text: string): string[] {
  const match = /--format <name\[:path\]> report format and destination[^:(]*[:(] ?([a-z, ]+)/.exec(text);
  return (match?.[1] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
}

describe('report formats in --help', () => {
  it('check lists every format that renders a check report', async () => {
    expect(listed(await help('check'))).toEqual(reportFormats.filter((f) => 'check' in f).map((f) => f.name));
  });

  it('observe lists every format that renders an observation', async () => {
    expect(listed(await help('observe'))).toEqual(reportFormats.filter((f) => 'observation' in f).map((f) => f.name));
  });
});
