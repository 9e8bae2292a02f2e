import type { Stage } from "../context.ts";
import { fileHashMemo } from "../pipeline/inputs.ts";
import { readBuildManifest } from "../pipeline/manifest.ts";
import { reusePrevious } from "../pipeline/previous.ts";

/**
 * When raw data and the SDTM/ADaM specs are unchanged, the previous build's datasets, define files,
 * validation report and rejects are carried over unchanged (hard links, no bytes copied). ADaM is not read
 * back here: the TLF stage reads only the datasets of the outputs it re-renders.
 */
export const reuseStage: Stage = async (ctx) => {
  const prevDir = ctx.facts.previous as string;
  const prev = readBuildManifest(prevDir)!;
  for (const rel of ["raw", "rejects", "sdtm", "adam", "dataset-json", "validation", "trace"])
    reusePrevious(ctx, rel);
  // The carried-over files are the previous build's bytes: their recorded hashes need no re-reading.
  const memo = fileHashMemo(ctx.facts);
  for (const e of [...Object.values(prev.datasets.sdtm), ...Object.values(prev.datasets.adam)])
    if (e.sha256) memo.set(e.file, e.sha256);
  for (const s of prev.reconciliation.sources) ctx.sources.push(s);
  for (const d of prev.reconciliation.domains) ctx.domains.push(d);
  // The warnings of the build that made these datasets still hold: the terminal and report show them again.
  for (const d of prev.warnings?.items ?? []) ctx.diagnostics.add(d);
  if (prev.warnings) ctx.facts.hiddenWarnings = prev.warnings.count - prev.warnings.items.length;
  ctx.facts.rejections = new Array(prev.reconciliation.rejected).fill(null);
  if (prev.validation) ctx.facts.validation = prev.validation;
  ctx.facts.ctPackages = prev.ctPackages;
  ctx.facts.reusedSdtm = prev.datasets.sdtm;
  ctx.facts.reusedAdam = prev.datasets.adam;
  ctx.log(
    `datasets unchanged: reused ${Object.keys(prev.datasets.sdtm).length} SDTM and ${Object.keys(prev.datasets.adam).length} ADaM datasets`,
  );
};
