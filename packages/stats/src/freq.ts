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
  /** distinct subjects and records for (column index, level); level null = the any-level row */
  nSubjects: (col: number, level: string | null) => number;
  nRecords: (col: number, level: string | null) => number;
}

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
  const nCols = columns.length;
  const colIndex = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c.level !== null && !(grouped && c.level === input.overallLabel)) colIndex.set(c.level, i);
  });
  const overallCol = grouped && input.overallLabel !== undefined ? nCols - 1 : -1;
  const withAny = input.anyLevelLabel !== undefined;
  // integer codes keep the hot loop free of string keys: cell = levelId * nCols + column, level 0 = any
  const levelId = new Map<string, number>();
  const subjectId = new Map<string, number>();
  const cellSubjects: Set<number>[] = [];
  const cellRecords: number[] = [];
  const add = (cell: number, subject: number): void => {
    let set = cellSubjects[cell];
    if (!set) {
      set = new Set();
      cellSubjects[cell] = set;
    }
    set.add(subject);
    cellRecords[cell] = (cellRecords[cell] ?? 0) + 1;
  };
  for (let i = 0; i < n; i++) {
    const level = levels[i];
    if (level === null || level === undefined || level === "") continue;
    let col = 0;
    if (grouped) {
      const g = groups?.[i];
      const c = g === null || g === undefined ? undefined : colIndex.get(g);
      if (c === undefined) continue; // outside the population of the stated denominators
      col = c;
    }
    let lid = levelId.get(level);
    if (lid === undefined) {
      lid = levelId.size + 1;
      levelId.set(level, lid);
    }
    const subject = subjects[i] as string;
    let sid = subjectId.get(subject);
    if (sid === undefined) {
      sid = subjectId.size;
      subjectId.set(subject, sid);
    }
    add(lid * nCols + col, sid);
    if (withAny) add(col, sid);
    if (overallCol >= 0) {
      add(lid * nCols + overallCol, sid);
      if (withAny) add(overallCol, sid);
    }
  }
  const cellOf = (col: number, level: string | null): number | undefined => {
    if (level === null) return col;
    const lid = levelId.get(level);
    return lid === undefined ? undefined : lid * nCols + col;
  };
  const get = <T>(arr: T[], col: number, level: string | null): T | undefined => {
    const cell = cellOf(col, level);
    return cell === undefined ? undefined : arr[cell];
  };
  return {
    columns,
    levels: input.levelOrder ? [...input.levelOrder] : [...levelId.keys()].sort(),
    group: grouped ? (input.groupVariable ?? "group") : null,
    nSubjects: (col, level) => get(cellSubjects, col, level)?.size ?? 0,
    nRecords: (col, level) => get(cellRecords, col, level) ?? 0,
  };
}

function rows(
  input: CountInput,
  t: Tally,
  stats: (col: number, level: string | null, denominator: number) => [string, number | null][],
): ArdRow[] {
  const out: ArdRow[] = [];
  const levelRows: [string | null, string][] =
    input.anyLevelLabel !== undefined ? [[null, input.anyLevelLabel]] : [];
  for (const l of t.levels) levelRows.push([l, l]);
  for (const [level, label] of levelRows) {
    t.columns.forEach((col, ci) => {
      for (const [statName, stat] of stats(ci, level, col.denominator)) {
        out.push({
          group: t.group,
          groupLevel: col.level,
          variable: input.variable,
          variableLevel: label,
          statName,
          stat,
        });
      }
    });
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
  return rows(input, t, (col, level, d) => {
    const n = t.nSubjects(col, level);
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
  return rows(input, t, (col, level) => [["nEvents", t.nRecords(col, level)]]);
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
