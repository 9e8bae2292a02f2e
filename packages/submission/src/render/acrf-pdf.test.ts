import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { annotateForms } from "../acrf/annotate.ts";
import { sdtm, study } from "../acrf/fixture.ts";
import { renderAcrfPdf } from "./acrf-pdf.ts";

const has = (tool: string) => {
  try {
    execFileSync(tool, ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const hasPoppler = has("pdftotext");
if (!hasPoppler) console.warn("pdftotext not found (Debian poppler-utils): aCRF page checks are skipped");

const forms = annotateForms(study, sdtm);
const acrfStudy = {
  studyId: "TEST01",
  title: "A test study",
  sponsor: "Test sponsor",
  visits: ["SCREENING", "DAY 1"],
};
const STAMP = "2026-01-01T00:00:00Z";
const r = await renderAcrfPdf(forms, acrfStudy, STAMP);
const file = join(mkdtempSync(join(tmpdir(), "acrf-")), "acrf.pdf");
writeFileSync(file, r.pdf);
const pageText = (n: number) =>
  execFileSync("pdftotext", ["-f", String(n), "-l", String(n), file, "-"], { encoding: "utf8" });

describe("renderAcrfPdf", () => {
  it("is byte-identical for the same forms and stamp, with the stamp as PDF dates", async () => {
    const again = await renderAcrfPdf(forms, acrfStudy, STAMP);
    expect(Buffer.compare(again.pdf, r.pdf)).toBe(0);
  });

  it("puts each form on its own page after the cover and maps every annotated item to a page", () => {
    expect(r.pageCount).toBe(3);
    expect([...r.formPages]).toEqual([
      ["VS", 2],
      ["AE", 3],
    ]);
    expect(r.pages.get("VS.VSORRES.TEMP")).toEqual([2]);
    expect(r.pages.get("SUPPAE.QVAL.AEDLT")).toEqual([3]);
    expect(r.pages.get("AE.AEENRTPT")).toEqual([3]);
  });

  it.skipIf(!hasPoppler)("each page in the map shows the variable (pdftotext)", () => {
    for (const [key, pages] of r.pages) {
      const parts = key.split(".");
      const name = parts[0]!.startsWith("SUPP") ? parts[2]! : parts[1]!;
      for (const p of pages) expect(pageText(p), `${key} on page ${p}`).toContain(name);
    }
    expect(pageText(2)).toContain("[NOT SUBMITTED]");
    expect(pageText(2)).toContain("VS = Vital Signs");
    const info = execFileSync("pdfinfo", ["-isodates", file], { encoding: "utf8" });
    expect(info).toMatch(/CreationDate:\s+2026-01-01T00:00:00Z/);
    expect(info).toMatch(/Pages:\s+3/);
  });

  it.skipIf(!has("pdftohtml"))("has bookmarks by form and by visit", () => {
    const xml = execFileSync("pdftohtml", ["-xml", "-i", "-stdout", file], { encoding: "utf8" });
    const outline = xml.slice(xml.indexOf("<outline>"));
    expect(outline).toMatch(
      /<item page="1">Forms<\/item>\s*<outline>\s*<item page="2">Vital signs \(VS\)<\/item>\s*<item page="3">Adverse events \(AE\)<\/item>/,
    );
    expect(outline).toMatch(
      /<item page="1">SCREENING<\/item>\s*<outline>\s*<item page="2">Vital signs<\/item>/,
    );
  });
});
