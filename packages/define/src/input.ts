/** What `buildDefine` takes: the datasets of one package, the study, the terminology and the build timestamp. */
import type { Dataset } from "@trialforge/core";
import type { Terminology } from "@trialforge/terminology";

/** The study fields the define needs (a `Study` from @trialforge/spec fits). */
export interface DefineStudy {
  studyId: string;
  title: string;
  protocolName?: string;
}

export interface DefineDocument {
  href: string;
  title: string;
}

/** Documents the study provides; referenced only when given. */
export interface DefineDocuments {
  annotatedCrf?: DefineDocument;
  supplemental?: DefineDocument[];
}

/** One analysis result of a display (Analysis Results Metadata, ADaM only). */
export interface AnalysisResultInput {
  /** Unique within the display, e.g. "R1". */
  id: string;
  description: string;
  /** e.g. "SPECIFIED IN SAP". */
  reason: string;
  /** e.g. "PRIMARY OUTCOME MEASURE". */
  purpose: string;
  /** Dataset whose PARAMCD selects the parameter (ParameterOID). */
  parameterDataset?: string;
  datasets: { dataset: string; where: { variable: string; values: string[] }[]; variables: string[] }[];
  documentation: string;
  code?: { context: string; text: string };
}

export interface ResultDisplayInput {
  /** Display id, e.g. "T-DLT". */
  id: string;
  /** Display name, e.g. "Table 14.3.1". */
  name: string;
  title: string;
  results: AnalysisResultInput[];
}

export interface DefineInput {
  standard: "SDTM" | "ADaM";
  datasets: Iterable<Dataset>;
  study: DefineStudy;
  /** The terminology the datasets were built with (including sponsor codelists and extensions). */
  terminology: Terminology;
  /** Build timestamp (ISO 8601 date-time, from SOURCE_DATE_EPOCH). */
  timestamp: string;
  documents?: DefineDocuments;
  /** ADaM only: Analysis Results Metadata. */
  analysisResults?: ResultDisplayInput[];
  sourceSystemVersion?: string;
}
