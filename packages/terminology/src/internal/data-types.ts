/** Layout of the committed data files (see data/README.md); arrays keep the gzip small. */

/** [NCI code, submission value, synonyms joined by "|", NCI preferred term ("" when equal to the value)] */
export type CtTermRow = [string, string, string, string];

/** [NCI code, name, submission short name, extensible 1/0, standard, synonyms, NCI preferred term, terms] */
export type CtCodelistRow = [string, string, string, 0 | 1, string, string, string, CtTermRow[]];

export interface CtData {
  packages: { sdtm: string; adam: string; define: string };
  sources: string[];
  codelists: CtCodelistRow[];
}

export interface IgVariableRow {
  name: string;
  label: string;
  type: "Char" | "Num";
  /** "Req" | "Exp" | "Perm" (ADaM also "Cond") */
  core: string;
  order: number;
  length?: number;
  role?: string;
  /** NCI code of the codelist (e.g. "C66742"). */
  codelist?: string;
  altCodelists?: string[];
  /** Permitted values the IG lists (a codelist subset such as DOMAIN "AE", or an ADaM value list such as "Y"). */
  values?: string[];
  /** e.g. "ISO 8601" */
  valueDomain?: string;
  /** ADaM variable grouping, e.g. "Treatment Timing" */
  variableSet?: string;
  /** True when the entry comes from the SDTMIG 3.4 / ADaMIG 1.3 overlay, not the CDISC Library file. */
  overlay?: boolean;
}

export interface IgDatasetRow {
  name: string;
  label: string;
  class: string;
  structure: string;
  variables: IgVariableRow[];
  overlay?: boolean;
}

export interface IgStandardData {
  version: string;
  source: string;
  datasets: IgDatasetRow[];
}

export interface IgData {
  SDTM: IgStandardData;
  ADaM: IgStandardData;
}
