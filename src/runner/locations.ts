/**
 * Placing findings in the workload's code: the `.tf` file and line that declare the resource a
 * finding is about, relative to the repository root, so Code Quality, SAST and JUnit point where
 * a reviewer can act.
 *
 * The repository root is CI_PROJECT_DIR (GitLab's checkout) when the working directory lies inside
 * it, as a job's always does; otherwise the working directory: a CI_PROJECT_DIR that does not
 * contain it (a runner reporting its container path while running the job elsewhere) is not this
 * checkout.
 * A resource declared in a module installed by `init` (under `.terraform/`, outside the
 * repository) is placed at the module call that brings it in, the nearest one written in the
 * repository. A finding that cannot be placed keeps no location; reports then name the plan.
 */
import path from 'node:path';
import { configAddressOf, formatModuleAddress, parseResourceAddress } from '../plan/addresses.js';
import type { Finding, FindingLocation, FindingsReport } from '../report/types.js';
import type { SourceLocation, SourceModel } from '../source/types.js';

export interface LocateOptions {
  /** Where relative source directories are resolved. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** The repository root that report paths are relative to. */
export function repositoryRoot(options: LocateOptions): string {
  const projectDir = options.env.CI_PROJECT_DIR;
  if (projectDir === undefined || projectDir === '') return path.resolve(options.cwd);
  const cwd = path.resolve(options.cwd);
  const resolved = path.resolve(cwd, projectDir);
  const fromRoot = path.relative(resolved, cwd);
  return fromRoot.split(path.sep)[0] === '..' || path.isAbsolute(fromRoot) ? cwd : resolved;
}

/** The report with each finding that sources can place given its `location`. */
export function locateFindings(report: FindingsReport, sources: SourceModel | undefined, options: LocateOptions): FindingsReport {
  if (sources === undefined) return report;
  const locator = new FindingLocator(sources, path.resolve(options.cwd, sources.rootDir), repositoryRoot(options));
  // Scenario and guardrail lists share finding objects; the same located copy keeps that so.
  const located = new Map<Finding, Finding>();
  const place = (finding: Finding): Finding => {
    let copy = located.get(finding);
    if (copy === undefined) {
      const location = locator.locate(finding);
      copy = location === undefined ? finding : { ...finding, location };
      located.set(finding, copy);
    }
    return copy;
  };
  return {
    ...report,
    guardrails: report.guardrails.map((guardrail) => ({
      ...guardrail,
      findings: guardrail.findings.map(place),
      scenarios: guardrail.scenarios.map((scenario) => ({ ...scenario, findings: scenario.findings.map(place) })),
    })),
  };
}

class FindingLocator {
  constructor(
    private readonly sources: SourceModel,
    private readonly sourceRoot: string,
    private readonly repoRoot: string,
  ) {}

  locate(finding: Finding): FindingLocation | undefined {
    if (finding.type === 'provider' || finding.type === 'plan') return undefined;
    let parsed;
    try {
      parsed = parseResourceAddress(finding.address);
    } catch {
      return undefined;
    }
    const declared = this.sources.resourceLocations.get(configAddressOf(parsed));
    const inRepository = declared && this.inRepository(declared);
    if (inRepository) return inRepository;
    // Outward through the module calls until one is written in the repository.
    for (let depth = parsed.modules.length; depth > 0; depth--) {
      const call = this.sources.moduleCalls.get(formatModuleAddress(parsed.modules.slice(0, depth), false));
      const placed = call && this.inRepository(call);
      if (placed) return placed;
    }
    return undefined;
  }

  /** The location as a path relative to the repository root, or undefined when it lies outside it or under `.terraform/`. */
  private inRepository(location: SourceLocation): FindingLocation | undefined {
    const relative = path.relative(this.repoRoot, path.resolve(this.sourceRoot, location.file));
    const segments = relative.split(path.sep);
    if (relative === '' || path.isAbsolute(relative) || segments[0] === '..' || segments.includes('.terraform')) return undefined;
    const file = segments.join('/');
    return location.line === undefined ? { path: file } : { path: file, line: location.line };
  }
}
