/**
 * `trialforge convert` in a child process: the streaming byte-to-byte paths give exactly the bytes of
 * the whole-dataset library path (writeDatasetJson(readXpt(f)), writeXpt(readDatasetJson(f))) for edge
 * values and across block seams; folders convert in two processes; hostile inputs fail with one line,
 * exit 1, no stack trace and no output left behind (issues 14 and 20).
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatasetMeta, datasetFromRows, SpecialMissing } from "@trialforge/core";
import { readDatasetJson, writeDatasetJson } from "@trialforge/dataset-json";
import { readXpt, writeXpt } from "@trialforge/xport";
import { describe, expect, it } from "vitest";
import { pilot } from "./pilot-compare.ts";

const root = join(import.meta.dirname, "..");
const launcher = join(root, "apps/cli/bin/trialforge.mjs");
const work = mkdtempSync(join(tmpdir(), "convert-cli-"));
const TS = "2026-01-01T00:00:00Z";
const env = { ...process.env, SOURCE_DATE_EPOCH: "1767225600" };

const cli = (args: string[], more: Record<string, string> = {}) =>
  spawnSync(process.execPath, [launcher, ...args], {
    cwd: root,
    env: { ...env, ...more },
    encoding: "utf8",
    timeout: 120_000,
  });

const meta: DatasetMeta = {
  name: "LB",
  label: 'Laboratory "Test" Results',
  standard: "SDTM",
  class: "FINDINGS",
  structure: "",
  keys: ["USUBJID", "LBSEQ"],
  variables: [
    { name: "USUBJID", label: "Subject", type: "Char", length: 20 },
    { name: "LBSEQ", label: "Sequence", type: "Num", length: 8 },
    { name: "LBORRES", label: "Result", type: "Char", length: 200 },
    { name: "LBSTRESN", label: "Numeric result", type: "Num", length: 8, displayFormat: "8.2" },
    { name: "LBSHORT", label: "Short numeric", type: "Num", length: 4 },
    { name: "LBDT", label: "Date", type: "Num", length: 8, displayFormat: "DATE9." },
    { name: "LBDTM", label: "Datetime", type: "Num", length: 8, displayFormat: "E8601DT19." },
    { name: "LBTM", label: "Time", type: "Num", length: 8, displayFormat: "TIME8." },
    { name: "LBODDDT", label: "Date with a fraction", type: "Num", length: 8, displayFormat: "DATE9." },
    { name: "LBFLAG", label: "Flag", type: "Char", length: 1 },
  ],
};

/** Rows with every edge the byte-to-byte paths special-case, repeated to cross block seams. */
function edgeRows(n: number) {
  const texts = [
    "plain",
    '  leading blanks and "quotes"',
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "ctl\u0001char",
    "x".repeat(200),
    "",
    "Alzheimer\u2019s caf\u00e9 \u20ac",
  ];
  const nums = [0, -0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 0.1, 1 / 3, 1e-300, 6.02e23, 123456.789, null];
  return Array.from({ length: n }, (_, i) => ({
    USUBJID: `S-${String(i % 97).padStart(3, "0")}`,
    LBSEQ: i + 1,
    LBORRES: texts[i % texts.length]!,
    LBSTRESN: i % 13 === 5 ? new SpecialMissing(i % 2 ? "A" : "_") : nums[i % nums.length]!,
    LBSHORT: i % 7 === 0 ? null : i / 4,
    LBDT: i % 11 === 0 ? null : 20000 + (i % 500),
    LBDTM: 1.9e9 + i * 61,
    LBTM: (i * 37) % 86400,
    LBODDDT: i === 3 ? 20000.5 : 20001,
    LBFLAG: i % 2 ? "Y" : "",
  }));
}

describe("trialforge convert (child process)", { timeout: 240_000 }, () => {
  it("XPT -> .json / .ndjson -> XPT: the same bytes as the whole-dataset library path, across block seams", async () => {
    const ds = datasetFromRows(meta, edgeRows(40_000));
    const xpt = join(work, "lb.xpt");
    await writeXpt(ds, xpt, { timestamp: TS, encoding: "windows-1252" });
    for (const ext of ["json", "ndjson"] as const) {
      const out = join(work, `lb.${ext}`);
      const r = cli(["convert", xpt, out, "--timestamp", TS]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(
        new RegExp(
          `^convert: LB 40,000 rows x 10 variables, .*lb\\.xpt -> .*lb\\.${ext} in [\\d.]+ s \\([\\d,]+ rows/s\\)\\n$`,
        ),
      );
      const lib = join(work, `lib.${ext}`);
      await writeDatasetJson(await readXpt(xpt), lib, { timestamp: TS });
      expect(readFileSync(out).equals(readFileSync(lib)), ext).toBe(true);
      // the same file split between two processes (as a big file is) gives the same bytes
      const split = join(work, `split.${ext}`);
      const rs = cli(["convert", xpt, split, "--timestamp", TS], { TRIALFORGE_CONVERT_SPLIT_BYTES: "1" });
      expect(rs.status, rs.stderr).toBe(0);
      expect(readFileSync(split).equals(readFileSync(lib)), `${ext} split`).toBe(true);
      const back = join(work, `back-${ext}.xpt`);
      const r2 = cli(["convert", out, back, "--timestamp", TS, "--encoding", "windows-1252"]);
      expect(r2.status, r2.stderr).toBe(0);
      expect(readFileSync(back).equals(readFileSync(xpt)), `${ext} -> xpt`).toBe(true);
      const libBack = join(work, `lib-back-${ext}.xpt`);
      await writeXpt(await readDatasetJson(lib), libBack, { timestamp: TS, encoding: "windows-1252" });
      expect(readFileSync(back).equals(readFileSync(libBack))).toBe(true);
    }
  });

  it("the other pairs (XPT -> XPT, .json -> .ndjson, Dataset-JSON without lengths -> XPT) match the library too", async () => {
    const xpt = join(work, "lb.xpt");
    const r1 = cli(["convert", xpt, join(work, "same.xpt"), "--timestamp", TS, "--encoding", "windows-1252"]);
    expect(r1.status, r1.stderr).toBe(0);
    expect(readFileSync(join(work, "same.xpt")).equals(readFileSync(xpt))).toBe(true);
    const r2 = cli(["convert", join(work, "lb.json"), join(work, "again.ndjson"), "--timestamp", TS]);
    expect(r2.status, r2.stderr).toBe(0);
    expect(readFileSync(join(work, "again.ndjson")).equals(readFileSync(join(work, "lib.ndjson")))).toBe(
      true,
    );
    // no "length" on the character columns: XPT lengths are the longest values, as readDatasetJson gives
    const text = readFileSync(join(work, "lib.ndjson"), "utf8");
    const nl = text.indexOf("\n");
    const head = JSON.parse(text.slice(0, nl)) as { columns: { dataType: string; length?: number }[] };
    for (const c of head.columns) if (c.dataType === "string") delete c.length;
    const noLen = join(work, "nolength.ndjson");
    writeFileSync(noLen, `${JSON.stringify(head)}${text.slice(nl)}`);
    const out = join(work, "nolength.xpt");
    const r3 = cli(["convert", noLen, out, "--timestamp", TS, "--encoding", "windows-1252"]);
    expect(r3.status, r3.stderr).toBe(0);
    const lib = join(work, "nolength-lib.xpt");
    await writeXpt(await readDatasetJson(noLen), lib, { timestamp: TS, encoding: "windows-1252" });
    expect(readFileSync(out).equals(readFileSync(lib))).toBe(true);
  });

  it("a library of two members splits correctly wherever the second member starts (first member only)", async () => {
    const m = (name: string, v: string): DatasetMeta => ({
      ...meta,
      name,
      keys: [],
      variables: [
        { name: v, label: "x", type: "Char", length: 3 },
        { name: "N", label: "n", type: "Num", length: 8 },
      ],
    });
    for (const [na, nb] of [
      [1000, 10],
      [10, 1000],
    ] as const) {
      const a = join(work, "m1.xpt");
      const b = join(work, "m2.xpt");
      await writeXpt(
        datasetFromRows(
          m("A", "X"),
          Array.from({ length: na }, (_, i) => ({ X: `v${i % 50}`, N: i / 3 })),
        ),
        a,
        { timestamp: TS },
      );
      await writeXpt(
        datasetFromRows(
          m("B", "Y"),
          Array.from({ length: nb }, (_, i) => ({ Y: "zz", N: i })),
        ),
        b,
        { timestamp: TS },
      );
      const lib = join(work, `lib-${na}.xpt`);
      // a library = A's file followed by B's member (its bytes after the 3 library header records)
      writeFileSync(lib, Buffer.concat([readFileSync(a), readFileSync(b).subarray(240)]));
      const ref = join(work, `lib-${na}-ref.json`);
      await writeDatasetJson(await readXpt(lib), ref, { timestamp: TS });
      const out = join(work, `lib-${na}.json`);
      const r = cli(["convert", lib, out, "--timestamp", TS], { TRIALFORGE_CONVERT_SPLIT_BYTES: "1" });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(out).equals(readFileSync(ref)), `${na} + ${nb}`).toBe(true);
    }
  });

  it("refuses a value XPT cannot hold the way writeXpt does (ascii, naming the row)", () => {
    const r = cli(["convert", join(work, "lb.ndjson"), join(work, "ascii.xpt")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'trialforge: LB.LBORRES row 9: value has the non-ASCII character "’" (XPT v5 is ASCII): "Alzheimer’s café €"\n',
    );
    expect(existsSync(join(work, "ascii.xpt"))).toBe(false);
    expect(readdirSync(work).filter((f) => f.includes(".partial"))).toEqual([]);
  });

  it("a folder converts in two processes; a bad file is named and the others still convert (exit 1)", async () => {
    const inDir = join(work, "in");
    mkdirSync(inDir);
    for (const n of ["AE", "CM", "DM", "VS"]) {
      const m = { ...meta, name: n, variables: meta.variables.slice(0, 4) };
      await writeXpt(
        datasetFromRows(
          m,
          edgeRows(500 + n.charCodeAt(0)).map((r) => ({
            USUBJID: r.USUBJID,
            LBSEQ: r.LBSEQ,
            LBORRES: "ascii",
            LBSTRESN: r.LBSTRESN,
          })),
        ),
        join(inDir, `${n.toLowerCase()}.xpt`),
        { timestamp: TS },
      );
    }
    writeFileSync(join(inDir, "bad.xpt"), readFileSync(join(inDir, "ae.xpt")).subarray(0, 5000));
    const out = join(work, "out");
    const r = cli(["convert", inDir, "--to", "json", "--out", out, "--timestamp", TS]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toBe(
      `trialforge: convert: ${join(inDir, "bad.xpt")}: truncated: the data ends at byte 5000, 40 bytes into an 80-byte record (a complete XPT v5 file is whole 80-byte records)`,
    );
    expect(lines[1]).toMatch(
      /^convert: 4 of 5 files, 2,286 rows -> .* in [\d.]+ s \([\d,]+ rows\/s, 2 processes\)$/,
    );
    expect(readdirSync(out).sort()).toEqual(["ae.json", "cm.json", "dm.json", "vs.json"]);
    for (const n of ["ae", "cm", "dm", "vs"]) {
      const lib = join(work, `lib-${n}.json`);
      await writeDatasetJson(await readXpt(join(inDir, `${n}.xpt`)), lib, { timestamp: TS });
      expect(readFileSync(join(out, `${n}.json`)).equals(readFileSync(lib)), n).toBe(true);
    }
  });

  it("usage errors exit 2", () => {
    expect(cli(["convert", "a.xpt"]).status).toBe(2);
    expect(cli(["convert", "a.xpt", "--to", "json"]).status).toBe(2);
    expect(cli(["convert", "a.xpt", "--to", "csv", "--out", work]).status).toBe(2);
  });
});

describe("hostile inputs through convert: one line, exit 1, nothing written", { timeout: 120_000 }, () => {
  const pilotDm = join(root, "packages/xport/test/fixtures/dm.xpt");
  const expectOneLine = (args: string[], message: string, output: string) => {
    const t0 = performance.now();
    const r = cli(args);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe(`trialforge: ${message}\n`);
    expect(existsSync(output)).toBe(false);
    return performance.now() - t0;
  };

  it("head -c 55437 dm.xpt", () => {
    const p = join(work, "dm-cut.xpt");
    writeFileSync(p, readFileSync(pilotDm).subarray(0, 55437));
    expectOneLine(
      ["convert", p, join(work, "dm-cut.json")],
      `${p}: truncated: the data ends at byte 55437, 77 bytes into an 80-byte record (a complete XPT v5 file is whole 80-byte records)`,
      join(work, "dm-cut.json"),
    );
  });

  it("a 10 GB sparse XPT fails at once", () => {
    const p = join(work, "sparse.xpt");
    const fd = openSync(p, "w");
    writeSync(fd, readFileSync(pilotDm), 0, 4240, 0);
    ftruncateSync(fd, 10 * 2 ** 30);
    closeSync(fd);
    const ms = expectOneLine(
      ["convert", p, join(work, "sparse.ndjson")],
      `${p}: row 1 (byte 4240) is all zero bytes: not data a SAS XPORT writer produces (character values are blank padded); the file is sparse or damaged`,
      join(work, "sparse.ndjson"),
    );
    expect(ms).toBeLessThan(20_000);
  });

  it.skipIf(!existsSync(join(pilot, "sdtm/dm.xpt")))(
    "build --sdtm with the pilot's dm.xpt cut short stops with the reader's message, exit 1, no trace",
    () => {
      const sdtm = join(work, "pilot-sdtm");
      cpSync(join(pilot, "sdtm"), sdtm, { recursive: true });
      writeFileSync(join(sdtm, "dm.xpt"), readFileSync(join(pilot, "sdtm/dm.xpt")).subarray(0, 55437));
      const out = join(work, "pilot-out");
      const r = cli(["build", "--study", "specs/cdiscpilot01", "--sdtm", sdtm, "--out", out]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.split("\n")[0]).toBe(
        `trialforge: ${join(sdtm, "dm.xpt")}: truncated: the data ends at byte 55437, 77 bytes into an 80-byte record (a complete XPT v5 file is whole 80-byte records)`,
      );
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(join(out, "adam"))).toBe(false);
    },
  );

  it("Dataset-JSON with 100,000 columns, and with a wrong records count", () => {
    const col = (i: number) =>
      `{"itemOID":"IT.X.C${i}","name":"C${i}","label":"c","dataType":"string","length":8}`;
    const head = (cols: string, records: number) =>
      `{"datasetJSONVersion":"1.1.0","itemGroupOID":"IG.X","records":${records},"name":"X","label":"x","columns":[${cols}]}`;
    const wide = join(work, "wide.ndjson");
    writeFileSync(wide, `${head(Array.from({ length: 100_000 }, (_, i) => col(i)).join(","), 0)}\n`);
    const r = cli(["convert", wide, join(work, "wide.xpt")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^trialforge: .*wide\.ndjson: 100000 columns; the reader's limit is 10000 \(byte \d+\)\n$/,
    );
    const short = join(work, "short.ndjson");
    writeFileSync(short, `${head(col(0), 3)}\n["a"]\n["b"]\n`);
    expectOneLine(
      ["convert", short, join(work, "short.xpt")],
      `${short}: "records" says 3 but the file has 2 rows (byte ${readFileSync(short).length + 1})`,
      join(work, "short.xpt"),
    );
  });
});
