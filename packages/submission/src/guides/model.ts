/**
 * A reviewer's guide as data: numbered sections of paragraphs, tables, lists and "to be completed" notes
 * (the parts only the study team can write, shown in a yellow box so no one mistakes a draft for final).
 */
export type GuideBlock =
  | { kind: "p"; text: string }
  | { kind: "todo"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; columns: string[]; widths?: number[]; rows: string[][] };

export interface GuideSection {
  title: string;
  blocks: GuideBlock[];
  children?: GuideSection[];
}

export interface Guide {
  /** "Clinical Study Data Reviewer's Guide". */
  title: string;
  studyId: string;
  studyTitle: string;
  sponsor: string;
  /** Template the structure follows, shown on the cover. */
  template: string;
  sections: GuideSection[];
}

/** The facts the guides are written from: the study spec, the build's metadata and the package checks. */
export interface GuideFacts {
  studyId: string;
  studyTitle: string;
  sponsor: string;
  phase: string;
  indication: string;
  arms: { armcd: string; arm: string }[];
  epochs: string[];
  visits: string[];
  plannedEnrolment: number;
  actualEnrolment: number;
  /** TS records from ts.xpt (TSPARMCD, TSPARM, TSVAL). */
  trialSummary: { TSPARMCD: string; TSPARM: string; TSVAL: string }[];
  tool: { name: string; version: string; sourceHash: string };
  /** CT package dates by standard (sdtm, adam, define). */
  ctPackages: Record<string, string>;
  standards: { name: string; type: string; version: string; publishingSet?: string }[];
  datasets: {
    name: string;
    label: string;
    className: string;
    structure: string;
    keys: string[];
    records?: number;
    /** BDS: the PARAMCD values in the data. */
    parameters?: string[];
  }[];
  methods: { name: string; description: string; usedBy: string[] }[];
  findings: { rule: string; severity: string; count: number; message: string; explanation?: string }[];
  /** Technical Rejection Criteria results; `forced`: packaged with --force despite failures. */
  rejection: { id: string; title: string; passed: boolean; detail: string }[];
  forced: boolean;
  agency: { name: string; splitNote: string; maxDatasetBytes: number };
  splits: { dataset: string; bytes: number; parts: string[] }[];
  /** aCRF facts (SDTM guide). */
  acrf?: { pages: number; forms: number; formsWithoutDomain: string[] };
  /** ADSL flags with their counts (ADaM guide). */
  populationFlags?: { variable: string; label: string; y: number; n: number; missing: number }[];
  tlfs?: { id: string; number?: string; title: string; population: string; datasets: string[] }[];
  programs?: string[];
  /** Raw sources (form id, file) the SDTM was made from; empty for delivered SDTM. */
  sources: { form: string; label: string; file: string }[];
}
