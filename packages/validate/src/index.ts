/**
 * @trialforge/validate: conformance rules over a build's SDTM and ADaM and their define.xml, in the manner
 * of the FDA Validator Rules and CDISC CORE, with a JSON/XLSX report. Front door: validateBuild,
 * writeValidationReport, summarizeFindings; the rule catalogue is RULES.
 */

export { FDA_TS_PARAMETERS } from "./checks/trial-design.ts";
export {
  type DefineCodelist,
  type DefineDataset,
  type DefineDocument,
  type DefineVariable,
  decodeDefineXml,
  parseDefineXml,
} from "./define-xml.ts";
export { RULE_BY_ID, RULES } from "./rules.ts";
export { failsThreshold, summarizeFindings } from "./summary.ts";
export type {
  Finding,
  FindingSeverity,
  RuleCount,
  RuleDef,
  RuleGroup,
  ValidateInput,
  ValidationSummary,
} from "./types.ts";
export { sortFindings, validateBuild } from "./validate-build.ts";
export { writeValidationReport } from "./write/report.ts";
