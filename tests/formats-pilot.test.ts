/**
 * Every SAS-written XPT file of the CDISC pilot (../shared/reference/cdiscpilot01, outside the repo; the
 * test skips when it is absent, and packages/xport/test/fixtures holds three of them for CI) reads, and
 * writing it back gives a file that reads back identically, with the same observation bytes SAS wrote;
 * given the original's stamp, SAS version and OS, the whole file is byte-identical to what SAS (or R,
 * for the two TDF files made by R 3.4) wrote.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { readDatasetJson, writeDatasetJson } from "@trialforge/dataset-json";
import { readXpt, readXptWithInfo, writeXpt } from "@trialforge/xport";
import { describe, expect, it } from "vitest";

const PILOT = join(import.meta.dirname, "../../shared/reference/cdiscpilot01");
const has = existsSync(PILOT);
if (!has)
  console.warn(
    `formats-pilot: ${PILOT} is absent (no ../shared next to the repo); skipping the pilot XPT checks`,
  );

function find(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? find(p) : f.endsWith(".xpt") ? [p] : [];
  });
}
const files = has ? find(PILOT).sort() : [];
const dir = mkdtempSync(join(tmpdir(), "pilot-"));
const obsArea = (b: Buffer) => b.subarray(b.indexOf("HEADER RECORD*******OBS     HEADER RECORD") + 80);

// rows x columns per file, from shared/reference/cdiscpilot01/README.md (checked there with haven and pandas)
const KNOWN: Record<string, [number, number]> = {
  "sdtm/dm.xpt": [306, 25],
  "sdtm/ae.xpt": [1191, 35],
  "sdtm/ex.xpt": [591, 17],
  "sdtm/ds.xpt": [596, 13],
  "sdtm/sv.xpt": [3559, 8],
  "sdtm/ts.xpt": [33, 6],
  "sdtm/suppdm.xpt": [1197, 10],
  "sdtm/suppae.xpt": [1191, 10],
  "sdtm/suppds.xpt": [3, 10],
  "sdtm/cm.xpt": [7510, 21],
  "sdtm/mh.xpt": [1818, 19],
  "sdtm/relrec.xpt": [234, 7],
  "sdtm/sc.xpt": [254, 14],
  "sdtm/se.xpt": [752, 9],
  "sdtm/ta.xpt": [8, 10],
  "sdtm/te.xpt": [7, 7],
  "sdtm/ti.xpt": [31, 6],
  "sdtm/tv.xpt": [21, 9],
  "adam/adsl.xpt": [254, 48],
  "adam/adae.xpt": [1191, 55],
  "adam/adtte.xpt": [254, 26],
  "adam/adqscibc.xpt": [730, 36],
  "adam/tdf_v1.0/adsl.xpt": [254, 49],
  "adam/tdf_v1.0/adae.xpt": [1191, 55],
  "adam/tdf_v1.0/adtte.xpt": [254, 26],
  "sdtm/tdf_update2/dm.xpt": [306, 25],
  "sdtm/tdf_update2/lbch.xpt": [32740, 24],
  "sdtm/tdf_update2/lbhe.xpt": [21927, 24],
  "sdtm/tdf_update2/lbur.xpt": [4913, 24],
  "sdtm/tdf_update2/vs.xpt": [29643, 25],
};

describe.skipIf(!has)("CDISC pilot XPT files (../shared/reference/cdiscpilot01)", () => {
  it("finds all 30 pilot XPT files", () => {
    expect(files.map((f) => relative(PILOT, f)).sort()).toEqual(Object.keys(KNOWN).sort());
  });

  it.each(files.map((f) => [relative(PILOT, f), f]))(
    "%s reads, writes back and reads back identically",
    async (rel, f) => {
      const ds = await readXpt(f);
      expect([ds.length, ds.meta.variables.length]).toEqual(KNOWN[rel]);
      const out = join(dir, rel.replaceAll("/", "_"));
      // ts.xpt holds a Windows-1252 byte, so write back in that encoding (ASCII would refuse it)
      await writeXpt(ds, out, { timestamp: "2026-01-01T00:00:00Z", encoding: "windows-1252" });
      const back = await readXpt(out);
      expect(back.meta.name).toBe(ds.meta.name);
      expect(back.meta.label).toBe(ds.meta.label);
      expect(back.meta.variables).toEqual(ds.meta.variables);
      expect(back.length).toBe(ds.length);
      for (const v of ds.meta.variables) {
        const a = ds.column(v.name);
        const b = back.column(v.name);
        for (let i = 0; i < ds.length; i++)
          if (!Object.is(a.get(i), b.get(i))) expect(b.get(i), `${v.name} row ${i + 1}`).toBe(a.get(i));
      }
      expect(obsArea(readFileSync(out)).equals(obsArea(readFileSync(f)))).toBe(true);
    },
  );

  it.each(files.map((f) => [relative(PILOT, f), f]))(
    "%s written back with its own created stamp, SAS version and OS is the same file, byte for byte",
    async (_rel, f) => {
      const { ds, info } = await readXptWithInfo(f);
      const out = join(dir, `same-${relative(PILOT, f).replaceAll("/", "_")}`);
      const opts = {
        timestamp: `${info.created}Z`,
        sasVersion: info.sasVersion,
        os: info.os,
        encoding: "windows-1252" as const,
      };
      await writeXpt(ds, out, opts);
      expect(readFileSync(out).equals(readFileSync(f))).toBe(true);
    },
  );

  it.each(files.map((f) => [relative(PILOT, f), f]))(
    "%s -> Dataset-JSON (.json and .ndjson) -> XPT gives the original file, byte for byte",
    async (rel, f) => {
      const { ds, info } = await readXptWithInfo(f);
      const opts = {
        timestamp: `${info.created}Z`,
        sasVersion: info.sasVersion,
        os: info.os,
        encoding: "windows-1252" as const,
      };
      for (const ext of ["json", "ndjson"]) {
        const j = join(dir, `${rel.replaceAll("/", "_")}.${ext}`);
        await writeDatasetJson(ds, j, { timestamp: "2026-01-01T00:00:00Z" });
        const out = join(dir, `via-${ext}-${rel.replaceAll("/", "_")}`);
        await writeXpt(await readDatasetJson(j), out, opts);
        expect(readFileSync(out).equals(readFileSync(f)), ext).toBe(true);
      }
    },
  );

  it("stored IBM zeros read as exactly 0 (pandas 1.5.3 reads 5.4e-79): ADSL TRT01PN for placebo", async () => {
    const ds = await readXpt(join(PILOT, "adam/adsl.xpt"));
    const i = ds.char("TRT01P").dict.indexOf("Placebo");
    const row = Array.from(ds.char("TRT01P").codes).indexOf(i);
    expect(Object.is(ds.get("TRT01PN", row), 0)).toBe(true);
  });

  it("leading blanks of character values are kept, trailing blanks are padding (RELREC IDVARVAL '   2', DS DSSPID ' 7')", async () => {
    const rr = await readXpt(join(PILOT, "sdtm/relrec.xpt"));
    expect(rr.char("IDVARVAL").dict).toContain("   2");
    const ds = await readXpt(join(PILOT, "sdtm/ds.xpt"));
    expect(ds.char("DSSPID").dict).toContain(" 7");
    for (const d of [rr, ds])
      for (const v of d.meta.variables)
        if (v.type === "Char") expect(d.char(v.name).dict.some((s) => s.endsWith(" "))).toBe(false);
  });
});
