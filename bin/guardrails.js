#!/usr/bin/env node
// Entry point: the only place that touches process (argv, streams, exit code).
import module from 'node:module';

// Exit 1 means "an enforced guardrail failed" and nothing else. Node exits 1 on an uncaught
// exception, an unhandled rejection or a failed top-level import, so each of those is mapped to
// 3 (internal error) here, before anything else can go wrong.
const internalExit = 3;

function crash(error) {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`internal error: ${detail}\nThis is a bug in tofu-guardrails, not in your input. Please report it with the command you ran.\n`);
  process.exit(internalExit);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// Node 22.1+ keeps the compiled code of loaded modules between runs (under the system temp
// directory), which saves much of the start-up on every later run; older Node lacks the function.
module.enableCompileCache?.();

let runCli;
let StreamSink;
let exitCodeAfterOutput;
try {
  // Before anything loads cucumber: its step matching then uses Node's own RegExp `d` flag.
  (await import('../dist/src/runner/native-match-indices.js')).useNativeMatchIndices();
  ({ runCli } = await import('../dist/src/cli/main.js'));
  ({ StreamSink, exitCodeAfterOutput } = await import('../dist/src/cli/io.js'));
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    process.stderr.write('internal error: tofu-guardrails is not built (dist/ is missing). In a checkout, run `npm run build`; an installed package ships it built.\n');
    process.exit(internalExit);
  }
  crash(error);
}

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
