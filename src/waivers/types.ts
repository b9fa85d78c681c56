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
