/** Finding and rule types of the conformance report. */
import type { Dataset } from "@trialforge/core";
import type { Terminology } from "@trialforge/terminology";

export type FindingSeverity = "error" | "warning" | "notice";

/** One conformance finding: which rule, where (dataset, variable, record key), the offending value and why. */
export interface Finding {
  rule: string;
  severity: FindingSeverity;
  dataset: string;
  variable?: string;
  /** Record key, e.g. "USUBJID=NCT05563545-01-001 AESEQ=3". */
  key?: string;
  value?: string;
  message: string;
  reference: string;
}

export type RuleGroup =
  | "Structure"
  | "Terminology"
  | "Dates"
  | "Keys and cross-domain"
  | "Trial design and rejection criteria"
  | "Define-XML"
  | "ADaM";

/** A rule: stable id, severity, group, one-line reason, and the published rule or IG section it comes from. */
export interface RuleDef {
  id: string;
  severity: FindingSeverity;
  group: RuleGroup;
  message: string;
  reference: string;
}

export interface ValidateInput {
  sdtm: Map<string, Dataset>;
  adam: Map<string, Dataset>;
  /** define.xml text of each standard; a standard with datasets but no define is reported (FDA TRC 1789). */
  defineXml?: { sdtm?: string; adam?: string };
  /** Data cut-off (ISO 8601 date); no date may be later. */
  dataCutoff?: string;
  terminology: Terminology;
  /** Findings stored per rule and dataset before the rest are summarized in one finding (default 200). */
  maxPerRule?: number;
}

export interface RuleCount {
  rule: string;
  severity: FindingSeverity;
  count: number;
  message: string;
}

export interface ValidationSummary {
  errors: number;
  warnings: number;
  notes: number;
  /** Number of distinct rules that fired. */
  rules: number;
  byRule: RuleCount[];
}
