#!/usr/bin/env node
// Entry point: the only place that touches process (argv, streams, exit code).
import module from 'node:module';

// Node 22.1+ keeps the compiled code of loaded modules between runs (under the system temp
// directory), which saves much of the start-up on every later run; older Node lacks the function.
module.enableCompileCache?.();
const { runCli } = await import('../dist/src/cli/main.js');
const { StreamSink, exitCodeAfterOutput } = await import('../dist/src/cli/io.js');

// A closed pipe or a full disk on stdout is an output failure (exit 2), not a crash.
const stdout = new StreamSink(process.stdout);
const stderr = new StreamSink(process.stderr);
const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout,
  stderr,
  stdin: process.stdin,
  stderrIsTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = await exitCodeAfterOutput(code, stdout, stderr);
