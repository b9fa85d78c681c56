import { randomUUID } from 'node:crypto';
import type { PlanModel } from '../plan/types.js';
import type { SourceModel } from '../source/types.js';
import type { Finding, Outcome } from '../report/types.js';

/** What a scenario concluded, recorded by the World's After hook and read back by the runner. */
export interface ScenarioOutcome {
  status: Outcome;
  reason: string | undefined;
  findings: Finding[];
}

/** The per-run state shared between the runner and the World of every scenario in that run. */
export interface RunContext {
  readonly plan: PlanModel;
  readonly sources: SourceModel | undefined;
  /** Outcomes by pickle id. */
  readonly outcomes: Map<string, ScenarioOutcome>;
}

// Cucumber only passes JSON-serialisable world parameters, so the World receives a run id and looks the
// context up here. The map lives on globalThis because the runner and the step files may be loaded as
// two copies of this module (compiled and source, or two installs), and both must see the same runs.
const registryKey = Symbol.for('tofu-guardrails.run-contexts');
type Registry = Map<string, RunContext>;

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  holder[registryKey] ??= new Map();
  return holder[registryKey];
}

let nextRunId = 0;

/** Registers a run's context and returns its id (to pass as a world parameter). */
export function openRunContext(context: RunContext): string {
  const id = `run-${++nextRunId}-${randomUUID()}`;
  registry().set(id, context);
  return id;
}

/** Removes a finished run's context. */
export function closeRunContext(id: string): void {
  registry().delete(id);
}

/** The context of a run; throws when the World was created outside a guardrails run. */
export function runContext(id: unknown): RunContext {
  const context = typeof id === 'string' ? registry().get(id) : undefined;
  if (!context) {
    throw new Error('guardrail steps ran outside a tofu-guardrails run (no run context); run them with `guardrails check`');
  }
  return context;
}
