import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTerminology } from "@trialforge/terminology";
import { describe, expect, it } from "vitest";
import { adamFixtures, fixtureStudy, sdtmFixtures } from "../test/fixtures.ts";
import { attachDocuments, attachDocumentsHtml, buildDefine, readDefineSummary } from "./index.ts";

const here = dirname(fileURLToPath(import.meta.url));
const schemas = resolve(here, "../../../reference/schemas");
const hasXmllint = (() => {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasXmllint)
  console.warn("xmllint not found (Debian libxml2-utils): attachDocuments schema checks are skipped");

function xmllint(text: string, schema: string): string {
  const f = join(mkdtempSync(join(tmpdir(), "define-docs-")), "define.xml");
  writeFileSync(f, text);
  try {
    execFileSync("xmllint", ["--nonet", "--noout", "--schema", schema, f], { stdio: "pipe" });
    return "";
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e)
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.includes("Skipping import"))
      .join("\n");
  }
}

const terminology = loadTerminology();
const TS = "2026-07-31T12:00:00Z";
const sdtm = buildDefine({
  standard: "SDTM",
  datasets: sdtmFixtures(),
  study: fixtureStudy,
  terminology,
  timestamp: TS,
});
const adam = buildDefine({
  standard: "ADaM",
  datasets: adamFixtures(),
  study: fixtureStudy,
  terminology,
  timestamp: TS,
  analysisResults: [
    {
      id: "T-DLT",
      name: "Table 14.3.1",
      title: "Dose-limiting toxicities",
      results: [
        {
          id: "R1",
          description: "DLT rate",
          reason: "SPECIFIED IN SAP",
          purpose: "PRIMARY OUTCOME MEASURE",
          datasets: [
            { dataset: "ADSL", where: [{ variable: "DLTEVLFL", values: ["Y"] }], variables: ["DLTEVLFL"] },
          ],
          documentation: "Clopper-Pearson exact interval.",
        },
      ],
    },
  ],
});
const collected = sdtm.model.items.filter((i) => i.origin?.type === "Collected").map((i) => i.oid);
const pagesOf = (oid: string) => (oid.endsWith(".AETERM") ? [3, 4] : oid.includes(".AE") ? [3] : undefined);
const docs = {
  annotatedCrf: { href: "acrf.pdf", title: "Annotated CRF", pagesOf },
  supplemental: [{ href: "csdrg.pdf", title: "Clinical Study Data Reviewer's Guide" }],
};

const r = attachDocuments(sdtm.xml, docs);

describe("attachDocuments", () => {
  it.skipIf(!hasXmllint)(
    "the SDTM define with aCRF page references and a reviewer's guide still validates",
    () => {
      expect(xmllint(r.xml, join(schemas, "cdisc-define-2.1/define2-1-0.xsd"))).toBe("");
    },
  );

  it.skipIf(!hasXmllint)(
    "an ADaM define with analysis results and a supplemental document still validates",
    () => {
      const a = attachDocuments(adam.xml, { supplemental: [{ href: "adrg.pdf", title: "ADRG" }] }).xml;
      expect(a).toContain('<def:leaf ID="LF.doc1" xlink:href="adrg.pdf">');
      expect(a.indexOf('<def:leaf ID="LF.doc1"')).toBeLessThan(a.indexOf("<arm:AnalysisResultDisplays>"));
      expect(xmllint(a, join(schemas, "cdisc-arm-1.0/arm1-0-0.xsd"))).toBe("");
    },
  );

  it("gives every Collected origin a DocumentRef, with the PDF pages where the lookup knows them", () => {
    expect(collected.length).toBeGreaterThan(0);
    expect(r.collectedWithPages + r.collectedWithoutPages.length).toBe(collected.length);
    expect(r.xml.match(/<def:DocumentRef leafID="LF\.acrf"/g)?.length).toBe(collected.length + 1);
    const aeterm = r.xml.slice(r.xml.indexOf('<ItemDef OID="IT.AE.AETERM"'));
    expect(aeterm.slice(0, aeterm.indexOf("</ItemDef>"))).toContain(
      '<def:PDFPageRef PageRefs="3 4" Type="PhysicalRef"/>',
    );
    expect(r.collectedWithoutPages.every((oid) => !oid.includes(".AE"))).toBe(true);
  });

  it("references the aCRF and the guide from the MetaDataVersion and adds their leaves", () => {
    expect(r.xml).toMatch(
      /<\/def:Standards>\n {6}<def:AnnotatedCRF>\n {8}<def:DocumentRef leafID="LF.acrf"\/>/,
    );
    expect(r.xml).toContain('<def:SupplementalDoc>\n        <def:DocumentRef leafID="LF.doc1"/>');
    expect(r.xml).toContain('<def:leaf ID="LF.acrf" xlink:href="acrf.pdf">');
    expect(r.xml).toContain(
      "<def:title>Clinical Study Data Reviewer&apos;s Guide</def:title>".replace("&apos;", "'"),
    );
  });

  it("is idempotent: attaching again gives the same text", () => {
    expect(attachDocuments(r.xml, docs).xml).toBe(r.xml);
  });
});

describe("attachDocumentsHtml", () => {
  const html = attachDocumentsHtml(sdtm.html, docs);

  it("lists the documents after the standards and links Collected origins to their aCRF pages", () => {
    expect(html).toContain(
      '<section id="documents"><h2>Documents</h2><ul><li id="LF.acrf">Annotated CRF: <a href="acrf.pdf">Annotated CRF</a></li>',
    );
    expect(html.indexOf('<section id="documents">')).toBeGreaterThan(
      html.indexOf('<section id="standards">'),
    );
    const row = /<tr id="IT\.AE\.AETERM">.*?<\/tr>/.exec(html)![0];
    expect(row).toContain('aCRF p. <a href="acrf.pdf#page=3">3</a>, <a href="acrf.pdf#page=4">4</a>');
    expect(html.match(/class="acrf-pages"/g)?.length).toBe(r.collectedWithPages);
  });

  it("is idempotent", () => {
    expect(attachDocumentsHtml(html, docs)).toBe(html);
  });
});

describe("readDefineSummary", () => {
  it("reads back the datasets, keys, classes and methods the model holds", () => {
    const s = readDefineSummary(sdtm.xml);
    expect(s.datasets.map((d) => d.name)).toEqual(sdtm.model.itemGroups.map((g) => g.name));
    for (const g of sdtm.model.itemGroups) {
      const d = s.datasets.find((x) => x.name === g.name)!;
      expect(d.className).toBe(g.className);
      expect(d.label).toBe(g.label);
      const keys = g.itemRefs
        .filter((r) => r.keySequence !== undefined)
        .sort((a, b) => a.keySequence! - b.keySequence!)
        .map((r) => sdtm.model.items.find((i) => i.oid === r.itemOid)!.name);
      expect(d.keys).toEqual(keys);
    }
    expect(s.methods.map((m) => m.oid)).toEqual(sdtm.model.methods.map((m) => m.oid));
    expect(s.standards.map((x) => x.name)).toEqual(sdtm.model.standards.map((x) => x.name));
  });
});
