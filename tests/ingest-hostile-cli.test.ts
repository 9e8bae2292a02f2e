/**
 * Hostile raw input through the CLI (child process `node apps/cli/bin/trialforge.mjs build`): a raw folder
 * synthesised once, then copies with one file made hostile. A bad value is one rejection with file, row,
 * column and reason and the build goes on (exit 0); a file that cannot be read whole stops the build at
 * ingest with exit 1 and one message naming the file, and no output folder is written.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "apps/cli/bin/trialforge.mjs");
const env = { ...process.env, SOURCE_DATE_EPOCH: "1767225600", CI: "1" };

function cli(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: "utf8", timeout: 240_000 });
}

let work: string;
let raw: string;
const study = join(root, "specs/nct05563545");

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tf-hostile-"));
  raw = join(work, "raw");
  const s = cli(["synth", "--study", study, "--out", raw, "--seed", "5", "--subjects", "9"]);
  expect(s.status, s.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A copy of the raw folder with `edit` applied. */
function rawCopy(name: string, edit: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(raw, dir, { recursive: true });
  edit(dir);
  return dir;
}

/**
 * Replaces field `column` in the first data row at or after `from` (1-based) that holds no quotes
 * (so a plain split is right); returns that row.
 */
function setCell(path: string, from: number, column: string, value: string): number {
  const lines = readFileSync(path, "utf8").split("\n");
  const c = lines[0]!.split(",").indexOf(column);
  expect(c).toBeGreaterThanOrEqual(0);
  let row = from;
  while (lines[row]!.includes('"')) row++;
  const cells = lines[row]!.split(",");
  cells[c] = value;
  lines[row] = cells.join(",");
  writeFileSync(path, lines.join("\n"));
  return row;
}

/** The build failed at ingest: exit 1, one message, no trace, no output folder, no temp folder left. */
function expectStopped(r: SpawnSyncReturns<string>, out: string): void {
  expect(r.status, r.stdout + r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(work).filter((f) => f.includes(".tmp-"))).toEqual([]);
}

describe("hostile raw input through trialforge build", { timeout: 300_000 }, () => {
  it("bad values are rejected with file, row, column and reason; the build goes on", () => {
    const at: Record<string, number> = {};
    const dir = rawCopy("values", (d) => {
      at.temp1 = setCell(join(d, "edc/vs.csv"), 1, "TEMP", "+120");
      at.temp2 = setCell(join(d, "edc/vs.csv"), at.temp1 + 1, "TEMP", "1e309");
      at.sysbp = setCell(join(d, "edc/vs.csv"), at.temp2 + 1, "SYSBP", "999999999999");
      at.ae = setCell(join(d, "edc/ae.csv"), 1, "AESTDAT", "05.03.2024");
      at.mh = setCell(join(d, "edc/mh.csv"), 1, "MHTERM", "M".repeat(253));
    });
    const out = join(work, "out-values");
    const r = cli(["build", "--study", study, "--raw", dir, "--out", out]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const log = JSON.parse(readFileSync(join(out, "rejects/rejections.json"), "utf8")) as {
      file: string;
      row: number;
      column?: string;
      code: string;
      reason: string;
    }[];
    const pick = (file: string, row: number, column: string) =>
      log.find((x) => x.file === file && x.row === row && x.column === column);
    expect(pick("edc/vs.csv", at.temp1!, "TEMP")).toMatchObject({
      code: "INGEST.BAD_FLOAT",
      reason: '"+120" is not a number (a leading "+" is not allowed: write 120, not +120)',
    });
    expect(pick("edc/vs.csv", at.temp2!, "TEMP")).toMatchObject({
      code: "INGEST.BAD_FLOAT",
      reason: '"1e309" is not a finite number (beyond the range of a double)',
    });
    expect(pick("edc/vs.csv", at.sysbp!, "SYSBP")).toMatchObject({ code: "INGEST.OUT_OF_RANGE" });
    expect(pick("edc/ae.csv", at.ae!, "AESTDAT")?.reason).toMatch(
      /^"05\.03\.2024" is not a date in the declared format DD-MON-YYYY \(it looks like DD\.MM\.YYYY/,
    );
    expect(pick("edc/mh.csv", at.mh!, "MHTERM")).toMatchObject({
      code: "INGEST.TOO_LONG",
      reason: "value is 253 bytes; a character value holds at most 200 bytes (SAS XPORT v5)",
    });
    expect(existsSync(join(out, "sdtm/vs.xpt"))).toBe(true);
  });

  it("a CSV with a NUL byte stops the build naming file and line", () => {
    const dir = rawCopy("nul", (d) => {
      const p = join(d, "edc/vs.csv");
      const lines = readFileSync(p, "utf8").split("\n");
      lines[2] = `${lines[2]}\u0000`;
      writeFileSync(p, lines.join("\n"));
    });
    const out = join(work, "out-nul");
    const r = cli(["build", "--study", study, "--raw", dir, "--out", out]);
    expectStopped(r, out);
    expect(r.stderr).toMatch(/edc\/vs\.csv line 3: holds a NUL byte/);
  });

  it("a CSV quote never closed stops the build naming file and line", () => {
    let row = 0;
    const dir = rawCopy("quote", (d) => {
      row = setCell(join(d, "edc/vs.csv"), 2, "VISIT", '"DAY 1');
    });
    const out = join(work, "out-quote");
    const r = cli(["build", "--study", study, "--raw", dir, "--out", out]);
    expectStopped(r, out);
    expect(r.stderr).toContain(
      `edc/vs.csv line ${row + 1}: a quote opened near here leaves a quoted field open`,
    );
  });

  it("an XLSX zip bomb (sheet declared over 1 GiB) stops the build at once naming the part", () => {
    const dir = rawCopy("bomb", (d) => {
      const p = join(d, "vendor/cytokines.xlsx");
      const b = readFileSync(p);
      // Forge the central directory's uncompressed size of the worksheet to 4 GB - 1.
      const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
      let q = b.readUInt32LE(eocd + 16);
      for (let i = 0; i < b.readUInt16LE(eocd + 10); i++) {
        const nameLen = b.readUInt16LE(q + 28);
        const name = b.toString("utf8", q + 46, q + 46 + nameLen);
        if (name.startsWith("xl/worksheets/")) b.writeUInt32LE(0xffffffff - 1, q + 24);
        q += 46 + nameLen + b.readUInt16LE(q + 30) + b.readUInt16LE(q + 32);
      }
      writeFileSync(p, b);
    });
    const out = join(work, "out-bomb");
    const t0 = performance.now();
    const r = cli(["build", "--study", study, "--raw", dir, "--out", out]);
    expectStopped(r, out);
    expect(r.stderr).toMatch(
      /vendor\/cytokines\.xlsx: cannot read the workbook: part xl\/worksheets\/sheet\d*\.xml is larger than 1073741824 bytes uncompressed/,
    );
    expect(performance.now() - t0).toBeLessThan(60_000);
  });
});
