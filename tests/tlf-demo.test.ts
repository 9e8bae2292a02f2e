/**
 * The demo study end to end: synthetic raw data → ingest → SDTM → ADaM (buildAdam) → every TLF shell, in
 * process. The TEAE-by-SOC/PT and DLT counts in the QC JSON are recomputed from the built ADAE/ADSL by
 * plain loops, and every output is written in all four formats.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildAdam } from "@trialforge/adam";
import { type Dataset, Diagnostics } from "@trialforge/core";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadAdamSpec, loadSdtmSpec, loadStudy, loadTlfShells } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";
import {
  buildOutput,
  type GridOutput,
  renderJson,
  renderPdf,
  renderRtf,
  writeOutputFiles,
} from "@trialforge/tlf";
import { hasPdftotext, numbers, pdfPages, rtfBodyRows } from "@trialforge/tlf/testing";
import { beforeAll, describe, expect, it } from "vitest";

const studyDir = resolve(import.meta.dirname, "../specs/nct05563545");
const stamp = { dataCut: "2025-06-30", runStamp: "2026-01-01T00:00:00Z", study: "NCT05563545" };
let adam: Map<string, Dataset>;
let sdtmEx: Dataset;
let plannedDose: Map<string, number>;
const shells = loadTlfShells(studyDir);

beforeAll(async () => {
  const study = loadStudy(studyDir);
  const rawDir = mkdtempSync(join(tmpdir(), "tlf-demo-raw-"));
  await synthesize(study, rawDir, { seed: 1 });
  const raw = await ingestStudy(study, rawDir);
  const diagnostics = new Diagnostics();
  const sdtm = buildSdtm({
    study,
    spec: loadSdtmSpec(studyDir),
    raw: raw as never,
    terminology: loadTerminology(),
    diagnostics,
  });
  adam = buildAdam({ study, spec: loadAdamSpec(studyDir), sdtm: sdtm.datasets, diagnostics });
  sdtmEx = sdtm.datasets.get("EX")!;
  plannedDose = new Map((study.arms ?? []).map((a) => [a.armcd, Number(a.dose)]));
}, 240_000);

interface Qc {
  columns: { key: string; n: number | null }[];
  sections: { rows: { key: string; label: string; indent: number }[] }[];
  ard: { rowKey: string; colKey: string; statName: string; stat: number | null }[];
}

/** Subjects per (column, level) by plain loops over ADSL and ADAE rows. */
function loopCounts(
  pop: string,
  keep: (r: Record<string, unknown>) => boolean,
  levels: (r: Record<string, unknown>) => string[],
) {
  const trt = new Map<string, string>();
  for (const r of adam.get("ADSL")!.rows())
    if (r[pop] === "Y" && r.TRT01A) trt.set(r.USUBJID as string, r.TRT01A as string);
  const sets = new Map<string, Set<string>>();
  for (const r of adam.get("ADAE")!.rows()) {
    const s = r.USUBJID as string;
    if (!trt.has(s) || !keep(r)) continue;
    for (const l of levels(r)) {
      for (const c of [`trt=${trt.get(s)}`, "total"]) {
        const k = `${c}|${l}`;
        if (!sets.has(k)) sets.set(k, new Set());
        sets.get(k)!.add(s);
      }
    }
  }
  const N = new Map<string, number>([["total", trt.size]]);
  for (const g of trt.values()) N.set(`trt=${g}`, (N.get(`trt=${g}`) ?? 0) + 1);
  return {
    N,
    n: (c: string, l: string) => sets.get(`${c}|${l}`)?.size ?? 0,
    levels: new Set([...sets.keys()].map((k) => k.slice(k.indexOf("|") + 1))),
  };
}

function check(
  id: string,
  pop: string,
  keep: (r: Record<string, unknown>) => boolean,
  levels: (r: Record<string, unknown>) => string[],
  levelOfKey: (k: string) => string,
) {
  const q = JSON.parse(renderJson(buildOutput(shells.find((s) => s.id === id)!, adam), stamp)) as Qc;
  const exp = loopCounts(pop, keep, levels);
  for (const c of q.columns) expect(c.n).toBe(exp.N.get(c.key));
  const rows = q.sections[0]!.rows;
  expect(new Set(rows.map((r) => levelOfKey(r.key)))).toEqual(exp.levels);
  let n = 0;
  for (const a of q.ard.filter((x) => x.statName === "n")) {
    expect(a.stat).toBe(exp.n(a.colKey, levelOfKey(a.rowKey)));
    n++;
  }
  expect(n).toBe(rows.length * q.columns.length);
}

describe("demo study: ADaM from buildAdam to TLFs", () => {
  it("has ADAE records to count", () => {
    expect(adam.get("ADAE")!.length).toBeGreaterThan(10);
  });
  it("t-ae-socpt: every count equals the loop count over ADAE (TRTEMFL = Y, SAFFL)", () => {
    check(
      "t-ae-socpt",
      "SAFFL",
      (r) => r.TRTEMFL === "Y",
      (r) => ["ANY", `${r.AEBODSYS}`, `${r.AEBODSYS}|${r.AEDECOD}`],
      (k) => {
        if (k.endsWith(":any")) return "ANY";
        const m = /AEBODSYS=(.*?)(?:\|AEDECOD=(.*))?$/.exec(k)!;
        return m[2] === undefined ? m[1]! : `${m[1]}|${m[2]}`;
      },
    );
  });
  it("t-dlt: every count equals the loop count over ADAE (DLTFL = Y, DLTEVLFL)", () => {
    check(
      "t-dlt",
      "DLTEVLFL",
      (r) => r.DLTFL === "Y",
      (r) => ["ANY", `${r.AEDECOD}`],
      (k) => (k.endsWith(":any") ? "ANY" : /AEDECOD=(.*)$/.exec(k)![1]!),
    );
  });
  it.skipIf(!hasPdftotext)(
    "t-ae-socpt: the PDF body and the RTF rows show exactly the JSON's numbers",
    async () => {
      const o = buildOutput(shells.find((x) => x.id === "t-ae-socpt")!, adam) as GridOutput;
      const q = JSON.parse(renderJson(o, stamp)) as {
        sections: { rows: { label: string; cells: string[] }[] }[];
        footnotes: string[];
      };
      const expected = q.sections.flatMap((x) =>
        x.rows.flatMap((r) => [...numbers(r.label), ...r.cells.flatMap(numbers)]),
      );
      const got: string[] = [];
      for (const page of pdfPages(await renderPdf(o, stamp))) {
        const lines = page.split("\n");
        let start = -1;
        lines.forEach((l, i) => {
          if (l.includes("(N=")) start = i;
        });
        const end = lines.findIndex((l) => l.trim().startsWith(q.footnotes[0]!.slice(0, 30)));
        for (const l of lines.slice(start + 1, end)) got.push(...numbers(l));
      }
      expect(got).toEqual(expected);
      expect(rtfBodyRows(renderRtf(o, stamp))).toEqual(
        q.sections.flatMap((x) => x.rows.map((r) => [r.label, ...r.cells])),
      );
    },
    60_000,
  );
  it("every shell renders to PDF, RTF, XLSX and JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tlf-demo-out-"));
    for (const s of shells) {
      const files = await writeOutputFiles(buildOutput(s, adam), stamp, dir);
      expect(files.map((f) => f.slice(dir.length + 1))).toEqual(
        ["pdf", "rtf", "xlsx", "json"].map((e) => `${s.id}.${e}`),
      );
      for (const f of files) expect(existsSync(f)).toBe(true);
    }
  }, 120_000);
});

describe("demo study: exposure (ADSL dose received from SDTM EX, t-ex summaries)", () => {
  /** Sum of EXDOSE per subject over EX records with the given EXCAT/EXTRT, by a plain loop. */
  function exSums(excat: string, extrt?: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of sdtmEx.rows()) {
      if (r.EXCAT !== excat || (extrt !== undefined && r.EXTRT !== extrt)) continue;
      const u = r.USUBJID as string;
      out.set(u, (out.get(u) ?? 0) + (r.EXDOSE as number));
    }
    return out;
  }
  it("each subject's CARDOSE is the sum of EXDOSE of its CAR-NK EX records; PCTPLDOS = CARDOSE / arm dose x 100", () => {
    const car = exSums("CAR-NK-CD19 INFUSION");
    const flu = exSums("LYMPHODEPLETION", "FLUDARABINE");
    expect(car.size).toBeGreaterThan(10);
    let checked = 0;
    for (const r of adam.get("ADSL")!.rows()) {
      const u = r.USUBJID as string;
      const want = car.get(u);
      if (want === undefined) {
        expect(r.CARDOSE).toBeNull();
        continue;
      }
      expect(r.CARDOSE as number).toBeCloseTo(want, 9);
      expect(r.CARDOSU).toBe("10^7/kg");
      expect(r.PCTPLDOS as number).toBeCloseTo((want / plannedDose.get(r.ARMCD as string)!) * 100, 6);
      expect(r.FLUDOSE as number).toBeCloseTo(flu.get(u)!, 9);
      checked++;
    }
    expect(checked).toBe(car.size);
  });
  it("t-ex: the JSON mean of CARDOSE and PCTPLDOS per dose level equals the mean over ADSL (SAFFL = Y)", () => {
    const q = JSON.parse(renderJson(buildOutput(shells.find((s) => s.id === "t-ex")!, adam), stamp)) as Qc;
    for (const v of ["CARDOSE", "PCTPLDOS"]) {
      const sums = new Map<string, { sum: number; n: number }>();
      for (const r of adam.get("ADSL")!.rows()) {
        if (r.SAFFL !== "Y" || r[v] === null) continue;
        for (const c of [`trt=${r.TRT01A}`, "total"]) {
          const a = sums.get(c) ?? { sum: 0, n: 0 };
          a.sum += r[v] as number;
          a.n++;
          sums.set(c, a);
        }
      }
      const means = q.ard.filter((a) => a.statName === "mean" && a.rowKey.endsWith(`:${v}:mean_sd`));
      expect(means.length).toBe(q.columns.length);
      for (const a of means) {
        const e = sums.get(a.colKey)!;
        expect(a.stat as number).toBeCloseTo(e.sum / e.n, 9);
      }
      const ns = q.ard.filter((a) => a.statName === "n" && a.rowKey.endsWith(`:${v}:n`));
      for (const a of ns) expect(a.stat).toBe(sums.get(a.colKey)!.n);
    }
  });
});
