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
import { beforeAll, describe, expect, it } from "vitest";
import { hasPdftotext, numbers, pdfPages, rtfBodyRows } from "../packages/tlf/test/tools.ts";

const studyDir = resolve(import.meta.dirname, "../specs/nct05563545");
const stamp = { dataCut: "2025-06-30", runStamp: "2026-01-01T00:00:00Z", study: "NCT05563545" };
let adam: Map<string, Dataset>;
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
