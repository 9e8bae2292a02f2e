import { readdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "@trialforge/core";
import { readDatasetJson } from "@trialforge/dataset-json";
import { readXpt } from "@trialforge/xport";
import type { Stage } from "../context.ts";

/**
 * Bring-your-own SDTM: reads every dataset of the given folder (XPT v5, or Dataset-JSON .json/.ndjson when
 * there is no XPT twin) into the build, in place of ingest and SDTM mapping.
 */
export const sdtmInStage: Stage = async (ctx) => {
  const dir = ctx.sdtmInDir!;
  const files = readdirSync(dir).sort();
  const byName = new Map<string, string>();
  for (const f of files) {
    const m = /^(.+)\.(xpt|json|ndjson)$/i.exec(f);
    if (!m) continue;
    const name = m[1]!.toUpperCase();
    const ext = m[2]!.toLowerCase();
    // XPT wins over a Dataset-JSON twin.
    if (!byName.has(name) || ext === "xpt") byName.set(name, f);
  }
  if (byName.size === 0) throw new UserError(`${dir} holds no .xpt, .json or .ndjson datasets`);
  for (const [name, f] of [...byName].sort()) {
    const p = join(dir, f);
    const ds = f.toLowerCase().endsWith(".xpt") ? await readXpt(p) : await readDatasetJson(p);
    ctx.sdtm.set(name, ds);
    ctx.domains.push({ dataset: name, records: ds.length });
  }
  ctx.log(`${byName.size} SDTM datasets read from ${dir}`);
};
