/** The build manifest: inputs and their hashes, versions, reconciliation, timings. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "@trialforge/core";
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
  /** mixed: --raw and --sdtm, domains mapped from raw win over delivered ones (reconciliation.domains[].source). */
  mode: "raw" | "synth" | "sdtm" | "mixed";
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
  /** Validation findings by severity; `rules` is how many rules fired, `rulesChecked` how many ran. */
  validation?: { errors: number; warnings: number; notes: number; rules: number; rulesChecked?: number };
  /** Warnings of the build (ingest, SDTM, ADaM, ...): how many, and the first 100 of them. */
  warnings?: { count: number; items: Diagnostic[] };
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

/**
 * The manifest of a build folder, only when trialforge wrote it (a hand-made or damaged manifest.json is
 * treated as no build): the fields later code reads are checked, so a strange file gives a readable error.
 */
export function readBuildManifest(dir: string): Manifest | undefined {
  const m = readManifest(dir) as Partial<Manifest> | null | undefined;
  const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(m) || m!.tool?.name !== "trialforge") return undefined;
  if (!isObject(m!.datasets) || !isObject(m!.datasets!.sdtm) || !isObject(m!.datasets!.adam))
    return undefined;
  if (!isObject(m!.outputs) || !isObject(m!.stageKeys) || typeof m!.study?.id !== "string") return undefined;
  if (!isObject(m!.reconciliation) || !Array.isArray(m!.reconciliation!.sources)) return undefined;
  return m as Manifest;
}
