/**
 * Validation stage: conformance rules over ctx.sdtm / ctx.adam and the define.xml files the define stage
 * wrote, into validation/issues.{json,xlsx}; the summary goes to ctx.facts for the manifest and report.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "@trialforge/core";
import { loadSdtmSpec, type SdtmSpec, type Study } from "@trialforge/spec";
import { loadTerminology, type Terminology } from "@trialforge/terminology";
import {
  decodeDefineXml,
  type Explanation,
  parseExplanations,
  validateStudy,
  writeValidationReport,
} from "@trialforge/validate";
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

/** The study's explanations of findings acceptable by design (STUDY/conformance.yaml), if any. */
export function readExplanations(studyDir: string): Explanation[] {
  const f = join(studyDir, "conformance.yaml");
  if (!existsSync(f)) return [];
  try {
    return parseExplanations(readFileSync(f, "utf8"), f);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
}

export const validateStage: Stage = async (ctx) => {
  const study = ctx.study as Study | undefined;
  const { findings, notRun, rulesChecked } = validateStudy({
    sdtm: ctx.sdtm,
    adam: ctx.adam,
    defineXml: readDefines(ctx.workDir),
    ...(study?.dataCutoff ? { dataCutoff: study.dataCutoff } : {}),
    terminology: validationTerminology(ctx.studyDir, ctx.specs.sdtm),
    core: true,
    explanations: readExplanations(ctx.studyDir),
  });
  const s = await writeValidationReport(findings, join(ctx.workDir, "validation"), notRun);
  ctx.facts.validation = {
    errors: s.errors,
    warnings: s.warnings,
    notes: s.notes,
    rules: s.rules,
    rulesChecked,
  };
  ctx.facts.validationByRule = s.byRule;
  ctx.facts.validationNotRun = s.notRun;
  ctx.log(
    `${s.errors} errors, ${s.warnings} warnings, ${s.notes} notices from ${rulesChecked} rules checked (${s.rules} with findings); ${s.explained} explained; ${s.notRun.length} CORE rules not run`,
  );
};
