/** One entry of waivers.yaml, validated. */
export interface Waiver {
  /** 0-based position in the file, used in every message about it. */
  index: number;
  /** The file it was read from, as given. */
  file: string;
  /** Guardrail id (the feature's id), matched exactly. */
  guardrail: string;
  /** Workload name glob. */
  workload: string;
  /** Resource address globs; quoted instance keys are literal, `[*]` matches any key. */
  addresses: string[];
  reason: string;
  owner: string;
  /** Last day (inclusive, UTC) the waiver applies, YYYY-MM-DD. */
  expires: string;
}

/**
 * An entry of the central file's `allow_local_waivers`: the workloads (name glob) whose own
 * repository may waive the named guardrails in its gate. Nothing else of a local file is applied.
 */
export interface LocalWaiverGrant {
  index: number;
  workload: string;
  guardrails: string[];
  reason: string;
  owner: string;
}

/** A waivers file: its waivers and, in the central file, what workloads may waive themselves. */
export interface WaiversFile {
  waivers: Waiver[];
  allowLocal: LocalWaiverGrant[];
}
