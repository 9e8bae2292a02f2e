/**
 * `trialforge validate --study DIR --out BUILD [--fail-on error|warning|never]`: conformance rules over a
 * build's sdtm/*.xpt, adam/*.xpt and define.xml files, written to BUILD/validation/issues.{json,xlsx}.
 * Exit 1 when findings at or above the threshold exist (default: error), for nightly jobs.
 */
import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { type Dataset, UserError } from "@trialforge/core";
import { readXpt } from "@trialforge/xport";
import { type Command, Option } from "commander";

interface ValidateOptions {
  study: string;
  out: string;
  failOn: "error" | "warning" | "never";
}

const abs = (p: string) => (isAbsolute(p) ? p : resolve(process.cwd(), p));

async function readFolder(dir: string, standard: "SDTM" | "ADaM"): Promise<Map<string, Dataset>> {
  const out = new Map<string, Dataset>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)
    .filter((x) => x.toLowerCase().endsWith(".xpt"))
    .sort()) {
    const ds = await readXpt(join(dir, f));
    ds.meta.standard = standard;
    out.set(ds.meta.name.toUpperCase(), ds);
  }
  return out;
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(
      "check a build's SDTM and ADaM (and define.xml) against conformance rules; writes BUILD/validation/issues.{json,xlsx}",
    )
    .requiredOption("--study <dir>", "study spec folder")
    .requiredOption("--out <dir>", "output folder of a build")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when findings at or above this severity exist")
        .choices(["error", "warning", "never"])
        .default("error"),
    )
    .action(async (o: ValidateOptions) => {
      const { assertBuildFolder } = await import("../pipeline/out-guard.ts");
      const out = assertBuildFolder("--out", o.out, [{ flag: "--study", path: o.study }]);
      const sdtm = await readFolder(join(out, "sdtm"), "SDTM");
      const adam = await readFolder(join(out, "adam"), "ADaM");
      if (sdtm.size === 0 && adam.size === 0)
        throw new UserError(
          `no datasets in ${out}/sdtm or ${out}/adam: run trialforge build --out ${o.out} first`,
        );
      const studyDir = abs(o.study);
      // Loaded here, not at start-up: the report writer pulls in exceljs.
      const { loadStudy } = await import("@trialforge/spec");
      const { failsThreshold, validateStudy, writeValidationReport } = await import("@trialforge/validate");
      const { readDefines, readExplanations, validationTerminology } = await import("../stages/validate.ts");
      const study = loadStudy(studyDir);
      const { findings, notRun, rulesChecked } = validateStudy({
        sdtm,
        adam,
        defineXml: readDefines(out),
        ...(study.dataCutoff ? { dataCutoff: study.dataCutoff } : {}),
        terminology: validationTerminology(studyDir),
        core: true,
        explanations: readExplanations(studyDir),
      });
      const s = await writeValidationReport(findings, join(out, "validation"), notRun);
      process.stdout.write(
        `${s.errors} errors, ${s.warnings} warnings, ${s.notes} notices from ${rulesChecked} rules checked (${s.rules} with findings); ${s.explained} explained by the study; ${s.notRun.length} CORE rules not run\n`,
      );
      for (const r of s.byRule)
        process.stdout.write(
          `  ${r.rule.padEnd(11)} ${r.severity.padEnd(8)} ${String(r.count).padStart(7)}${r.explained ? ` (${r.explained} explained)` : ""}  ${r.message}\n`,
        );
      process.stdout.write(`report: ${join(out, "validation", "issues.json")} and issues.xlsx\n`);
      if (failsThreshold(s, o.failOn)) process.exitCode = 1;
    });
}
