/**
 * Hostile Dataset-JSON files, made on the fly: declared sizes are checked before anything is allocated,
 * with explicit limits (issue 14), and block reading gives the same rows as a whole read.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatasetMeta, datasetFromRows, UserError } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { DATASET_JSON_LIMITS, openDatasetJson, readDatasetJson, writeDatasetJson } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "djson-hostile-"));
const column = (i: number) =>
  `{"itemOID":"IT.X.C${i}","name":"C${i}","label":"c","dataType":"string","length":8}`;
const headerWith = (cols: string, records: number) =>
  `{"datasetJSONCreationDateTime":"2026-01-01T00:00:00","datasetJSONVersion":"1.1.0","itemGroupOID":"IG.X","records":${records},"name":"X","label":"x","columns":[${cols}]`;

const failure = async (p: string): Promise<string> => {
  const e = await readDatasetJson(p).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return (e as Error).message;
};

describe("Dataset-JSON limits fail fast with a clear message", () => {
  it("100,000 columns (.ndjson): over the column limit", async () => {
    const cols = Array.from({ length: 100_000 }, (_, i) => column(i)).join(",");
    const p = join(dir, "wide.ndjson");
    writeFileSync(p, `${headerWith(cols, 0)}}\n`);
    const t0 = performance.now();
    expect(await failure(p)).toMatch(
      /wide\.ndjson: 100000 columns; the reader's limit is 10000 \(byte \d+\)$/,
    );
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("a 1,000,000-column header (.json): over the metadata size limit before it is parsed", async () => {
    const cols = Array.from({ length: 1_000_000 }, (_, i) => column(i)).join(",");
    const p = join(dir, "wider.json");
    writeFileSync(p, `${headerWith(cols, 0)},"rows":[]}`);
    const t0 = performance.now(); // time the read, not the making of the 80 MB file
    expect(await failure(p)).toMatch(
      /wider\.json: the metadata \(everything before the rows\) is longer than 16 MiB, the reader's limit/,
    );
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('"records" larger than the file can hold is refused before columns are allocated', async () => {
    const p = join(dir, "records.json");
    writeFileSync(p, `${headerWith(column(0), 1e12)},"rows":[["a"]]}`);
    expect(await failure(p)).toMatch(
      /records\.json: "records" says 1000000000000 but the file has room for at most 2 rows of 1 columns \(7 bytes after the metadata\)/,
    );
  });

  it("a row that never ends is refused at the row size limit", async () => {
    const p = join(dir, "endless.ndjson");
    writeFileSync(p, `${headerWith(column(0), 1)}}\n["${"x".repeat(DATASET_JSON_LIMITS.maxRowBytes * 2)}`);
    expect(await failure(p)).toMatch(/endless\.ndjson: a row is longer than 16 MiB, the reader's limit/);
  });

  it("a column named twice", async () => {
    const p = join(dir, "twice.ndjson");
    writeFileSync(p, `${headerWith(`${column(0)},${column(0)}`, 0)}}\n`);
    expect(await failure(p)).toMatch(/column "C0" appears twice/);
  });
});

describe("block reading", () => {
  const meta: DatasetMeta = {
    name: "LB",
    label: "Lab",
    standard: "SDTM",
    class: "FINDINGS",
    structure: "",
    keys: [],
    variables: [
      { name: "USUBJID", label: "Subject", type: "Char", length: 10 },
      { name: "LBSTRESN", label: "Result", type: "Num", length: 8 },
    ],
  };
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    USUBJID: `S-${i % 37}`,
    LBSTRESN: i % 11 === 0 ? null : i / 8,
  }));

  for (const ext of ["json", "ndjson"]) {
    it(`.${ext}: blocks of 64 rows hold the same rows as readAll, with file row numbers in errors`, async () => {
      const p = join(dir, `blocks.${ext}`);
      await writeDatasetJson(datasetFromRows(meta, rows), p, { timestamp: "2026-01-01T00:00:00Z" });
      const f = await openDatasetJson(p, { chunkBytes: 1000 });
      const got: unknown[] = [];
      let blocks = 0;
      for await (const b of f.blocks({ rows: 64 })) {
        blocks++;
        got.push(...b.toRows());
      }
      await f.close();
      expect(blocks).toBe(16);
      expect(got).toEqual((await readDatasetJson(p)).toRows());
      expect(got).toEqual(rows);
    });
  }

  it("an error in block 3 names the row of the file", async () => {
    const p = join(dir, "bad-row.ndjson");
    const body = Array.from({ length: 200 }, (_, i) => (i === 150 ? `["S",1,2]` : `["S",1]`)).join("\n");
    writeFileSync(
      p,
      `${headerWith(`${column(0)},{"itemOID":"IT.X.N","name":"N","label":"n","dataType":"integer"}`, 200)}}\n${body}\n`,
    );
    const f = await openDatasetJson(p);
    await expect(
      (async () => {
        for await (const _ of f.blocks({ rows: 64 })) void _;
      })(),
    ).rejects.toThrow(/row 151 has more values than the 2 columns/);
    await f.close();
  });
});
