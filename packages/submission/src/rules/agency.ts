/**
 * Agency rules for the datasets of a submission: the per-dataset size limit, how a dataset over it is split
 * and where the parts go, and the file and folder naming rules. Closed registry: one entry per agency.
 *
 * FDA: Study Data Technical Conformance Guide §3.3.2 (dataset size): a dataset over 5 GB is split into
 * datasets of at most 5 GB, placed in a `split` subfolder beside the unsplit dataset, and the split is
 * explained in the reviewer's guide. File names: lower case, at most 8 characters before `.xpt`, letters and
 * digits only (SAS XPORT v5 member names).
 * PMDA: Technical Conformance Guide on Electronic Study Data Submissions: a file over the upper limit is
 * discussed with PMDA in advance; no additional subfolders (the parts sit beside the other datasets and
 * replace the unsplit file); the path from `m5` is at most 160 characters.
 */
export type Agency = "fda" | "pmda";
export const AGENCIES = ["fda", "pmda"] as const satisfies readonly Agency[];

export interface AgencyRules {
  name: string;
  /** Largest dataset file, in bytes. */
  maxDatasetBytes: number;
  /** Subfolder (beside the datasets) that receives the parts of a split dataset; none: beside the datasets. */
  splitFolder?: string;
  /** Whether the unsplit dataset is kept beside its parts. */
  keepUnsplit: boolean;
  /** Longest path from the `m5` folder (inclusive), when the agency sets one. */
  maxPathFromM5?: number;
  /** What the agency expects when a dataset is split, for the reviewer's guide. */
  splitNote: string;
}

const GB = 1024 ** 3;

export const AGENCY_RULES: Record<Agency, AgencyRules> = {
  fda: {
    name: "FDA",
    maxDatasetBytes: 5 * GB,
    splitFolder: "split",
    keepUnsplit: true,
    splitNote:
      "FDA Study Data Technical Conformance Guide §3.3.2: datasets over 5 GB are split into datasets of at most 5 GB in the split subfolder; the unsplit dataset is also provided.",
  },
  pmda: {
    name: "PMDA",
    maxDatasetBytes: 5 * GB,
    keepUnsplit: false,
    maxPathFromM5: 160,
    splitNote:
      "PMDA Technical Conformance Guide: a dataset over the upper limit is discussed with PMDA before submission; the parts replace the unsplit dataset in the same folder (no additional subfolders).",
  },
};

/** Why a dataset file name breaks the XPT naming rules, or undefined when it is fine. */
export function checkDatasetFileName(file: string): string | undefined {
  const m = /^(.*)\.xpt$/.exec(file);
  if (!m) return `${file}: a dataset file must end in .xpt`;
  const stem = m[1]!;
  if (stem !== stem.toLowerCase()) return `${file}: upper-case letters (file names are lower case)`;
  if (stem.length === 0 || stem.length > 8)
    return `${file}: the name has ${stem.length} characters (at most 8)`;
  if (!/^[a-z][a-z0-9]*$/.test(stem))
    return `${file}: special characters (only letters and digits, starting with a letter)`;
  return undefined;
}

/** `lb` part 2 → `lb2`; a name that would pass 8 characters loses letters from its end first. */
export function splitFileStem(stem: string, part: number): string {
  const suffix = String(part);
  return `${stem.slice(0, 8 - suffix.length)}${suffix}`;
}

/**
 * Rows of a dataset grouped into parts that each stay under `maxBytes`, never cutting a subject's records
 * apart (rows of one subject are contiguous after the writer's key sort). Sizes are estimates from the fixed
 * XPT record length: `headerBytes + rows × rowBytes`, rounded up to 80-byte records.
 */
export function planSplit(
  subjects: readonly string[],
  rowBytes: number,
  headerBytes: number,
  maxBytes: number,
): { start: number; end: number }[] {
  const size = (n: number) => headerBytes + Math.ceil((n * rowBytes) / 80) * 80;
  const parts: { start: number; end: number }[] = [];
  let start = 0;
  let i = 0;
  while (i < subjects.length) {
    // The next subject's block.
    let j = i + 1;
    while (j < subjects.length && subjects[j] === subjects[i]) j++;
    if (j - start > 0 && size(j - start) > maxBytes && i > start) {
      parts.push({ start, end: i });
      start = i;
    }
    i = j;
  }
  if (start < subjects.length) parts.push({ start, end: subjects.length });
  return parts;
}
