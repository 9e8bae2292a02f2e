/**
 * The build's stages in order. `when` decides from the build context whether a stage runs in this build
 * (mode and what the incremental check found unchanged).
 */
import type { BuildContext } from "../context.ts";
import { adamStage } from "./adam.ts";
import { defineStage } from "./define.ts";
import { formatsStage } from "./formats.ts";
import { ingestStage } from "./ingest.ts";
import { reuseStage } from "./reuse.ts";
import { sdtmStage } from "./sdtm.ts";
import { sdtmInStage } from "./sdtm-in.ts";
import { synthStage } from "./synth.ts";
import { tlfIncrementalStage } from "./tlf-incremental.ts";
import { validateStage } from "./validate.ts";

export interface PlannedStage {
  name: string;
  when: (ctx: BuildContext) => boolean;
  run: (ctx: BuildContext) => Promise<"ran" | "reused" | "skipped" | undefined> | Promise<void>;
}

const fresh = (ctx: BuildContext) => ctx.facts.reuseAdam !== true;
const mode = (ctx: BuildContext) => ctx.facts.mode as "raw" | "synth" | "sdtm" | "mixed";

export const STAGES: PlannedStage[] = [
  { name: "synth", when: (c) => fresh(c) && mode(c) === "synth", run: synthStage },
  { name: "ingest", when: (c) => fresh(c) && mode(c) !== "sdtm", run: ingestStage },
  { name: "sdtm", when: (c) => fresh(c) && mode(c) !== "sdtm", run: sdtmStage },
  // Mixed builds read the delivered SDTM after mapping the raw exports: a domain mapped from raw wins.
  { name: "sdtm-in", when: (c) => fresh(c) && (mode(c) === "sdtm" || mode(c) === "mixed"), run: sdtmInStage },
  {
    name: "reuse",
    when: (c) => !fresh(c),
    run: async (c) => {
      await reuseStage(c);
      return "reused";
    },
  },
  { name: "adam", when: fresh, run: adamStage },
  { name: "formats", when: fresh, run: formatsStage },
  { name: "define", when: fresh, run: defineStage },
  { name: "validate", when: fresh, run: validateStage },
  { name: "tlf", when: () => true, run: tlfIncrementalStage },
];
