/**
 * Analysis Results Data: one row per number, with the keys that say what it is (the `cards` layout:
 * group1/group1_level/variable/variable_level/stat_name/stat, camelCased). A TLF's QC JSON is a list
 * of these rows, so every figure shown can be traced and double-programmed.
 */
export interface ArdRow {
  /** grouping variable, e.g. "TRT01A"; null for an ungrouped statistic */
  group: string | null;
  /** level of the grouping variable, e.g. "Dose Level 1", or the overall label, e.g. "Total" */
  groupLevel: string | null;
  /** analysed variable, e.g. "AEDECOD", "AGE", "PFS" */
  variable: string;
  /** level of the analysed variable for categorical statistics, e.g. "Headache"; null otherwise */
  variableLevel: string | null;
  /** statistic name: n, N, p, nEvents, mean, sd, median, q1, q3, min, max, cv, geoMean, geoCv, ... */
  statName: string;
  /** the unrounded value; null when not computable */
  stat: number | null;
}

/** Keys that place a set of statistics in the ARD. */
export interface ArdKeys {
  group?: string | null;
  groupLevel?: string | null;
  variable: string;
  variableLevel?: string | null;
}

/**
 * Turn a record of named statistics into ARD rows, in the record's key order, e.g.
 * `toArd({ group: "TRT01A", groupLevel: "A", variable: "AGE" }, computeDescriptive(ages))`.
 */
export function toArd<T extends { [K in keyof T]: number | null | undefined }>(
  keys: ArdKeys,
  stats: T,
): ArdRow[] {
  const rows: ArdRow[] = [];
  for (const [statName, stat] of Object.entries(stats) as [string, number | null | undefined][]) {
    rows.push({
      group: keys.group ?? null,
      groupLevel: keys.groupLevel ?? null,
      variable: keys.variable,
      variableLevel: keys.variableLevel ?? null,
      statName,
      stat: stat === undefined || (typeof stat === "number" && Number.isNaN(stat)) ? null : stat,
    });
  }
  return rows;
}
