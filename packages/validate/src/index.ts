/**
 * @trialforge/validate: conformance rules over a build's SDTM and ADaM and their define.xml, in the manner
 * of the FDA Validator Rules and CDISC CORE, with a JSON/XLSX report. Front door: validateBuild,
 * writeValidationReport, summarizeFindings; the rule catalogue is RULES.
 */
export type { Finding, FindingSeverity, RuleCount, RuleDef, RuleGroup, ValidateInput, ValidationSummary } from "./types.ts";
export { RULES, RULE_BY_ID } from "./rules.ts";
export { validateBuild, sortFindings } from "./validate-build.ts";
export { summarizeFindings, failsThreshold } from "./summary.ts";
export { writeValidationReport } from "./write/report.ts";
export { parseDefineXml, decodeDefineXml, type DefineDocument, type DefineDataset, type DefineVariable, type DefineCodelist } from "./define-xml.ts";
export { FDA_TS_PARAMETERS } from "./checks/trial-design.ts";
