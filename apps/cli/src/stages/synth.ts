import { join } from "node:path";
import type { Study } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import type { Stage } from "../context.ts";

/** Without --raw, the build synthesises the study's demo exports into raw/ of the build folder. */
export const synthStage: Stage = async (ctx) => {
  const opts = ctx.facts.synth as { seed: number; subjects?: number; messy: boolean };
  const rawDir = join(ctx.workDir, "raw");
  await synthesize(ctx.study as Study, rawDir, opts);
  ctx.rawDir = rawDir;
  ctx.log(`seed ${opts.seed}${opts.messy ? ", messy" : ", clean"}`);
};
