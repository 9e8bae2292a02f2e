import type { ArdRow } from "./ard.ts";

/** Input of {@link countSubjects} and {@link countEvents}: parallel arrays, one entry per record. */
export interface CountInput {
  /** USUBJID of each record. */
  subjects: ArrayLike<string>;
  /** Category of each record (e.g. AEDECOD); null or "" = the record is in no category. */
  levels: ArrayLike<string | null>;
  /** Group level of each record (e.g. TRT01A); omit for ungrouped counts. */
  groups?: ArrayLike<string | null>;
  /** ARD name of the analysed variable, e.g. "AEDECOD". */
  variable: string;
  /** ARD name of the grouping variable, e.g. "TRT01A" (default "group" when `groups` is given). */
  groupVariable?: string;
  /**
   * The stated denominator. Grouped: N per group level, e.g. from ADSL with SAFFL = "Y"; its keys are
   * the columns, in order, and records of other group levels are not counted. Ungrouped: one number.
   */
  denominators: number | Readonly<Record<string, number>>;
  /** Add an overall column with this label ("Total"); its N is `denominators[overallLabel]` if given, else the sum. */
  overallLabel?: string;
  /** Levels to report, in this order, including those nobody has (0 rows); default: levels seen, sorted. */
  levelOrder?: readonly string[];
  /** Add a first row for subjects with at least one categorised record, e.g. "Any TEAE". */
  anyLevelLabel?: string;
}

interface Tally {
  columns: { level: string | null; denominator: number }[];
  levels: string[];
  group: string | null;
  /** key column \u0001 level -> distinct subjects, and record count */
  subjects: Map<string, Set<string>>;
  records: Map<string, number>;
}

const SEP = "\u0001";

function tally(input: CountInput): Tally {
  const { subjects, levels, groups } = input;
  const n = subjects.length;
  if (levels.length !== n || (groups && groups.length !== n)) {
    throw new RangeError(
      `count ${input.variable}: subjects, levels and groups must have the same length (${n}, ${levels.length}, ${groups?.length ?? "-"})`,
    );
  }
  const grouped = typeof input.denominators !== "number";
  if (grouped && !groups)
    throw new RangeError(`count ${input.variable}: denominators per group need a groups array`);
  const columns: Tally["columns"] = [];
  if (typeof input.denominators === "number") {
    columns.push({ level: input.overallLabel ?? null, denominator: input.denominators });
  } else {
    let sum = 0;
    for (const [level, d] of Object.entries(input.denominators)) {
      if (input.overallLabel !== undefined && level === input.overallLabel) continue;
      columns.push({ level, denominator: d });
      sum += d;
    }
    if (input.overallLabel !== undefined)
      columns.push({ level: input.overallLabel, denominator: input.denominators[input.overallLabel] ?? sum });
  }
  const inGroup = new Set(columns.map((c) => c.level));
  const overall = grouped ? input.overallLabel : undefined;
  const subjectSets = new Map<string, Set<string>>();
  const records = new Map<string, number>();
  const seen = new Set<string>();
  const add = (col: string | null, level: string, subject: string): void => {
    const key = `${col ?? ""}${SEP}${level}`;
    let s = subjectSets.get(key);
    if (!s) {
      s = new Set();
      subjectSets.set(key, s);
    }
    s.add(subject);
    records.set(key, (records.get(key) ?? 0) + 1);
  };
  for (let i = 0; i < n; i++) {
    const level = levels[i];
    if (level === null || level === undefined || level === "") continue;
    const col = grouped ? (groups?.[i] ?? null) : (columns[0]?.level ?? null);
    if (grouped && (col === null || !inGroup.has(col) || col === overall)) continue; // outside the population
    const subject = subjects[i] as string;
    seen.add(level);
    add(col, level, subject);
    if (input.anyLevelLabel !== undefined) add(col, SEP, subject);
    if (overall !== undefined) {
      add(overall, level, subject);
      if (input.anyLevelLabel !== undefined) add(overall, SEP, subject);
    }
  }
  const levelList = input.levelOrder ? [...input.levelOrder] : [...seen].sort();
  return {
    columns,
    levels: levelList,
    group: grouped ? (input.groupVariable ?? "group") : null,
    subjects: subjectSets,
    records,
  };
}

function rows(
  input: CountInput,
  t: Tally,
  stats: (key: string, denominator: number) => [string, number | null][],
): ArdRow[] {
  const out: ArdRow[] = [];
  const levelRows: [string, string][] = input.anyLevelLabel !== undefined ? [[SEP, input.anyLevelLabel]] : [];
  for (const l of t.levels) levelRows.push([l, l]);
  for (const [key, label] of levelRows) {
    for (const col of t.columns) {
      for (const [statName, stat] of stats(`${col.level ?? ""}${SEP}${key}`, col.denominator)) {
        out.push({
          group: t.group,
          groupLevel: col.level,
          variable: input.variable,
          variableLevel: label,
          statName,
          stat,
        });
      }
    }
  }
  return out;
}

/**
 * Subjects counted once per category (the TEAE table rule): for every category level and column,
 * n = distinct subjects with at least one record in that level, N = the stated denominator,
 * p = n / N (a proportion, 0..1, as in cards; null when N = 0). Display with `formatCountPercent(n, N)`.
 * @example
 * countSubjects({ subjects: ["01","01","02"], levels: ["Headache","Headache","Nausea"],
 *   groups: ["A","A","B"], groupVariable: "TRT01A", variable: "AEDECOD", denominators: { A: 2, B: 4 },
 *   overallLabel: "Total" })
 * // Headache/A: n 1, N 2, p 0.5; Headache/B: n 0, N 4, p 0; Headache/Total: n 1, N 6 ...
 */
export function countSubjects(input: CountInput): ArdRow[] {
  const t = tally(input);
  return rows(input, t, (key, d) => {
    const n = t.subjects.get(key)?.size ?? 0;
    return [
      ["n", n],
      ["N", d],
      ["p", d > 0 ? n / d : null],
    ];
  });
}

/** Event counts: records per category and column (statName "nEvents"); same input as countSubjects. */
export function countEvents(input: CountInput): ArdRow[] {
  const t = tally(input);
  return rows(input, t, (key) => [["nEvents", t.records.get(key) ?? 0]]);
}

/**
 * Denominators from a population: distinct subjects per group level (e.g. ADSL USUBJID by TRT01A
 * where SAFFL = "Y"), in `order` if given, else sorted. Pass the result as `denominators`.
 */
export function countDenominators(
  subjects: ArrayLike<string>,
  groups: ArrayLike<string | null>,
  order?: readonly string[],
): Record<string, number> {
  const sets = new Map<string, Set<string>>();
  for (let i = 0; i < subjects.length; i++) {
    const g = groups[i];
    if (g === null || g === undefined) continue;
    let s = sets.get(g);
    if (!s) {
      s = new Set();
      sets.set(g, s);
    }
    s.add(subjects[i] as string);
  }
  const keys = order ? [...order] : [...sets.keys()].sort();
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = sets.get(k)?.size ?? 0;
  return out;
}
