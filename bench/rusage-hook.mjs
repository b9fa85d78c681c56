// Preloaded with `node --import` into every measured process: at exit, record the process's own
// CPU time and peak resident set size, so the harness needs no platform tools (time, /proc).
import { writeFileSync } from 'node:fs';

const target = process.env.GUARDRAILS_BENCH_RUSAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({ maxRSS: usage.maxRSS, userCPUTime: usage.userCPUTime, systemCPUTime: usage.systemCPUTime }),
    );
  });
}
