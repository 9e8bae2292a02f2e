import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readXpt } from "@trialforge/xport";
import type { Stage } from "../context.ts";
import { readManifest } from "../pipeline/manifest.ts";
import { reusePrevious } from "../pipeline/previous.ts";

/**
 * When raw data and the SDTM/ADaM specs are unchanged, the previous build's datasets, define files,
 * validation report and rejects are carried over unchanged, and ADaM is read back for the TLFs.
 */
export const reuseStage: Stage = async (ctx) => {
  const prevDir = ctx.facts.previous as string;
  const prev = readManifest(prevDir)!;
  for (const rel of ["raw", "rejects", "sdtm", "adam", "dataset-json", "validation", "trace"])
    reusePrevious(ctx, rel);
  for (const file of readdirSync(join(ctx.workDir, "adam"))
    .filter((f) => f.endsWith(".xpt"))
    .sort()) {
    const ds = await readXpt(join(ctx.workDir, "adam", file));
    ctx.adam.set(ds.meta.name, ds);
  }
  ctx.sources.push(...prev.reconciliation.sources);
  ctx.domains.push(...prev.reconciliation.domains);
  ctx.facts.rejections = new Array(prev.reconciliation.rejected).fill(null);
  if (prev.validation) ctx.facts.validation = prev.validation;
  ctx.facts.ctPackages = prev.ctPackages;
  ctx.facts.reusedSdtm = prev.datasets.sdtm;
  ctx.facts.reusedAdam = prev.datasets.adam;
  ctx.log(
    `datasets unchanged: reused ${Object.keys(prev.datasets.sdtm).length} SDTM and ${ctx.adam.size} ADaM datasets`,
  );
};
