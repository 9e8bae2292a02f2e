/**
 * Renderers: (b) PDF text and RTF carry exactly the numbers of the QC JSON; (c) the RTF converts with
 * LibreOffice and its text matches; (d) a long listing paginates with headers on every page; (e) XLSX
 * numbers are numbers and formula-like strings are text; (f) bytes are deterministic for a given stamp.
 */
import { loadTlfShells } from "@trialforge/spec";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  buildOutput,
  type GridOutput,
  renderJson,
  renderPdf,
  renderRtf,
  renderXlsx,
  rtfEscape,
} from "../src/index.ts";
import { makeAdamFixture } from "./adam-fixture.ts";
import { sampleListing, sampleTable, stamp } from "./samples.ts";
import { hasLibreoffice, hasPdftotext, numbers, pdfPages, rtfBodyRows, rtfToPdf } from "./tools.ts";

const specDir = new URL("../../../specs/nct05563545", import.meta.url).pathname;
const shells = loadTlfShells(specDir);
const adam = makeAdamFixture();
const build = (id: string) => buildOutput(shells.find((s) => s.id === id)!, adam) as GridOutput;

interface QcRows {
  footnotes: string[];
  sections: { rows: { label: string; cells: string[] }[] }[];
}
const qcRows = (o: GridOutput) => JSON.parse(renderJson(o, stamp)) as QcRows;

/** Numbers printed in the table bodies of the pages (after the last "(N=" header line, before the footnotes). */
function bodyNumbers(pages: string[], firstFootnote: string): string[] {
  const out: string[] = [];
  for (const page of pages) {
    const lines = page.split("\n");
    let start = -1;
    lines.forEach((l, i) => {
      if (l.includes("(N=")) start = i;
    });
    const end = lines.findIndex((l) => l.trim().startsWith(firstFootnote.slice(0, 30)));
    for (const l of lines.slice(start + 1, end)) out.push(...numbers(l));
  }
  return out;
}

const jsonNumbers = (q: QcRows) =>
  q.sections.flatMap((s) => s.rows.flatMap((r) => [...numbers(r.label), ...r.cells.flatMap(numbers)]));

describe.each(["t-ae-socpt", "t-dlt"])("%s: PDF and RTF show exactly the JSON's numbers", (id) => {
  const o = build(id);
  const q = qcRows(o);
  it.skipIf(!hasPdftotext)("PDF body numbers, in order, equal the JSON cell numbers", async () => {
    const pages = pdfPages(await renderPdf(o, stamp));
    const got = bodyNumbers(pages, q.footnotes[0]!);
    expect(got.length).toBeGreaterThan(10);
    expect(got).toEqual(jsonNumbers(q));
    // Big N in the header come from the JSON columns too.
    for (const c of o.columns) expect(pages[0]).toContain(`(N=${c.n})`);
  });
  it("RTF body rows hold exactly the JSON rows (label and every cell text)", () => {
    const rows = rtfBodyRows(renderRtf(o, stamp));
    expect(rows).toEqual(q.sections.flatMap((s) => s.rows.map((r) => [r.label, ...r.cells])));
  });
  it.skipIf(!hasLibreoffice || !hasPdftotext)("RTF converted by LibreOffice shows the same numbers", () => {
    const pages = pdfPages(rtfToPdf(renderRtf(o, stamp)));
    expect(bodyNumbers(pages, q.footnotes[0]!)).toEqual(jsonNumbers(q));
    expect(pages[0]).toMatch(/Page 1 of \d/);
  });
});

describe("long listing paginates with repeated headers", () => {
  const o = sampleListing(300);
  const checkPages = (pages: string[]) => {
    expect(pages.length).toBeGreaterThan(4);
    const seen: string[] = [];
    pages.forEach((p, i) => {
      expect(p).toMatch(/Subject\s+Visit\s+Result\s+Note/);
      expect(p).toMatch(/Dose level: DL[12]/);
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p).toContain("Output: l-sample");
      seen.push(...(p.match(/S-\d{4}/g) ?? []));
    });
    // Every row printed once, in order; DL2 starts on a new page.
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => `S-${String(i + 1).padStart(4, "0")}`));
    const firstDl2 = pages.findIndex((p) => p.includes("Dose level: DL2"));
    expect(pages[firstDl2]).toMatch(/Dose level: DL2[\s\S]*S-0151/);
    expect(pages[firstDl2 - 1]).toContain("S-0150");
  };
  it.skipIf(!hasPdftotext)("PDF", async () => checkPages(pdfPages(await renderPdf(o, stamp))));
  it.skipIf(!hasLibreoffice || !hasPdftotext)("RTF through LibreOffice", () =>
    checkPages(pdfPages(rtfToPdf(renderRtf(o, stamp)))),
  );
});

describe("RTF writer", () => {
  it("escapes braces, backslashes and non-ASCII as \\uN?", () => {
    expect(rtfEscape("a{b}\\c ≥ µ ±")).toBe("a\\{b\\}\\\\c \\u8805? \\u181? \\u177?");
    expect(rtfEscape("😀")).toBe("\\u-10179?\\u-8704?");
  });
  it("writes landscape paper, PAGE/NUMPAGES fields, repeated header rows and is pure ASCII", () => {
    const r = renderRtf(sampleTable(), stamp);
    expect(r.startsWith("{\\rtf1\\ansi\\ansicpg1252")).toBe(true);
    expect(r).toContain("\\paperw15840\\paperh12240");
    expect(r).toContain("\\landscape");
    expect(r).toContain("{\\field{\\*\\fldinst PAGE}");
    expect(r).toContain("{\\field{\\*\\fldinst NUMPAGES}");
    expect(r).toMatch(/\\trowd[^\n]*\\trhdr/);
    expect(r).toContain("\\keepn");
    expect([...r].every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
  });
});

describe("XLSX", () => {
  it("writes numbers as numbers and formula-like strings as text", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx([sampleTable(), sampleListing(30)], stamp)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["t-sample", "l-sample"]);
    const ws = wb.getWorksheet("l-sample")!;
    const values: unknown[] = [];
    const formulas: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((c) => {
        values.push(c.value);
        if (c.type === ExcelJS.ValueType.Formula) formulas.push(String(c.formula));
      }),
    );
    expect(formulas).toEqual([]);
    for (const t of ["=SUM(A1:A2)", "+1+1", "-2-2", "@NOW()"]) expect(values).toContain(t);
    expect(values).toContain(8.22); // row 6: 6 x 1.37
    const numbersInResult = values.filter((v) => typeof v === "number");
    expect(numbersInResult.length).toBe(30);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 4 });
  });
});

describe("deterministic bytes", () => {
  it("PDF, RTF, XLSX and JSON are identical across runs for the same stamp", async () => {
    const o = build("t-ae-socpt");
    const fig = buildOutput(shells.find((s) => s.id === "f-km")!, adam);
    for (const x of [o, fig]) {
      const a = [
        await renderPdf(x, stamp),
        Buffer.from(renderRtf(x, stamp)),
        await renderXlsx(x, stamp),
        Buffer.from(renderJson(x, stamp)),
      ];
      await new Promise((r) => setTimeout(r, 1100)); // a clock leak would show as a changed second
      const b = [
        await renderPdf(x, stamp),
        Buffer.from(renderRtf(x, stamp)),
        await renderXlsx(x, stamp),
        Buffer.from(renderJson(x, stamp)),
      ];
      a.forEach((buf, k) => {
        expect(buf.equals(b[k]!)).toBe(true);
      });
    }
  });
  it("the PDF dates come from the stamp", async () => {
    const pdf = (await renderPdf(sampleTable(), stamp)).toString("latin1");
    expect(pdf.match(/D:\d{14}Z/g)).toEqual(["D:20260115080000Z", "D:20260115080000Z"]); // CreationDate, ModDate
    const other = (await renderPdf(sampleTable(), { ...stamp, runStamp: "2027-03-01T00:00:00Z" })).toString(
      "latin1",
    );
    expect(other.match(/D:\d{14}Z/g)).toEqual(["D:20270301000000Z", "D:20270301000000Z"]);
  });
});
