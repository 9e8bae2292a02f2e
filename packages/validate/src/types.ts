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
  /** CDISC conformance rule ids a CORE rule implements (e.g. "CG0176"; also FDA/TIG ids). */
  cdiscIds?: string;
  /** The guidance a CORE rule cites (document, section, text). */
  guidance?: string;
  /** The record: USUBJID, --SEQ and the 1-based record number in the dataset. */
  usubjid?: string;
  seq?: string;
  record?: string;
  /** The study's explanation when the finding is acceptable by design (specs/<study>/conformance.yaml). */
  explanation?: string;
}

/** A study-by-design explanation of findings: a rule, optionally narrowed to a dataset and variable. */
export interface Explanation {
  rule: string;
  dataset?: string;
  variable?: string;
  /** One of the finding's values, as "VAR=value". */
  value?: string;
  reason: string;
}

/** A rule that was not run, and why (a missing operator, metadata the repo does not carry). */
export interface RuleNotRun {
  rule: string;
  reason: string;
}

export type RuleGroup =
  | "Structure"
  | "Terminology"
  | "Dates"
  | "Keys and cross-domain"
  | "Trial design and rejection criteria"
  | "Define-XML"
  | "ADaM"
  | "CDISC CORE";

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
  /** Run CDISC's CORE rules (the published SDTMIG rules) over the SDTM datasets. */
  core?: boolean;
  /** Study-by-design explanations: matching findings are reported as explained, not counted. */
  explanations?: readonly Explanation[];
}

export interface RuleCount {
  rule: string;
  severity: FindingSeverity;
  count: number;
  /** Of `count`, the findings the study explains (absent when none). */
  explained?: number;
  message: string;
}

export interface ValidationSummary {
  /** Findings by severity, explained findings not included. */
  errors: number;
  warnings: number;
  notes: number;
  /** Findings the study explains as acceptable by design. */
  explained: number;
  /** Number of distinct rules that fired. */
  rules: number;
  byRule: RuleCount[];
  /** CORE rules that were not run, with the reason (never counted as passed). */
  notRun: RuleNotRun[];
}
