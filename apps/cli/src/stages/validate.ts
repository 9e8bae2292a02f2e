/**
 * Validation stage: conformance rules over ctx.sdtm / ctx.adam and the define.xml files the define stage
 * wrote, into validation/issues.{json,xlsx}; the summary goes to ctx.facts for the manifest and report.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSdtmSpec, type SdtmSpec, type Study } from "@trialforge/spec";
import { loadTerminology, type Terminology } from "@trialforge/terminology";
import { decodeDefineXml, RULES, validateBuild, writeValidationReport } from "@trialforge/validate";
import type { Stage } from "../context.ts";

/** The CDISC terminology plus the study SDTM spec's sponsor codelists and extensions (when it has one). */
export function validationTerminology(studyDir: string, loaded?: SdtmSpec): Terminology {
  const base = loadTerminology();
  if (!loaded && !existsSync(join(studyDir, "sdtm", "_config.yaml"))) return base;
  const { config } = loaded ?? loadSdtmSpec(studyDir);
  return config.codelists.length > 0 ? base.withSponsorCodelists(config.codelists) : base;
}

/** Reads DIR/{sdtm,adam}/define.xml where present (decoded by their XML declaration). */
export function readDefines(dir: string): { sdtm?: string; adam?: string } {
  const out: { sdtm?: string; adam?: string } = {};
  for (const part of ["sdtm", "adam"] as const) {
    const f = join(dir, part, "define.xml");
    if (existsSync(f)) out[part] = decodeDefineXml(readFileSync(f));
  }
  return out;
}

export const validateStage: Stage = async (ctx) => {
  const study = ctx.study as Study | undefined;
  const findings = validateBuild({
    sdtm: ctx.sdtm,
    adam: ctx.adam,
    defineXml: readDefines(ctx.workDir),
    ...(study?.dataCutoff ? { dataCutoff: study.dataCutoff } : {}),
    terminology: validationTerminology(ctx.studyDir, ctx.specs.sdtm),
  });
  const s = await writeValidationReport(findings, join(ctx.workDir, "validation"));
  ctx.facts.validation = {
    errors: s.errors,
    warnings: s.warnings,
    notes: s.notes,
    rules: s.rules,
    rulesChecked: RULES.length,
  };
  ctx.facts.validationByRule = s.byRule;
  ctx.log(
    `${s.errors} errors, ${s.warnings} warnings, ${s.notes} notices from ${RULES.length} rules checked (${s.rules} with findings)`,
  );
};
