/** The build manifest: inputs and their hashes, versions, reconciliation, timings. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DomainCount, SourceCount } from "../context.ts";

export interface DatasetEntry {
  /** Path relative to the build folder, e.g. "sdtm/dm.xpt". */
  file: string;
  records: number;
  keys: string[];
  label: string;
  sha256: string;
}

export interface StageTiming {
  stage: string;
  seconds: number;
  status: "ran" | "reused" | "skipped";
  note?: string;
  /** Peak resident memory of the build process so far, at the end of this stage (MB). */
  peakRssMB?: number;
}

export interface Manifest {
  tool: { name: "trialforge"; version: string; sourceHash: string };
  study: { id: string; dir: string };
  /** Build timestamp (SOURCE_DATE_EPOCH or the study's data cut-off); the only time inside outputs. */
  timestamp: string;
  /** Wall-clock start of this run: for the report only, never written into an output file. */
  startedAt: string;
  mode: "raw" | "synth" | "sdtm";
  synth?: { seed: number; subjects?: number; messy: boolean };
  ctPackages: Record<string, string>;
  inputs: { raw: Record<string, string>; specs: Record<string, string>; sdtmIn?: Record<string, string> };
  /**
   * `size:mtimeNs:ctimeNs:ino` of the input files whose hashes above the next build may reuse without
   * reading them (see hashTreeCached); a file missing here is always re-read.
   */
  inputStats?: {
    raw?: Record<string, string>;
    specs?: Record<string, string>;
    sdtmIn?: Record<string, string>;
  };
  stageKeys: Record<string, string>;
  reconciliation: { sources: SourceCount[]; domains: DomainCount[]; rejected: number };
  datasets: { sdtm: Record<string, DatasetEntry>; adam: Record<string, DatasetEntry> };
  outputs: Record<string, { key: string; files: string[]; title?: string }>;
  validation?: { errors: number; warnings: number; notes: number; rules: number };
  timings: StageTiming[];
  totalSeconds: number;
  /** Peak resident memory of the build process, MB. */
  peakRssMB: number;
}

export function readManifest(dir: string): Manifest | undefined {
  const p = join(dir, "manifest.json");
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}
