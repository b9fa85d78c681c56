#!/usr/bin/env node
// Entry point: the only place that touches process (argv, streams, exit code).
import { runCli } from '../dist/src/cli/main.js';

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stderrIsTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
