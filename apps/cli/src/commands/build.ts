/**
 * `trialforge build`: registration only; the build itself (pipeline/run-build.ts) is loaded when the
 * command runs, so `trialforge --help` and the light commands start fast.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import type { BuildOptions } from "../pipeline/run-build.ts";

export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("build SDTM, ADaM, XPT, Dataset-JSON, define.xml, validation, TLFs and the report")
    .requiredOption("--study <dir>", "study spec folder, e.g. specs/nct05563545")
    .option("--raw <dir>", "raw export folder (default: synthesise the study's demo data)")
    .option(
      "--sdtm <dir>",
      "existing SDTM folder (XPT or Dataset-JSON): skip ingest and SDTM mapping; with --raw, domains mapped from raw win",
    )
    .option(
      "--edc <source>",
      "read the EDC forms from their CSV files (csv) or from the raw folder's ODM 1.3.2 export edc/odm.xml (odm)",
      (v) => {
        if (v !== "csv" && v !== "odm")
          throw new InvalidArgumentError(`--edc must be csv or odm, got "${v}"`);
        return v;
      },
    )
    .option("--out <dir>", "output folder (default: out/<study>)")
    .option("--subjects <n>", "subjects to synthesise when no --raw", (v) =>
      parsePositiveInt(v, "--subjects"),
    )
    .option("--seed <s>", "seed for synthesised data", (v) => parsePositiveInt(v, "--seed"), 1)
    .option("--clean", "synthesise without the messy records real exports have")
    .option("--force", "re-run every stage even if nothing changed")
    .option(
      "--force-out",
      "replace an existing --out even when it is not a trialforge build (never --raw, --sdtm, the study, the checkout or /)",
    )
    .addOption(
      new Option(
        "--fail-on <severity>",
        "exit 1 when validation findings at or above this severity exist (outputs are still published)",
      )
        .choices(["error", "warning", "never"])
        .default("error"),
    )
    .action(async (opts: BuildOptions) => {
      const { runBuild } = await import("../pipeline/run-build.ts");
      await runBuild(opts);
    });
}

export function parsePositiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${flag} must be a whole number, got "${v}"`);
  return n;
}
