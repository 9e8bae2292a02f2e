/** Terminology: codelist values (checked once per distinct value), test codes and names, flags. */
import type { CharColumn } from "@trialforge/core";
import type { Terminology } from "@trialforge/terminology";
import type { Collector } from "../internal/collector.ts";
import { distinctPairs, firstRowOfCode, recordKey, usedCodes } from "../internal/columns.ts";
import { codelistOf, type Prepared } from "../internal/prepare.ts";

const TESTCD = /^[A-Z_][A-Z0-9_]{0,7}$/;
/** SDTMIG 3.4 6.3.4 / 7.5: IETEST (IE and TI) holds criterion text of up to 200 characters, not a 40-character test name. */
const TEST_LENGTH: Record<string, number> = { IETEST: 200 };
// Numbers, and censored numbers such as "<0.5" or ">=200" (SDTMIG 3.4 4.5.1.1), are results, not terms.
const NUMERIC = /^(<=?|>=?)?\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function checkTerminology(p: Prepared, ct: Terminology, out: Collector): void {
  const { ds, name } = p;
  for (const v of ds.meta.variables) {
    const col = ds.column(v.name);
    if (col.kind !== "Char") continue;
    const { id, define } = codelistOf(p, v.name);
    const codelist = id ? ct.codelist(id) : undefined;
    if (!codelist && !define) continue;
    // Results variables carry numbers as text; only their non-numeric values are coded.
    const results = /(ORRES|STRESC)$/.test(v.name);
    const used = usedCodes(col);
    let first: Int32Array | undefined;
    for (let c = 1; c < col.dict.length; c++) {
      if (!used[c]) continue;
      const val = col.dict[c]!;
      if (results && NUMERIC.test(val)) continue;
      const hit = codelist ? ct.lookup(codelist.code, val) : undefined;
      if (hit?.match === "exact") {
        // A sponsor extension of a CDISC codelist must be listed in the define (def:ExtendedValue).
        if (hit.term.extended && define && !define.values.has(val)) {
          first ??= firstRowOfCode(col);
          out.report("TF-CT02", name, {
            variable: v.name,
            key: recordKey(ds, first[c]!, p.reportKeys),
            value: val,
            message: `"${val}" extends ${codelist!.shortName} (${codelist!.code}) but the define.xml codelist ${define.oid} does not list it`,
          });
        }
        continue;
      }
      const inDefine = define?.values.has(val) ?? false;
      const extensible = codelist ? codelist.extensible : false;
      if (codelist && extensible && inDefine) continue;
      if (!codelist && inDefine) continue;
      first ??= firstRowOfCode(col);
      const key = recordKey(ds, first[c]!, p.reportKeys);
      const listed =
        !codelist && define!.values.size <= 10
          ? ` (its values: ${[...define!.values].map(quote).join(", ")})`
          : "";
      const clName = codelist
        ? `${codelist.shortName} (${codelist.code})`
        : `define.xml codelist ${define!.oid}${listed}`;
      if (codelist && extensible)
        out.report("TF-CT02", name, {
          variable: v.name,
          key,
          value: val,
          message: `"${val}" is not in the extensible codelist ${clName} and define.xml does not list it as an extended value`,
        });
      else
        out.report("TF-CT01", name, {
          variable: v.name,
          key,
          value: val,
          message: `"${val}" is not in the non-extensible codelist ${clName}`,
        });
    }
  }
  // --TESTCD / --TEST (SDTM) and PARAMCD / PARAM (ADaM): format, length, one-to-one.
  const pair = p.standard === "SDTM" ? [`${p.prefix}TESTCD`, `${p.prefix}TEST`] : ["PARAMCD", "PARAM"];
  const [cdName, testName] = pair as [string, string];
  if (ds.has(cdName) && ds.column(cdName).kind === "Char") {
    const col = ds.char(cdName);
    forUsed(col, (val, row) => {
      if (val !== "" && !TESTCD.test(val))
        out.report("TF-CT03", name, { variable: cdName, value: val, key: recordKey(ds, row, p.reportKeys) });
    });
  }
  if (ds.has(testName) && ds.column(testName).kind === "Char") {
    const max = TEST_LENGTH[testName] ?? (p.standard === "SDTM" ? 40 : 200);
    forUsed(ds.char(testName), (val, row) => {
      if (val.length > max)
        out.report("TF-CT04", name, {
          variable: testName,
          value: val,
          key: recordKey(ds, row, p.reportKeys),
        });
    });
  }
  if (ds.has(cdName) && ds.has(testName)) {
    const rule = p.standard === "SDTM" ? "TF-CT05" : "TF-AD04";
    for (const bad of oneToOne(ds.char(cdName), ds.char(testName)))
      out.report(rule, name, {
        variable: bad.variable === 0 ? cdName : testName,
        value: bad.value,
        message: bad.message(cdName, testName),
      });
  }
  // Flags: ADaM *FL = Y/N/null, *FN = 1/0/null; SDTM --BLFL, --LOBXFL, --DRVFL = Y or null.
  for (const v of ds.meta.variables) {
    const col = ds.column(v.name);
    if (p.standard === "ADaM" && /FL$/.test(v.name) && col.kind === "Char") {
      forUsed(col, (val, row) => {
        if (val !== "" && val !== "Y" && val !== "N")
          out.report("TF-CT06", name, {
            variable: v.name,
            value: val,
            key: recordKey(ds, row, p.reportKeys),
          });
      });
    } else if (p.standard === "ADaM" && /FN$/.test(v.name) && col.kind === "Num") {
      for (let i = 0; i < col.length; i++) {
        const x = col.values[i]!;
        if (!Number.isNaN(x) && x !== 0 && x !== 1)
          out.report("TF-CT06", name, {
            variable: v.name,
            value: String(x),
            key: recordKey(ds, i, p.reportKeys),
          });
      }
    } else if (
      p.standard === "SDTM" &&
      p.prefix &&
      [`${p.prefix}BLFL`, `${p.prefix}LOBXFL`, `${p.prefix}DRVFL`].includes(v.name) &&
      col.kind === "Char"
    ) {
      forUsed(col, (val, row) => {
        if (val !== "" && val !== "Y")
          out.report("TF-CT06", name, {
            variable: v.name,
            value: val,
            key: recordKey(ds, row, p.reportKeys),
          });
      });
    }
  }
}

/** JSON-style quoting with non-ASCII escaped, so a stray no-break space shows as \u00a0. */
const quote = (s: string) =>
  JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Calls fn once per distinct used value with the first row that holds it. */
export function forUsed(col: CharColumn, fn: (value: string, firstRow: number) => void): void {
  const first = firstRowOfCode(col);
  for (let c = 0; c < col.dict.length; c++) if (first[c]! >= 0) fn(col.dict[c]!, first[c]!);
}

interface PairProblem {
  variable: 0 | 1;
  value: string;
  message: (a: string, b: string) => string;
}

/** Values of a that map to several b values, and values of b that map to several a values. */
export function oneToOne(a: CharColumn, b: CharColumn): PairProblem[] {
  const aToB = new Map<number, Set<number>>();
  const bToA = new Map<number, Set<number>>();
  for (const [x, y] of distinctPairs(
    a.codes.subarray(0, a.length),
    b.codes.subarray(0, b.length),
    b.dict.length,
  )) {
    if (x === 0 || y === 0) continue;
    const s = aToB.get(x) ?? new Set<number>();
    aToB.set(x, s.add(y));
    const t = bToA.get(y) ?? new Set<number>();
    bToA.set(y, t.add(x));
  }
  const out: PairProblem[] = [];
  for (const [x, ys] of aToB)
    if (ys.size > 1) {
      const list = [...ys].map((y) => `"${b.dict[y]}"`).join(", ");
      out.push({
        variable: 0,
        value: a.dict[x]!,
        message: (an, bn) => `${an} "${a.dict[x]}" has several ${bn} values: ${list}`,
      });
    }
  for (const [y, xs] of bToA)
    if (xs.size > 1) {
      const list = [...xs].map((x) => `"${a.dict[x]}"`).join(", ");
      out.push({
        variable: 1,
        value: b.dict[y]!,
        message: (an, bn) => `${bn} "${b.dict[y]}" has several ${an} values: ${list}`,
      });
    }
  return out;
}
