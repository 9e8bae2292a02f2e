import type { Stage } from "../context.ts";
import { fileHashMemo } from "../pipeline/inputs.ts";
import { readManifest } from "../pipeline/manifest.ts";
import { reusePrevious } from "../pipeline/previous.ts";

/**
 * When raw data and the SDTM/ADaM specs are unchanged, the previous build's datasets, define files,
 * validation report and rejects are carried over unchanged (hard links, no bytes copied). ADaM is not read
 * back here: the TLF stage reads only the datasets of the outputs it re-renders.
 */
export const reuseStage: Stage = async (ctx) => {
  const prevDir = ctx.facts.previous as string;
  const prev = readManifest(prevDir)!;
  for (const rel of ["raw", "rejects", "sdtm", "adam", "dataset-json", "validation", "trace"])
    reusePrevious(ctx, rel);
  // The carried-over files are the previous build's bytes: their recorded hashes need no re-reading.
  const memo = fileHashMemo(ctx.facts);
  for (const e of [...Object.values(prev.datasets.sdtm), ...Object.values(prev.datasets.adam)])
    if (e.sha256) memo.set(e.file, e.sha256);
  ctx.sources.push(...prev.reconciliation.sources);
  ctx.domains.push(...prev.reconciliation.domains);
  ctx.facts.rejections = new Array(prev.reconciliation.rejected).fill(null);
  if (prev.validation) ctx.facts.validation = prev.validation;
  ctx.facts.ctPackages = prev.ctPackages;
  ctx.facts.reusedSdtm = prev.datasets.sdtm;
  ctx.facts.reusedAdam = prev.datasets.adam;
  ctx.log(
    `datasets unchanged: reused ${Object.keys(prev.datasets.sdtm).length} SDTM and ${Object.keys(prev.datasets.adam).length} ADaM datasets`,
  );
};
