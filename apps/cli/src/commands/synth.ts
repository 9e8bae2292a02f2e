import type { Command } from "commander";
import { UserError } from "@trialforge/core";

export function registerSynth(program: Command): void {
  program
    .command("synth")
    .description("write seeded synthetic raw exports for a study")
    .requiredOption("--study <dir>", "study spec folder")
    .requiredOption("--out <dir>", "output folder")
    .option("--subjects <n>", "number of subjects")
    .option("--seed <s>", "random seed", "1")
    .option("--clean", "no messy records")
    .action(async () => {
      throw new UserError("synth is not implemented yet");
    });
}
