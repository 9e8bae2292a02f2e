/**
 * The submission the rules run over: datasets with their file name and label, and what CORE derives
 * from each (domain, SUPP-- parent, class, the `--` prefix).
 */
import type { Dataset } from "@trialforge/core";
import { igDataset } from "@trialforge/terminology";

export interface StudyDatasetInput {
  /** Dataset name, e.g. "AE", "SUPPAE". */
  name: string;
  label: string;
  /** File name as submitted, e.g. "ae.xpt" (Domain Presence Check reports it). */
  fileName: string;
  data: Dataset;
}

export interface DatasetInfo extends StudyDatasetInput {
  /** DOMAIN of the first record (null when the dataset has no DOMAIN, e.g. SUPP-- or RELREC). */
  domain: string | null;
  isSupp: boolean;
  /** RDOMAIN of the first record of a SUPP-- dataset. */
  rdomain: string | null;
  isAp: boolean;
  /** What `--` stands for: the domain (the 2-letter parent for associated persons). */
  wildcard: string;
  /** The domain of a split dataset ("QS" for "QS1"), "SUPPQS" for "SUPPQS1". */
  unsplitName: string;
  /** SDTM class in CT spelling ("FINDINGS", "EVENTS", …), or null when unknown. */
  className: string | null;
}

/** Datasets of the SDTM model that the SDTMIG metadata we carry does not list, with their class. */
const MODEL_ONLY_CLASSES: Record<string, string> = {
  TX: "TRIAL DESIGN",
};

function firstValue(ds: Dataset, name: string): string | null {
  if (!ds.has(name) || ds.length === 0) return null;
  const v = ds.get(name, 0);
  return v === null || v === "" ? null : String(v);
}

/** Class of a domain the IG does not define, from its topic variable (CORE's custom-domain rule). */
function customClass(ds: Dataset, domain: string | null): string | null {
  const has = (suffix: string) => ds.has(`${domain ?? ""}${suffix}`);
  if (has("TERM")) return "EVENTS";
  if (has("TRT")) return "INTERVENTIONS";
  if (ds.has("QNAM")) return "RELATIONSHIP";
  if (has("TESTCD")) return has("OBJ") ? "FINDINGS ABOUT" : "FINDINGS";
  return null;
}

export function describeDataset(d: StudyDatasetInput): Omit<DatasetInfo, "className"> {
  const name = d.name.toUpperCase();
  const domain = firstValue(d.data, "DOMAIN");
  const isSupp = name.startsWith("SUPP") || name.startsWith("SQ");
  const rdomain = isSupp ? firstValue(d.data, "RDOMAIN") : null;
  // associated persons: APID present, or DOMAIN is AP + a 2-letter domain (CORE's test data has both)
  const isAp = isSupp
    ? rdomain !== null && rdomain.length === 4 && rdomain.startsWith("AP")
    : d.data.has("APID") || (domain !== null && /^AP[A-Z]{2}$/.test(domain));
  const apSuffix = isAp && !isSupp && domain !== null && domain.length >= 4 ? domain.slice(2) : "";
  const unsplitName =
    domain ?? (isSupp ? `${name.startsWith("SUPP") ? "SUPP" : "SQ"}${rdomain ?? ""}` : name);
  return { ...d, name, domain, isSupp, rdomain, isAp, wildcard: apSuffix || domain || "", unsplitName };
}

export class Study {
  readonly datasets: DatasetInfo[];

  constructor(inputs: readonly StudyDatasetInput[]) {
    const described = inputs.map(describeDataset);
    this.datasets = described.map((d) => ({ ...d, className: null }));
    for (const d of this.datasets) d.className = this.classOf(d);
  }

  private classOf(d: DatasetInfo): string | null {
    const ig = igDataset("SDTM", d.unsplitName);
    if (ig) return ig.class.toUpperCase();
    if (d.isAp && !d.isSupp) {
      const parentIg = igDataset("SDTM", d.wildcard);
      if (parentIg) return parentIg.class.toUpperCase();
      const parent = this.datasets.find((x) => x.domain === d.wildcard && !x.isAp);
      if (parent) return customClass(parent.data, parent.domain);
    }
    const model = MODEL_ONLY_CLASSES[d.unsplitName];
    if (model) return model;
    return customClass(d.data, d.domain);
  }

  /** Datasets of a domain or name ("DM", "SUPPAE"). */
  find(name: string): DatasetInfo[] {
    return this.datasets.filter((d) => d.domain === name || d.name === name || d.unsplitName === name);
  }
}
