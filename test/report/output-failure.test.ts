/** StreamSink and exitCodeAfterOutput: a stdout that fails is exit 2 with one line, never a crash. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitCodeAfterOutput, StreamSink } from '../../src/cli/io.js';

/** A stream whose every write fails with the given code, as a closed pipe or a full disk does. */
function failingStream(code: string): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error(`${code}: write failed`), { code }));
    },
  });
}

function collectingStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('exitCodeAfterOutput', () => {
  it.each([
    ['EPIPE', 0, /the reader closed the pipe, EPIPE/],
    ['ENOSPC', 1, /no space left on the device, ENOSPC/],
  ])('turns a %s on stdout into exit 2 (from %i) with one line on stderr', async (code, verdictCode, says) => {
    const stdout = new StreamSink(failingStream(code));
    const err = collectingStream();
    const stderr = new StreamSink(err.stream);
    stdout.write('Verdict: PASSED\n');
    stdout.write('more that is dropped\n');
    expect(await exitCodeAfterOutput(verdictCode, stdout, stderr)).toBe(2);
    expect(err.text()).toMatch(/^error: stdout: [^\n]*\n$/);
    expect(err.text()).toMatch(says);
  });

  it('keeps the verdict when only stderr fails', async () => {
    const out = collectingStream();
    const stdout = new StreamSink(out.stream);
    const stderr = new StreamSink(failingStream('EPIPE'));
    stdout.write('Verdict: FAILED\n');
    stderr.write('warning\n');
    expect(await exitCodeAfterOutput(1, stdout, stderr)).toBe(1);
    expect(out.text()).toBe('Verdict: FAILED\n');
  });
});
