/**
 * @trialforge/validate: conformance rules over a build's SDTM and ADaM and their define.xml, in the manner
 * of the FDA Validator Rules and CDISC CORE, with a JSON/XLSX report. Front door: validateBuild,
 * writeValidationReport, summarizeFindings; the rule catalogue is RULES.
 */

export { coreRuleDefs } from "./checks/core.ts";
export { FDA_TS_PARAMETERS } from "./checks/trial-design.ts";
export {
  type DefineCodelist,
  type DefineDataset,
  type DefineDocument,
  type DefineVariable,
  decodeDefineXml,
  parseDefineXml,
} from "./define-xml.ts";
export { applyExplanations, parseExplanations } from "./explanations.ts";
export { RETIRED_BY_CORE, RULE_BY_ID, RULES, ruleDef } from "./rules.ts";
export { failsThreshold, summarizeFindings } from "./summary.ts";
export type {
  Explanation,
  Finding,
  FindingSeverity,
  RuleCount,
  RuleDef,
  RuleGroup,
  RuleNotRun,
  ValidateInput,
  ValidationSummary,
} from "./types.ts";
export { sortFindings, validateBuild, validateStudy } from "./validate-build.ts";
export { writeValidationReport } from "./write/report.ts";
