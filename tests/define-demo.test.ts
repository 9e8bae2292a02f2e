/**
 * End to end: the showcase study's demo data (synth → ingest → SDTM → ADaM, in process), written as XPT,
 * then the define stage: both define.xml files validate against the CDISC schema (ADaM with ARM) and agree
 * with the XPT files.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildAdam } from "@trialforge/adam";
import { type BuildContext, defineStage } from "@trialforge/cli";
import { type Dataset, Diagnostics, sortDataset } from "@trialforge/core";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadAdamSpec, loadSdtmSpec, loadStudy } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";
import { writeXpt } from "@trialforge/xport";
import { beforeAll, describe, expect, it } from "vitest";
import { walkDefine } from "./define-walk.ts";

const root = resolve(import.meta.dirname, "..");
const studyDir = join(root, "specs/nct05563545");
const schemas = join(root, "reference/schemas");
const TS = "2026-07-31T00:00:00Z";
const hasXmllint = (() => {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasXmllint)
  console.warn("xmllint not found (Debian libxml2-utils): demo define.xml schema validation is skipped");

function xmllint(file: string, schema: string): string {
  try {
    execFileSync("xmllint", ["--nonet", "--noout", "--schema", schema, file], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return "";
  } catch (e) {
    return ((e as { stderr?: string }).stderr ?? String(e))
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.includes("Skipping import"))
      .join("\n");
  }
}

describe("define for the NCT05563545 demo build", () => {
  const workDir = mkdtempSync(join(tmpdir(), "define-demo-"));
  const ctx = {} as BuildContext;
  const logs: string[] = [];

  beforeAll(async () => {
    const study = loadStudy(studyDir);
    const rawDir = join(workDir, "raw");
    await synthesize(study, rawDir, { seed: 20240901, messy: false });
    const raw = await ingestStudy(study, rawDir, { edc: "csv" });
    const diagnostics = new Diagnostics();
    const sdtm = buildSdtm({
      study,
      spec: loadSdtmSpec(studyDir),
      raw,
      terminology: loadTerminology(),
      diagnostics,
    }).datasets;
    const adam = buildAdam({ study, spec: loadAdamSpec(studyDir), sdtm, diagnostics });
    const write = async (part: string, sets: Map<string, Dataset>) => {
      mkdirSync(join(workDir, part), { recursive: true });
      for (const [name, ds] of sets) {
        const sorted = sortDataset(ds);
        sets.set(name, sorted);
        await writeXpt(sorted, join(workDir, part, `${name.toLowerCase()}.xpt`), { timestamp: TS });
      }
    };
    await write("sdtm", sdtm);
    await write("adam", adam);
    Object.assign(ctx, {
      studyDir,
      workDir,
      outDir: workDir,
      timestamp: TS,
      study,
      diagnostics,
      sdtm,
      adam,
      sources: [],
      domains: [],
      facts: {},
      log: (l: string) => logs.push(l),
    } satisfies BuildContext);
    await defineStage(ctx);
  }, 300_000);

  it("writes define.xml and define.html for both packages and records the CT packages", () => {
    for (const part of ["sdtm", "adam"]) {
      expect(readFileSync(join(workDir, part, "define.xml"), "utf8")).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>/,
      );
      expect(readFileSync(join(workDir, part, "define.html"), "utf8")).toMatch(/^<!DOCTYPE html>/);
    }
    expect(ctx.facts.ctPackages).toEqual(loadTerminology().packageDates);
    expect(logs.some((l) => l.startsWith("sdtm/define.xml:"))).toBe(true);
  });

  it.skipIf(!hasXmllint)("SDTM define.xml validates against define2-1-0.xsd", () => {
    expect(xmllint(join(workDir, "sdtm/define.xml"), join(schemas, "cdisc-define-2.1/define2-1-0.xsd"))).toBe(
      "",
    );
  });

  it.skipIf(!hasXmllint)("ADaM define.xml (with analysis results) validates against arm1-0-0.xsd", () => {
    const xml = readFileSync(join(workDir, "adam/define.xml"), "utf8");
    expect(xml).toContain("<arm:AnalysisResultDisplays>");
    // Key results of the study: the DLT table (incidence) and the CR/CRi rates (binomial, by PARAMCD).
    expect(xml).toContain('<arm:ResultDisplay OID="RD.t-dlt" Name="Table 14.3.2.1">');
    expect(xml).toMatch(
      /<arm:AnalysisResult OID="AR.t-crcri.R1" ParameterOID="IT.ADRS.PARAMCD" AnalysisReason="SPECIFIED IN SAP"/,
    );
    expect(xml).toMatch(
      /<def:WhereClauseDef OID="WC.t-crcri.R1.ADRS">\s*<RangeCheck Comparator="EQ" SoftHard="Soft" def:ItemOID="IT.ADRS.PARAMCD">\s*<CheckValue>CRD28<\/CheckValue>/,
    );
    expect(xmllint(join(workDir, "adam/define.xml"), join(schemas, "cdisc-arm-1.0/arm1-0-0.xsd"))).toBe("");
  });

  it("SDTM define.xml agrees with the XPT files", async () => {
    const { problems, counts } = await walkDefine(
      join(workDir, "sdtm"),
      loadTerminology().withSponsorCodelists(loadSdtmSpec(studyDir).config.codelists),
    );
    expect(problems).toEqual([]);
    expect(counts.datasets).toBe(ctx.sdtm.size);
    expect(counts.conditions).toBeGreaterThan(0);
  });

  it("ADaM define.xml agrees with the XPT files", async () => {
    const { problems, counts } = await walkDefine(join(workDir, "adam"), loadTerminology());
    expect(problems).toEqual([]);
    expect(counts.datasets).toBe(ctx.adam.size);
  });
});
