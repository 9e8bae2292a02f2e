/**
 * The state one `trialforge build` run carries from stage to stage. Stages read what earlier stages put
 * here and add their own results; only the orchestrator (build.ts) decides order, caching and atomic
 * publication of `outDir`.
 */
import type { Dataset, Diagnostics } from "@trialforge/core";
import type { StudySpecs } from "@trialforge/spec";

export interface SourceCount {
  /** Raw file, relative to the raw folder. */
  file: string;
  read: number;
  accepted: number;
  rejected: number;
}

export interface DomainCount {
  dataset: string;
  records: number;
  /** Raw records that fed this dataset. */
  fromRaw?: number;
  rejected?: number;
  /** Mixed builds (--raw and --sdtm): "raw" when mapped from the raw exports, "delivered" when read from --sdtm. */
  source?: "raw" | "delivered";
}

export interface BuildContext {
  /** Study spec folder (e.g. specs/nct05563545), absolute. */
  studyDir: string;
  /** Raw export folder, absolute (synthesised into workDir/raw when --raw is not given). */
  rawDir?: string;
  /** Given SDTM folder for bring-your-own-SDTM builds (XPT or Dataset-JSON). */
  sdtmInDir?: string;
  /** The temporary folder this run writes into; moved to the final --out only on success. */
  workDir: string;
  /** The final output folder (the previous good build, if any, lives here until publication). */
  outDir: string;
  /** Build timestamp from SOURCE_DATE_EPOCH (or the raw data's manifest), never the clock. ISO 8601 UTC. */
  timestamp: string;
  /** The loaded study spec (type owned by @trialforge/spec). */
  study: unknown;
  /** Every spec file of the study, loaded and checked before any stage ran. */
  specs: StudySpecs;
  diagnostics: Diagnostics;
  /** Raw records by form/source name, as ingest produced them (type owned by @trialforge/ingest). */
  raw?: unknown;
  sdtm: Map<string, Dataset>;
  adam: Map<string, Dataset>;
  sources: SourceCount[];
  domains: DomainCount[];
  /** Free-form per-stage facts for the manifest and report (e.g. validation summary). */
  facts: Record<string, unknown>;
  log: (line: string) => void;
  /** Reports progress inside a long stage (a bar on a terminal, nothing in logs). */
  progress?: (done: number, total: number) => void;
}

/** A stage of the build; throws UserError when the data or spec stops the build. */
export type Stage = (ctx: BuildContext) => Promise<void>;
