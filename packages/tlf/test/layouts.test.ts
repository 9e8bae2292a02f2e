/**
 * (a) The TEAE-by-SOC/PT and DLT tables: every count recomputed from the ADaM fixture by plain loops over
 * rows (a different route from the layout's stats.countSubjects path) and compared with the QC JSON.
 */
import { loadTlfShells, type TlfShell } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { buildOutput, renderJson } from "../src/index.ts";
import { makeAdamFixture } from "./adam-fixture.ts";
import { stamp } from "./samples.ts";

const specDir = new URL("../../../specs/nct05563545", import.meta.url).pathname;
const shells = loadTlfShells(specDir);
const shell = (id: string): TlfShell => shells.find((s) => s.id === id)!;
const adam = makeAdamFixture();

interface QcJson {
  columns: { key: string; n: number | null }[];
  sections: { rows: { key: string; label: string; indent: number; cells: string[] }[] }[];
  ard: { rowKey: string; colKey: string; statName: string; stat: number | null }[];
}

/** Expected subject counts: key "col|level" -> Set of subjects, by plain loops over ADSL and ADAE rows. */
function expectedCounts(
  popFlag: string,
  aeFilter: (r: Record<string, unknown>) => boolean,
  levelsOf: (r: Record<string, unknown>) => string[],
) {
  const trt = new Map<string, string>();
  for (const r of adam.get("ADSL")!.rows())
    if (r[popFlag] === "Y") trt.set(r.USUBJID as string, r.TRT01A as string);
  const N = new Map<string, number>();
  for (const g of trt.values()) N.set(`trt=${g}`, (N.get(`trt=${g}`) ?? 0) + 1);
  N.set("total", trt.size);
  const sets = new Map<string, Set<string>>();
  for (const r of adam.get("ADAE")!.rows()) {
    const s = r.USUBJID as string;
    if (!trt.has(s) || !aeFilter(r)) continue;
    for (const level of levelsOf(r)) {
      for (const col of [`trt=${trt.get(s)}`, "total"]) {
        const k = `${col}|${level}`;
        if (!sets.has(k)) sets.set(k, new Set());
        sets.get(k)!.add(s);
      }
    }
  }
  return {
    N,
    n: (col: string, level: string) => sets.get(`${col}|${level}`)?.size ?? 0,
    levels: new Set([...sets.keys()].map((k) => k.slice(k.indexOf("|") + 1))),
  };
}

function qc(id: string): QcJson {
  return JSON.parse(renderJson(buildOutput(shell(id), adam), stamp)) as QcJson;
}

describe("t-ae-socpt counts (recomputed by loops over ADAE)", () => {
  const j = qc("t-ae-socpt");
  const exp = expectedCounts(
    "SAFFL",
    (r) => r.TRTEMFL === "Y",
    (r) => ["ANY", `SOC=${r.AEBODSYS}`, `SOC=${r.AEBODSYS}|PT=${r.AEDECOD}`],
  );
  const rows = j.sections[0]!.rows;
  const levelOfRow = (key: string): string => {
    if (key.endsWith(":any")) return "ANY";
    const m = /AEBODSYS=(.*?)(?:\|AEDECOD=(.*))?$/.exec(key)!;
    return m[2] === undefined ? `SOC=${m[1]}` : `SOC=${m[1]}|PT=${m[2]}`;
  };
  it("has one row per SOC and SOC/PT seen, plus the any-TEAE row", () => {
    expect(new Set(rows.map((r) => levelOfRow(r.key)))).toEqual(exp.levels);
    expect(rows.length).toBe(exp.levels.size);
  });
  it("column N are the safety population counts", () => {
    for (const c of j.columns) expect(c.n).toBe(exp.N.get(c.key));
  });
  it("every n in the JSON equals the loop count, and the percent is 100 n / N", () => {
    let checked = 0;
    for (const a of j.ard) {
      const row = rows.find((r) => r.key === a.rowKey)!;
      const n = exp.n(a.colKey, levelOfRow(row.key));
      if (a.statName === "n") expect(a.stat).toBe(n);
      if (a.statName === "pct") expect(a.stat).toBeCloseTo((100 * n) / exp.N.get(a.colKey)!, 10);
      checked++;
    }
    expect(checked).toBeGreaterThan(rows.length * j.columns.length);
  });
  it("SOCs and PTs within a SOC are sorted by descending total count, then alphabetically", () => {
    const socs = rows.filter((r) => r.indent === 1).map((r) => levelOfRow(r.key));
    const sorted = [...socs].sort((a, b) => exp.n("total", b) - exp.n("total", a) || (a < b ? -1 : 1));
    expect(socs).toEqual(sorted);
  });
});

describe("t-dlt counts (recomputed by loops over ADAE)", () => {
  const j = qc("t-dlt");
  const exp = expectedCounts(
    "DLTEVLFL",
    (r) => r.DLTFL === "Y",
    (r) => ["ANY", `PT=${r.AEDECOD}`],
  );
  const rows = j.sections[0]!.rows;
  const levelOfRow = (key: string) => (key.endsWith(":any") ? "ANY" : `PT=${/AEDECOD=(.*)$/.exec(key)![1]}`);
  it("N is the DLT-evaluable count per dose level", () => {
    for (const c of j.columns) expect(c.n).toBe(exp.N.get(c.key));
    // The fixture's subject 5 is infused but not DLT-evaluable; 14 is not infused.
    expect(exp.N.get("total")).toBe(12);
  });
  it("every displayed count matches", () => {
    expect(new Set(rows.map((r) => levelOfRow(r.key)))).toEqual(exp.levels);
    for (const a of j.ard.filter((x) => x.statName === "n")) {
      const row = rows.find((r) => r.key === a.rowKey)!;
      expect(a.stat).toBe(exp.n(a.colKey, levelOfRow(row.key)));
    }
  });
  it("the text shows n (pct) with pct rounded half away from zero", () => {
    const any = rows[0]!;
    j.columns.forEach((c, k) => {
      const n = exp.n(c.key, "ANY");
      const N = exp.N.get(c.key)!;
      expect(any.cells[k]).toBe(
        n === 0 ? "0" : n === N ? `${n} (100)` : `${n} (${(Math.round((1000 * n) / N) / 10).toFixed(1)})`,
      );
    });
  });
});

describe("every shell of the study builds from the fixture", () => {
  for (const s of shells) {
    it(`${s.id}`, () => {
      const o = buildOutput(s, adam);
      expect(o.id).toBe(s.id);
      if (o.kind !== "figure") expect(o.sections.some((x) => x.rows.length > 0)).toBe(true);
      else expect(o.data.length).toBeGreaterThan(0);
    });
  }
});

describe("t-cyto summarises one analysis record per subject, parameter and visit", () => {
  const j = qc("t-cyto");
  const rows = j.sections[0]!.rows;
  // Expected by loops over ADLB: SAFFL subjects' ANL01FL = "Y" IL-6 values at Day 7, per column.
  const trt = new Map<string, string>();
  for (const r of adam.get("ADSL")!.rows())
    if (r.SAFFL === "Y") trt.set(r.USUBJID as string, r.TRT01A as string);
  const vals = new Map<string, number[]>();
  let repeats = 0;
  for (const r of adam.get("ADLB")!.rows()) {
    if (r.PARAMCD !== "IL6" || r.AVISIT !== "Day 7" || !trt.has(r.USUBJID as string)) continue;
    if (r.ANL01FL !== "Y") {
      repeats++;
      continue;
    }
    for (const k of [`trt=${trt.get(r.USUBJID as string)}`, "total"])
      vals.set(k, [...(vals.get(k) ?? []), r.AVAL as number]);
  }
  const gk = "param=Interleukin 6 (ng/L)|visit=Day 7";
  it("the fixture has repeat results that are not the analysis record (AVAL 999)", () => {
    expect(repeats).toBeGreaterThan(0);
  });
  it("n is the number of subjects with an analysis record (never above N) and the max is not a repeat's 999", () => {
    const n = rows.find((r) => r.key === `${gk}|stat=n`)!;
    const max = rows.find((r) => r.key === `${gk}|stat=max`)!;
    j.columns.forEach((c, k) => {
      const v = vals.get(c.key) ?? [];
      expect(n.cells[k]).toBe(String(v.length));
      expect(v.length).toBeLessThanOrEqual(c.n!);
      expect(max.cells[k]).toBe(v.length ? Math.max(...v).toFixed(2) : "");
    });
  });
  it("declares one record per subject and the footnote says how it is chosen", () => {
    const row = rows.find((r) => r.key === `${gk}|stat=n`) as unknown as { records: unknown };
    expect(row.records).toEqual({ declared: "one", maxPerSubject: [1, 1, 1, 1] });
    expect((j as unknown as { footnotes: string[] }).footnotes.join(" ")).toContain(
      "One analysis record per subject, parameter and visit (ANL01FL = Y",
    );
  });
});
