import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { sortDataset, type Dataset } from "@trialforge/core";
import { writeDatasetJson } from "@trialforge/dataset-json";
import { writeXpt } from "@trialforge/xport";
import type { Study } from "@trialforge/spec";
import type { BuildContext, Stage } from "../context.ts";

/**
 * Writes every SDTM and ADaM dataset as XPT v5 (`sdtm/<name>.xpt`, `adam/<name>.xpt`) and Dataset-JSON v1.1
 * (`dataset-json/<sdtm|adam>/<NAME>.json`), rows sorted by the dataset's keys, from the one metadata source.
 */
export const formatsStage: Stage = async (ctx) => {
  const study = ctx.study as Study;
  let n = 0;
  const total = ctx.sdtm.size + ctx.adam.size;
  for (const [part, sets] of [
    ["sdtm", ctx.sdtm],
    ["adam", ctx.adam],
  ] as const) {
    if (sets.size === 0) continue;
    mkdirSync(join(ctx.workDir, part), { recursive: true });
    mkdirSync(join(ctx.workDir, "dataset-json", part), { recursive: true });
    for (const [name, ds] of [...sets].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const sorted = sortDataset(ds);
      sets.set(name, sorted);
      await writeBoth(ctx, part, sorted, study.studyId);
      n++;
      ctx.progress?.(n, total);
    }
  }
  ctx.log(`${n} datasets written as XPT v5 and Dataset-JSON v1.1`);
};

async function writeBoth(ctx: BuildContext, part: "sdtm" | "adam", ds: Dataset, studyId: string): Promise<void> {
  const name = ds.meta.name;
  await writeXpt(ds, join(ctx.workDir, part, `${name.toLowerCase()}.xpt`), { timestamp: ctx.timestamp });
  await writeDatasetJson(ds, join(ctx.workDir, "dataset-json", part, `${name}.json`), {
    timestamp: ctx.timestamp,
    studyOID: studyId,
    metaDataVersionOID: `MDV.${studyId}.${part.toUpperCase()}`,
  });
}
