/**
 * `trialforge build`: synth (when no --raw) → ingest → SDTM → ADaM → XPT/Dataset-JSON → define → validation
 * → TLFs → report, into a temporary folder published atomically. Incremental: each stage's inputs are
 * hashed into the manifest and a stage whose key did not change is not re-run.
 */
import { existsSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { type Diagnostic, Diagnostics, stableStringify, UserError } from "@trialforge/core";
import { checkRawFilesInside, loadStudySpecs, type Study } from "@trialforge/spec";
import type { BuildContext } from "../context.ts";
import { setCrashLog, UsageError } from "../errors.ts";
import { openBuildSlot } from "./atomic.ts";
import { diffBuilds } from "./diff.ts";
import {
  combine,
  fileHashMemo,
  hashTree,
  hashTreeCached,
  sha256File,
  toolHash,
  toolVersion,
} from "./inputs.ts";
import { type DatasetEntry, type Manifest, readBuildManifest, type StageTiming } from "./manifest.ts";
import { assertOutputFolder } from "./out-guard.ts";
import { createProgress, type FailOn, failsOn } from "./progress.ts";
import { writeReport } from "./report.ts";

export interface BuildOptions {
  study: string;
  raw?: string;
  sdtm?: string;
  /** Where EDC forms are read from: their CSV files (default) or the raw folder's ODM export. */
  edc?: "csv" | "odm";
  out?: string;
  subjects?: number;
  seed?: number;
  clean?: boolean;
  /** Re-run every stage even when its inputs did not change. */
  force?: boolean;
  /** Replace an existing --out even when it is not recognisably a trialforge build. */
  forceOut?: boolean;
  /** Exit 1 when validation findings at or above this severity exist (the outputs are still published). */
  failOn?: FailOn;
  quiet?: boolean;
}

/** Build warnings kept in the manifest (so a rebuild that reuses the datasets still shows them). */
const KEPT_WARNINGS = 100;

/** Build timestamp: SOURCE_DATE_EPOCH when set, else the study's data cut-off at midnight UTC. */
export function buildTimestamp(study: Study): string {
  const sde = process.env.SOURCE_DATE_EPOCH;
  if (sde !== undefined && sde !== "") {
    const n = Number(sde);
    if (!Number.isInteger(n) || n < 0)
      throw new UserError(`SOURCE_DATE_EPOCH must be whole seconds, got "${sde}"`);
    return new Date(n * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  const cut = (study as { dataCutoff?: string }).dataCutoff;
  return cut ? `${cut.slice(0, 10)}T00:00:00Z` : "2000-01-01T00:00:00Z";
}

function abs(p: string): string {
  return isAbsolute(p) ? p : resolve(process.cwd(), p);
}

export async function runBuild(opts: BuildOptions): Promise<Manifest> {
  const t0 = performance.now();
  const studyDir = abs(opts.study);
  if (!existsSync(join(studyDir, "study.yaml"))) {
    throw new UserError(`${opts.study} is not a study folder (no study.yaml)`);
  }
  const outGiven = opts.out ?? join("out", studyDir.split("/").filter(Boolean).pop()!);
  const mode: Manifest["mode"] =
    opts.sdtm && opts.raw ? "mixed" : opts.sdtm ? "sdtm" : opts.raw ? "raw" : "synth";
  const rawIn = opts.raw ? abs(opts.raw) : undefined;
  const sdtmIn = opts.sdtm ? abs(opts.sdtm) : undefined;
  if (rawIn && !existsSync(rawIn)) throw new UserError(`raw folder ${opts.raw} does not exist`);
  if (sdtmIn && !existsSync(sdtmIn)) throw new UserError(`SDTM folder ${opts.sdtm} does not exist`);
  // Before any work: an --out that is not ours to replace is refused (exit 2), nothing is touched.
  const outDir = assertOutputFolder({
    flag: "--out",
    path: outGiven,
    inputs: [
      { flag: "--raw", path: rawIn },
      { flag: "--sdtm", path: sdtmIn },
      { flag: "--study", path: studyDir },
    ],
    kind: "build",
    forceOut: opts.forceOut,
  });
  // An internal error's trace goes beside the build's work folder.
  setCrashLog(dirname(outDir), `.${basename(outDir)}.error.log`);
  // Every spec file is parsed and checked before any stage runs: a bad spec costs milliseconds.
  const loaded = loadStudySpecs(studyDir);
  const study = loaded.study;
  if (rawIn) checkRawFilesInside(study, rawIn);
  const failOn = opts.failOn ?? "error";
  if (!["error", "warning", "never"].includes(failOn))
    throw new UsageError(`--fail-on must be error, warning or never, got "${failOn}"`);

  const progress = createProgress(opts.quiet ?? false);
  const prev = readBuildManifest(outDir);

  // Input fingerprints: content hashes, read again only for files whose size/mtime/ctime/inode moved.
  const specsTree = hashTreeCached(studyDir, { hashes: prev?.inputs.specs, stats: prev?.inputStats?.specs });
  const specs = specsTree.hashes;
  const tool = toolHash();
  const synthOpts = { seed: opts.seed ?? 1, subjects: opts.subjects, messy: !opts.clean };
  const rawTree = rawIn
    ? hashTreeCached(rawIn, { hashes: prev?.inputs.raw, stats: prev?.inputStats?.raw })
    : undefined;
  const rawHashes = rawTree?.hashes ?? {};
  const sdtmInTree = sdtmIn
    ? hashTreeCached(sdtmIn, { hashes: prev?.inputs.sdtmIn, stats: prev?.inputStats?.sdtmIn })
    : undefined;
  const sdtmInHashes = sdtmInTree?.hashes;
  const inputStats: NonNullable<Manifest["inputStats"]> = {
    specs: specsTree.stats,
    ...(rawTree ? { raw: rawTree.stats } : {}),
    ...(sdtmInTree ? { sdtmIn: sdtmInTree.stats } : {}),
  };
  const specGroup = (prefix: string) =>
    Object.fromEntries(Object.entries(specs).filter(([k]) => k.startsWith(prefix)));
  const studySpecs = Object.fromEntries(
    Object.entries(specs).filter(([k]) => !k.includes("/") || k.startsWith("raw/")),
  );
  const rawKey =
    mode === "synth"
      ? combine("synth", tool, studySpecs, stableStringify(synthOpts))
      : mode === "raw"
        ? combine("raw", rawHashes, ...(opts.edc === "odm" ? ["edc:odm"] : []))
        : mode === "mixed"
          ? combine("mixed", rawHashes, sdtmInHashes, ...(opts.edc === "odm" ? ["edc:odm"] : []))
          : combine("sdtm-in", sdtmInHashes);
  const sdtmKey = combine("sdtm", tool, rawKey, studySpecs, specGroup("sdtm/"));
  const adamKey = combine("adam", sdtmKey, specGroup("adam/"));
  const stageKeys: Record<string, string> = { raw: rawKey, sdtm: sdtmKey, adam: adamKey };
  const tlfSpecs = specGroup("tlf/");

  const upToDate =
    !opts.force &&
    prev !== undefined &&
    prev.stageKeys.adam === adamKey &&
    sameTlfShells(prev, tlfSpecs, tool) &&
    existsSync(join(outDir, "report", "index.html"));
  if (upToDate) {
    progress.line(
      `nothing changed since the build of ${prev.startedAt}: ${relative(process.cwd(), outDir) || "."} is up to date`,
    );
    // The exit policy holds for an unchanged build too: a nightly job stays red while findings remain.
    progress.summary(prev, relative(process.cwd(), outDir), {
      failOn,
      warnings: prev.warnings?.items ?? [],
      hiddenWarnings: (prev.warnings?.count ?? 0) - (prev.warnings?.items.length ?? 0),
      rejectsFolder: existsSync(join(outDir, "rejects")),
      upToDate: true,
    });
    if (failsOn(prev, failOn)) process.exitCode = 1;
    return prev;
  }

  const slot = openBuildSlot(outDir);
  const diagnostics = new Diagnostics();
  const ctx: BuildContext = {
    studyDir,
    rawDir: rawIn,
    sdtmInDir: sdtmIn,
    workDir: slot.workDir,
    outDir,
    timestamp: buildTimestamp(study),
    study,
    specs: loaded,
    diagnostics,
    sdtm: new Map(),
    adam: new Map(),
    sources: [],
    domains: [],
    facts: {
      mode,
      edc: opts.edc ?? "csv",
      synth: synthOpts,
      previous: prev ? outDir : undefined,
      tlfKeys: {} as Record<string, string>,
      reuseAdam: !opts.force && prev?.stageKeys.adam === adamKey,
    },
    log: (line) => progress.detail(line),
    progress: (done, total) => progress.tick(done, total),
  };

  const timings: StageTiming[] = [];
  // Warnings raised before the TLF stage belong to the datasets and are kept in the manifest for reuse.
  let datasetWarnings: number | undefined;
  try {
    // Stages (and the heavy packages behind them) load only when there is work to do.
    const { STAGES } = await import("../stages/index.ts");
    const plan = STAGES.filter((s) => s.when(ctx));
    let i = 0;
    for (const stage of plan) {
      i++;
      if (stage.name === "tlf") datasetWarnings = diagnostics.items.length;
      const start = performance.now();
      // The diff against the previous build is the last step when there is one.
      progress.start(i, plan.length + (prev ? 1 : 0), stage.name);
      const status = await stage.run(ctx);
      const seconds = (performance.now() - start) / 1000;
      timings.push({
        stage: stage.name,
        seconds: round3(seconds),
        status: status ?? "ran",
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      });
      // The raw tables are only the SDTM stage's input: free them (millions of LB rows) for the later stages.
      if (stage.name === "sdtm") ctx.raw = undefined;
      // When only the TLF stage (ADaM only) is left, take the SDTM entries for the manifest now and free the
      // SDTM datasets: the TLF renderers' memory then fits beside the ADaM at 3,000 subjects.
      if (ctx.sdtm.size > 0 && plan.slice(i).every((s) => s.name === "tlf")) {
        ctx.facts.sdtmEntries = datasetEntries(ctx, "sdtm");
        ctx.sdtm = new Map();
      }
      progress.done(stage.name, seconds, status ?? "ran");
    }
    if (diagnostics.hasErrors && ctx.facts.stopOnErrors) {
      throw new UserError("the build found errors", diagnostics.errors);
    }
    const manifest = writeManifest(ctx, {
      t0,
      mode,
      synthOpts,
      specs,
      // Synthesised raw files carried over from the previous build are its files, hashes included.
      rawHashes:
        mode !== "synth"
          ? rawHashes
          : ctx.facts.reuseAdam === true && prev
            ? prev.inputs.raw
            : hashTree(join(slot.workDir, "raw")),
      sdtmInHashes,
      inputStats,
      stageKeys,
      tool,
      timings,
      warnings: diagnostics.items.slice(0, datasetWarnings ?? diagnostics.items.length),
      hiddenWarnings: Number(ctx.facts.hiddenWarnings ?? 0),
    });
    // Every dataset is written and in the manifest: free them, the diff reads the XPT files of both builds.
    ctx.sdtm = new Map();
    ctx.adam = new Map();
    const emptied: Diagnostic[] = [];
    if (prev) {
      progress.start(timings.length + 1, timings.length + 1, "diff");
      const start = performance.now();
      const diff = await diffBuilds(outDir, slot.workDir);
      ctx.facts.diff = diff;
      // A variable that had values and has none now is most often a raw column renamed by the vendor.
      for (const d of diff.datasets)
        for (const e of d.emptied ?? []) {
          const w: Diagnostic = {
            severity: "warning",
            code: "DIFF.EMPTIED",
            message: `${d.part}/${d.dataset}.${e.variable} has no values now (${e.before} in the previous build): a renamed or missing raw column?`,
          };
          diagnostics.add(w);
          emptied.push(w);
        }
      progress.detail(
        `${diff.datasets.length} datasets and ${diff.tlfMoved.length} TLF numbers changed since the previous build` +
          (emptied.length ? `; ${emptied.length} variables have no values now` : ""),
      );
      progress.done("diff", (performance.now() - start) / 1000, "ran");
    }
    // The report is written last, from the manifest, inside the work folder, then everything is published.
    await writeReport(ctx, manifest);
    slot.publish();
    progress.summary(manifest, relative(process.cwd(), outDir), {
      failOn,
      // What changed since the last build comes first: it is the news of a nightly run.
      warnings: [
        ...emptied,
        ...diagnostics.items.filter((d) => d.severity !== "info" && !emptied.includes(d)),
      ],
      hiddenWarnings: Number(ctx.facts.hiddenWarnings ?? 0),
      rejectsFolder: existsSync(join(outDir, "rejects")),
    });
    // Findings at the --fail-on level: the outputs are published and the exit status is 1.
    if (failsOn(manifest, failOn)) process.exitCode = 1;
    return manifest;
  } catch (e) {
    slot.abandon();
    if (e instanceof UserError) {
      throw new UserError(
        `${e.message}\nthe build stopped; ${prev ? `the previous build in ${relative(process.cwd(), outDir)} is unchanged` : "nothing was written"}`,
        e.diagnostics,
      );
    }
    throw e;
  }
}

/** The manifest's record of the build's warnings: how many, and the first of them. */
function warningsEntry(items: readonly Diagnostic[], hidden: number): Pick<Manifest, "warnings"> {
  const warnings = items.filter((d) => d.severity !== "info");
  if (warnings.length === 0) return {};
  return { warnings: { count: warnings.length + hidden, items: warnings.slice(0, KEPT_WARNINGS) } };
}

function memoHash(memo: Map<string, string>, rel: string, path: string): string {
  let h = memo.get(rel);
  if (h === undefined) memo.set(rel, (h = sha256File(path)));
  return h;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** True when the previous build rendered exactly the current shells with the current tool. */
function sameTlfShells(prev: Manifest, tlfSpecs: Record<string, string>, tool: string): boolean {
  return prev.stageKeys.tlfShells === combine(tool, tlfSpecs);
}

interface ManifestParts {
  t0: number;
  mode: Manifest["mode"];
  synthOpts: { seed: number; subjects?: number; messy: boolean };
  specs: Record<string, string>;
  rawHashes: Record<string, string>;
  sdtmInHashes?: Record<string, string>;
  inputStats: NonNullable<Manifest["inputStats"]>;
  stageKeys: Record<string, string>;
  tool: string;
  timings: StageTiming[];
  warnings: Diagnostic[];
  /** Warnings of a reused build beyond those its manifest kept. */
  hiddenWarnings: number;
}

function datasetEntries(ctx: BuildContext, part: "sdtm" | "adam"): Record<string, DatasetEntry> {
  // Datasets carried over unchanged from the previous build keep their manifest entries.
  const reused = ctx.facts[part === "sdtm" ? "reusedSdtm" : "reusedAdam"] as
    | Record<string, DatasetEntry>
    | undefined;
  if (reused) return reused;
  if (part === "sdtm" && ctx.facts.sdtmEntries) return ctx.facts.sdtmEntries as Record<string, DatasetEntry>;
  const out: Record<string, DatasetEntry> = {};
  const memo = fileHashMemo(ctx.facts);
  for (const [name, ds] of [...(part === "sdtm" ? ctx.sdtm : ctx.adam)].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const file = `${part}/${name.toLowerCase()}.xpt`;
    const p = join(ctx.workDir, file);
    out[name] = {
      file,
      records: ds.length,
      keys: ds.meta.keys,
      label: ds.meta.label,
      sha256: existsSync(p) ? memoHash(memo, file, p) : "",
    };
  }
  return out;
}

function writeManifest(ctx: BuildContext, m: ManifestParts): Manifest {
  const study = ctx.study as Study;
  const tlfSpecs = Object.fromEntries(Object.entries(m.specs).filter(([k]) => k.startsWith("tlf/")));
  const outputs = (ctx.facts.outputs ?? {}) as Manifest["outputs"];
  const rejected = ((ctx.facts.rejections ?? []) as unknown[]).length;
  const manifest: Manifest = {
    tool: { name: "trialforge", version: toolVersion(), sourceHash: m.tool },
    study: { id: study.studyId, dir: relative(process.cwd(), ctx.studyDir) },
    timestamp: ctx.timestamp,
    startedAt: new Date(performance.timeOrigin + m.t0).toISOString(),
    mode: m.mode,
    ...(m.mode === "synth" ? { synth: m.synthOpts } : {}),
    ctPackages: (ctx.facts.ctPackages ?? {}) as Record<string, string>,
    inputs: { raw: m.rawHashes, specs: m.specs, ...(m.sdtmInHashes ? { sdtmIn: m.sdtmInHashes } : {}) },
    inputStats: m.inputStats,
    stageKeys: { ...m.stageKeys, tlfShells: combine(m.tool, tlfSpecs) },
    reconciliation: { sources: ctx.sources, domains: ctx.domains, rejected },
    datasets: { sdtm: datasetEntries(ctx, "sdtm"), adam: datasetEntries(ctx, "adam") },
    outputs,
    ...(ctx.facts.validation ? { validation: ctx.facts.validation as Manifest["validation"] } : {}),
    ...warningsEntry(m.warnings, m.hiddenWarnings),
    timings: m.timings,
    totalSeconds: round3((performance.now() - m.t0) / 1000),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  writeFileSync(join(ctx.workDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
