/**
 * The define model: a render-neutral picture of one Define-XML 2.1 document (one SDTM or ADaM package).
 * `buildDefineModel` makes it from the datasets' metadata, the data and the terminology; the XML writer and
 * the HTML renderer only read it, so define.xml and define.html cannot disagree.
 */
import type { DataType, OriginSource, OriginType } from "@trialforge/core";

export type YesNo = "Yes" | "No";

export interface StandardDef {
  oid: string;
  name: string;
  type: "IG" | "CT";
  publishingSet?: "SDTM" | "ADaM" | "DEFINE-XML";
  version: string;
  status: "Final";
}

export interface LeafDef {
  id: string;
  href: string;
  title: string;
}

export interface OriginDef {
  type: OriginType;
  source?: OriginSource;
  description?: string;
  /** A document (the annotated CRF) the origin refers to. */
  documentLeafId?: string;
}

export interface ItemRefDef {
  itemOid: string;
  orderNumber: number;
  mandatory: YesNo;
  keySequence?: number;
  methodOid?: string;
  role?: string;
  /** Value-level ItemRefs: the condition under which the item applies. */
  whereClauseOid?: string;
}

export interface ItemGroupDef {
  oid: string;
  name: string;
  /** SDTM only: the domain code (the parent domain for SUPP--). */
  domain?: string;
  repeating: YesNo;
  isReferenceData: YesNo;
  structure: string;
  purpose: "Tabulation" | "Analysis";
  /** Absent for a custom (non-standard) domain. */
  standardOid?: string;
  isNonStandard?: boolean;
  commentOid?: string;
  archiveLocationId: string;
  label: string;
  itemRefs: ItemRefDef[];
  className: string;
  subClassName?: string;
  /** SUPP--: the parent domain's label (Alias Context="DomainDescription"). */
  domainDescription?: string;
  leaf: LeafDef;
  records: number;
}

export interface ItemDef {
  oid: string;
  name: string;
  dataType: DataType;
  length?: number;
  significantDigits?: number;
  displayFormat?: string;
  commentOid?: string;
  label: string;
  codelistOid?: string;
  origin?: OriginDef;
  valueListOid?: string;
  /** The dataset (ItemGroupDef OID) the item belongs to. */
  itemGroupOid: string;
  /** Value-level items: the OID of the variable they refine. */
  parentOid?: string;
}

export interface WhereCheck {
  itemOid: string;
  comparator: "EQ" | "IN";
  values: string[];
}

export interface WhereClauseDef {
  oid: string;
  checks: WhereCheck[];
}

export interface ValueListDef {
  oid: string;
  /** The variable the value list refines. */
  parentOid: string;
  itemRefs: ItemRefDef[];
}

export interface CodeListItemDef {
  value: string;
  decode?: string;
  nciCode?: string;
  extended: boolean;
}

export interface CodeListDef {
  oid: string;
  name: string;
  dataType: "text" | "integer" | "float";
  standardOid?: string;
  nciCode?: string;
  extensible?: boolean;
  /** CodeListItem with Decode when true, else EnumeratedItem. */
  decoded: boolean;
  /** "all": every term of the codelist; "data": only the values that occur in the data. */
  coverage: "all" | "data";
  items: CodeListItemDef[];
  /** Item OIDs that reference the codelist. */
  usedBy: string[];
}

export interface MethodDef {
  oid: string;
  name: string;
  type: "Computation" | "Imputation";
  description: string;
  usedBy: string[];
}

export interface CommentDef {
  oid: string;
  description: string;
  usedBy: string[];
}

/** Analysis Results Metadata (arm:ResultDisplay). */
export interface ResultDisplayDef {
  oid: string;
  name: string;
  title: string;
  results: AnalysisResultDef[];
}

export interface AnalysisResultDef {
  oid: string;
  description: string;
  parameterOid?: string;
  reason: string;
  purpose: string;
  datasets: { itemGroupOid: string; whereClauseOid?: string; variableOids: string[] }[];
  documentation: string;
  code?: { context: string; text: string };
}

export interface DefineModel {
  standard: "SDTM" | "ADaM";
  fileOid: string;
  creationDateTime: string;
  originator: string;
  sourceSystem: string;
  sourceSystemVersion?: string;
  studyOid: string;
  studyName: string;
  studyDescription: string;
  protocolName: string;
  mdv: { oid: string; name: string; description: string; defineVersion: string };
  standards: StandardDef[];
  annotatedCrfLeafId?: string;
  supplementalDocLeafIds: string[];
  valueLists: ValueListDef[];
  whereClauses: WhereClauseDef[];
  itemGroups: ItemGroupDef[];
  items: ItemDef[];
  codelists: CodeListDef[];
  methods: MethodDef[];
  comments: CommentDef[];
  /** Document leaves (aCRF, supplemental documents); dataset leaves live on their ItemGroupDef. */
  leaves: LeafDef[];
  resultDisplays: ResultDisplayDef[];
}
