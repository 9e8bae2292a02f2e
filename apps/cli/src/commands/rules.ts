/**
 * `trialforge rules test DIR`: runs CDISC's CORE test cases unpacked in DIR (CORE-NNNNNN/{rule.yml,
 * positive,negative} or Published/CORE-NNNNNN/…) and prints one line per rule, ending with
 * `N of M rules pass`. `trialforge rules test --vendored` runs the copy vendored in @trialforge/rules.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "@trialforge/core";
import type { Command } from "commander";

interface RulesTestOptions {
  only?: string;
  vendored?: boolean;
}

export function registerRules(program: Command): void {
  const rules = program.command("rules").description("CDISC CORE conformance rules");
  rules
    .command("test")
    .description("run CDISC's CORE test cases (positive and negative) and print pass/fail per rule")
    .argument("[dir]", "folder of unpacked test cases (CORE-NNNNNN/… or Published/CORE-NNNNNN/…)")
    .option("--only <ids>", "comma-separated CORE ids, e.g. CORE-000001,CORE-000123")
    .option("--vendored", "run the test cases vendored in @trialforge/rules")
    .action(async function (this: Command, dir: string | undefined, o: RulesTestOptions) {
      if (!dir && !o.vendored)
        this.error("rules test: give a folder of test cases, or --vendored", {
          exitCode: 2,
          code: "trialforge.usage",
        });
      if (dir && o.vendored)
        this.error("rules test: give a folder or --vendored, not both", {
          exitCode: 2,
          code: "trialforge.usage",
        });
      if (dir && !(existsSync(dir) && statSync(dir).isDirectory()))
        this.error(`rules test: ${dir} is not a folder`, { exitCode: 2, code: "trialforge.usage" });
      const ids = o.only?.split(",").map((s) => s.trim().toUpperCase());
      const only = ids ? (id: string) => ids.includes(id) : undefined;
      const { formatSuite, readCaseFolder, readVendoredCases, runSuite } = await import("@trialforge/rules");
      const folders = dir ? readCaseFolder(resolve(dir), only) : readVendoredCases(only);
      if (folders.length === 0)
        throw new UserError(
          `rules test: no rule folders (CORE-NNNNNN with rule.yml) in ${dir ?? "the vendored copy"}`,
        );
      process.stdout.write(`${formatSuite(runSuite(folders))}\n`);
    });
}
