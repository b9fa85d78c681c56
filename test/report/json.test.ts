/** The json renderer writes keys in the schema's order whatever order the report was built in. */
import { describe, expect, it } from 'vitest';
import { renderCheckJson, renderObservationJson } from '../../src/report/json.js';
import type { FindingsReport, ObservationReport } from '../../src/report/types.js';
import { failingCheck, observation } from './fixtures.js';

/** The same value with every object's keys in reverse order (metadata maps excepted: their order is the user's). */
function reversed<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(reversed) as T;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  return Object.fromEntries(Object.entries(value).reverse().map(([key, child]) => [key, key === 'metadata' ? child : reversed(child)])) as T;
}

describe('json renderer', () => {
  it('is independent of the key order the report was built in', () => {
    expect(renderCheckJson(reversed(failingCheck))).toBe(renderCheckJson(failingCheck));
    expect(renderObservationJson(reversed(observation))).toBe(renderObservationJson(observation));
  });

  it('keeps keys it does not know, after the known ones', () => {
    const extended = { ...failingCheck, durationMs: 12 } as FindingsReport;
    const parsed = JSON.parse(renderCheckJson(extended)) as Record<string, unknown>;
    expect(Object.keys(parsed).at(-1)).toBe('durationMs');
    expect(parsed.durationMs).toBe(12);
  });

  it('keeps metadata maps as given', () => {
    const parsed = JSON.parse(renderObservationJson(observation)) as ObservationReport;
    expect(parsed.workloads[1]!.metadata).toEqual({ project: 'infra/network', ref: 'main', job: 'plan', pipeline: '4711' });
  });

  it('ends with one newline and indents by two spaces', () => {
    const text = renderCheckJson(failingCheck);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
  });
});
