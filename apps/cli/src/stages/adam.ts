import { buildAdam } from "@trialforge/adam";
import type { Study } from "@trialforge/spec";
import type { Stage } from "../context.ts";

/**
 * SDTM → ADaM by the study's ADaM spec (specs/<study>/adam). Datasets go to ctx.adam; record counts to
 * ctx.domains and per-dataset counts to ctx.facts.adam. A study folder without adam/general.yaml builds no ADaM.
 */
export const adamStage: Stage = async (ctx) => {
  const spec = ctx.specs.adam;
  if (!spec) {
    ctx.log("no ADaM spec (adam/general.yaml) in the study folder: ADaM not built");
    return;
  }
  const started = performance.now();
  const adam = buildAdam({ study: ctx.study as Study, spec, sdtm: ctx.sdtm, diagnostics: ctx.diagnostics });
  for (const [name, ds] of adam) {
    ctx.adam.set(name, ds);
    ctx.domains.push({ dataset: name, records: ds.length });
  }
  ctx.facts.adam = Object.fromEntries([...adam].map(([name, ds]) => [name, ds.length]));
  const records = [...adam.values()].reduce((s, d) => s + d.length, 0);
  ctx.log(`${adam.size} ADaM datasets, ${records} records (${Math.round(performance.now() - started)} ms)`);
};
