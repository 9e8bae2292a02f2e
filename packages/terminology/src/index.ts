/**
 * @trialforge/terminology: CDISC controlled terminology (SDTM CT 2025-03-28, ADaM and Define-XML CT
 * 2025-09-26) with NCI codes, and SDTMIG/ADaMIG variable metadata. Data are committed under data/
 * (built by scripts/build-ct.ts) and read once, lazily.
 */
import {
  findIgDataset,
  findIgVariable,
  type IgDataset,
  type IgIndex,
  type IgStandard,
  type IgVariable,
  mergeIgOverlay,
} from "./ig.ts";
import { readCtData, readIgData, readIgOverlay } from "./read/data-files.ts";
import { Terminology } from "./terminology.ts";

export type { IgDataset, IgOverlay, IgStandard, IgVariable } from "./ig.ts";
export { mergeIgOverlay } from "./ig.ts";
export type { CtData, IgData } from "./internal/data-types.ts";
export {
  type Codelist,
  type CtStandard,
  type MatchKind,
  normalizeTermText,
  type PackageDates,
  type SponsorCodelist,
  type SponsorTerm,
  type Term,
  Terminology,
  type TermMatch,
} from "./terminology.ts";

let terminology: Terminology | undefined;
let ig: IgIndex | undefined;

/** The CDISC controlled terminology (loaded on first call, then shared). */
export function loadTerminology(): Terminology {
  terminology ??= new Terminology(readCtData());
  return terminology;
}

function igIndex(): IgIndex {
  ig ??= mergeIgOverlay(readIgData(), readIgOverlay());
  return ig;
}

/** IG dataset metadata: SDTM domain ("AE", "SUPPAE" → SUPPQUAL) or ADaM "ADSL" / class "BDS" / "OCCDS". */
export function igDataset(standard: IgStandard, dataset: string): IgDataset | undefined {
  return findIgDataset(igIndex(), standard, dataset);
}

/** IG variables of a dataset in IG order (label, type, core, role, codelist); undefined for an unknown dataset. */
export function igVariables(standard: IgStandard, dataset: string): readonly IgVariable[] | undefined {
  return igDataset(standard, dataset)?.variables;
}

/** One IG variable; ADaM placeholder names match ("TRT01P" finds "TRTxxP"). */
export function igVariable(standard: IgStandard, dataset: string, name: string): IgVariable | undefined {
  return findIgVariable(igIndex(), standard, dataset, name);
}

/** IG versions: the CDISC Library base (SDTMIG 3.3, ADaMIG 1.2) and the overlay target (3.4, 1.3). */
export function igVersions(): IgIndex["versions"] {
  return igIndex().versions;
}

/** Names of all IG datasets of a standard (base plus overlay). */
export function igDatasetNames(standard: IgStandard): string[] {
  return [...igIndex().datasets[standard].keys()].sort();
}
