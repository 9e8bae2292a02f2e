/**
 * Dataset and variable metadata: the one source XPT, Dataset-JSON and define.xml are written from.
 * Names follow Define-XML 2.1 (ItemGroupDef / ItemDef / def:Origin).
 */

/** SAS/XPT storage type. */
export type VarType = "Char" | "Num";

/** Define-XML 2.1 def:Origin/@Type. */
export type OriginType = "Collected" | "Derived" | "Assigned" | "Protocol" | "Predecessor" | "Not Available";

/** Define-XML 2.1 def:Origin/@Source (only for Collected). */
export type OriginSource = "Investigator" | "Sponsor" | "Subject" | "Vendor";

export interface Origin {
  type: OriginType;
  source?: OriginSource;
  /** Free text: for Predecessor the source variable (e.g. "DM.AGE"), for Collected the CRF page or vendor file. */
  description?: string;
}

/** Define-XML data type of a variable, finer than the XPT storage type. */
export type DataType =
  | "text"
  | "integer"
  | "float"
  | "date"
  | "datetime"
  | "time"
  | "partialDate"
  | "partialTime"
  | "partialDatetime"
  | "incompleteDatetime"
  | "durationDatetime";

export interface VariableMeta {
  /** Variable name, upper case, at most 8 characters for XPT v5. */
  name: string;
  /** Variable label, at most 40 characters for XPT v5. */
  label: string;
  type: VarType;
  /** Character: the byte length (1-200). Numeric: 8. */
  length: number;
  /** Define-XML data type; defaults to "text" for Char and "float" for Num. */
  dataType?: DataType;
  /** SAS display format, e.g. "DATE9." or "8.2". */
  displayFormat?: string;
  /** Define-XML SignificantDigits for float variables. */
  significantDigits?: number;
  origin?: Origin;
  /** Codelist id: a CDISC codelist NCI code (e.g. "C66731") or a sponsor codelist id (e.g. "ASTCTGR"). */
  codelist?: string;
  /** Derivation text (MethodDef description); set when origin is Derived. */
  method?: string;
  /** Comment (CommentDef description). */
  comment?: string;
  /** Core: Req, Exp, Perm (SDTMIG) or Req, Cond, Perm (ADaMIG). */
  core?: "Req" | "Exp" | "Perm" | "Cond";
  /** Position of the variable in the dataset's natural key, 1-based; absent when not a key. */
  keySequence?: number;
}

/** Structure of a dataset for define.xml and validation. */
export type DatasetClass =
  | "SPECIAL PURPOSE"
  | "TRIAL DESIGN"
  | "INTERVENTIONS"
  | "EVENTS"
  | "FINDINGS"
  | "FINDINGS ABOUT"
  | "RELATIONSHIP"
  | "STUDY REFERENCE"
  | "SUBJECT LEVEL ANALYSIS DATASET"
  | "BASIC DATA STRUCTURE"
  | "OCCURRENCE DATA STRUCTURE"
  | "ADAM OTHER";

export interface DatasetMeta {
  /** Dataset name, upper case (e.g. "LB", "ADSL"). */
  name: string;
  label: string;
  standard: "SDTM" | "ADaM";
  class: DatasetClass;
  /** e.g. "One record per subject", "One record per lab test per visit per subject". */
  structure: string;
  /** Natural key variables in order (define.xml KeySequence, and the sort order of written files). */
  keys: string[];
  /** Variables in dataset order. */
  variables: VariableMeta[];
  /** Dataset purpose for define.xml: "Tabulation" (SDTM) or "Analysis" (ADaM). */
  purpose?: "Tabulation" | "Analysis";
  /** Domain code for SDTM datasets (e.g. "SUPPAE" has domain "AE" as RDOMAIN; here "SUPPAE"). */
  domain?: string;
  comment?: string;
}

export function findVariable(meta: DatasetMeta, name: string): VariableMeta | undefined {
  return meta.variables.find((v) => v.name === name);
}
