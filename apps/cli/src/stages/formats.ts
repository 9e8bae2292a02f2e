import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CharColumn, type Column, Dataset, NumColumn, radixOrderByColumns } from "@trialforge/core";
import { writeDatasetJson } from "@trialforge/dataset-json";
import { metaDataVersionOid, studyOid } from "@trialforge/define";
import type { Study } from "@trialforge/spec";
import { writeXpt } from "@trialforge/xport";
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
      const sorted = sortByKeys(ds);
      sets.set(name, sorted);
      await writeBoth(ctx, part, sorted, study.studyId);
      n++;
      ctx.progress?.(n, total);
    }
  }
  ctx.log(`${n} datasets written as XPT v5 and Dataset-JSON v1.1`);
};

async function writeBoth(
  ctx: BuildContext,
  part: "sdtm" | "adam",
  ds: Dataset,
  studyId: string,
): Promise<void> {
  const name = ds.meta.name;
  await writeXpt(ds, join(ctx.workDir, part, `${name.toLowerCase()}.xpt`), { timestamp: ctx.timestamp });
  await writeDatasetJson(ds, join(ctx.workDir, "dataset-json", part, `${name}.json`), {
    timestamp: ctx.timestamp,
    // the define.xml beside the dataset describes it: same Study and MetaDataVersion OIDs
    studyOID: studyOid(studyId),
    metaDataVersionOID: metaDataVersionOid(studyId, part === "sdtm" ? "SDTM" : "ADaM"),
    metaDataRef: `../../${part}/define.xml`,
  });
}

/** core's sortOrder(ds, by), by radix (see radixOrderByColumns). */
export function keyOrder(ds: Dataset, by: readonly string[] = ds.meta.keys): Uint32Array {
  return radixOrderByColumns(
    by.filter((k) => ds.has(k)).map((k) => ds.column(k)),
    ds.length,
  );
}

/**
 * Same dataset as core's sortDataset (rows in key order, each character column's dictionary rebuilt in
 * first-seen order), faster: the order from keyOrder, then gathered column-wise with a character value
 * looked up once per distinct code instead of once per row.
 */
export function sortByKeys(ds: Dataset): Dataset {
  const order = keyOrder(ds);
  const n = order.length;
  const cols = new Map<string, Column>();
  for (const v of ds.meta.variables) {
    const src = ds.column(v.name);
    if (src.kind === "Num") {
      const out = new NumColumn(n);
      const from = src.values;
      const to = out.values;
      for (let j = 0; j < n; j++) to[j] = from[order[j]!]!;
      out.length = n;
      if (src.special) {
        for (let j = 0; j < n; j++) {
          const sp = src.special.get(order[j]!);
          if (sp === undefined) continue;
          out.special ??= new Map();
          out.special.set(j, sp);
        }
      }
      cols.set(v.name, out.seal());
    } else {
      const out = new CharColumn(n);
      const remap = new Int32Array(src.dict.length).fill(-1);
      const codes = src.codes;
      for (let j = 0; j < n; j++) {
        const c = codes[order[j]!]!;
        let r = remap[c]!;
        if (r < 0) remap[c] = r = out.codeOf(src.dict[c]!);
        out.pushCode(r);
      }
      cols.set(v.name, out.seal());
    }
  }
  return new Dataset(ds.meta, cols, n);
}
