/**
 * The build's stages in order. `when` decides from the build context whether a stage runs in this build
 * (mode and what the incremental check found unchanged).
 */
import type { BuildContext, Stage } from "../context.ts";
import { formatsStage } from "./formats.ts";
import { ingestStage } from "./ingest.ts";
import { reuseStage } from "./reuse.ts";
import { synthStage } from "./synth.ts";

export interface PlannedStage {
  name: string;
  when: (ctx: BuildContext) => boolean;
  run: (ctx: BuildContext) => Promise<"ran" | "reused" | "skipped" | undefined | void>;
}

const fresh = (ctx: BuildContext) => ctx.facts.reuseAdam !== true;
const mode = (ctx: BuildContext) => ctx.facts.mode as "raw" | "synth" | "sdtm";

/** Loads an optional stage module (wired as the packages land). */
function lazy(module: string, exportName: string): Stage {
  return async (ctx) => {
    const m = (await import(module)) as Record<string, Stage>;
    const stage = m[exportName];
    if (!stage) throw new Error(`${module} does not export ${exportName}`);
    await stage(ctx);
  };
}

export const STAGES: PlannedStage[] = [
  { name: "synth", when: (c) => fresh(c) && mode(c) === "synth", run: synthStage },
  { name: "ingest", when: (c) => fresh(c) && mode(c) !== "sdtm", run: ingestStage },
  { name: "sdtm", when: (c) => fresh(c) && mode(c) !== "sdtm", run: lazy("./sdtm.ts", "sdtmStage") },
  { name: "sdtm-in", when: (c) => fresh(c) && mode(c) === "sdtm", run: lazy("./sdtm-in.ts", "sdtmInStage") },
  { name: "reuse", when: (c) => !fresh(c), run: async (c) => (await reuseStage(c), "reused") },
  { name: "adam", when: fresh, run: lazy("./adam.ts", "adamStage") },
  { name: "formats", when: fresh, run: formatsStage },
  { name: "define", when: fresh, run: lazy("./define.ts", "defineStage") },
  { name: "validate", when: fresh, run: lazy("./validate.ts", "validateStage") },
  { name: "tlf", when: () => true, run: lazy("./tlf.ts", "tlfStage") },
];
