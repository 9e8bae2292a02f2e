import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Diagnostics, UserError } from "@trialforge/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { AE_FORM, AE_HEADER } from "../test-forms.ts";
import type { Rejection } from "../types.ts";
import { readCsvForm } from "./csv.ts";

const dir = mkdtempSync(join(tmpdir(), "ingest-csv-prop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function tryRead(content: Buffer) {
  const path = join(dir, `p${n++}.csv`);
  writeFileSync(path, content);
  const rejections: Rejection[] = [];
  try {
    const table = await readCsvForm(path, AE_FORM, {
      file: "x.csv",
      rejections,
      diagnostics: new Diagnostics(),
    });
    return { table, rejections };
  } catch (e) {
    if (e instanceof UserError) return { error: e };
    throw e; // a crash: the property fails
  }
}

const piece = fc.constantFrom(
  "001",
  "1",
  "2024-03-15",
  "x",
  ",",
  ",",
  '"',
  "\n",
  "\r\n",
  " ",
  "é",
  "\uFFFD",
  "MILD",
);

describe("readCsvForm on arbitrary input", () => {
  it("never crashes: one UserError, or every record accepted or rejected", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }),
        fc.boolean(),
        fc.boolean(),
        async (pieces, bom, latin1) => {
          const text = `${bom ? "\uFEFF" : ""}${AE_HEADER}\n${pieces.join("")}`;
          const r = await tryRead(Buffer.from(text, latin1 ? "latin1" : "utf8"));
          if ("error" in r) return;
          const { table, rejections } = r;
          expect(table.read).toBe(table.accepted + table.rejected);
          expect(new Set(rejections.map((x) => x.row)).size).toBe(table.rejected);
          const rows = [...table.data.num("SOURCEROW").values, ...rejections.map((x) => x.row)];
          expect(new Set(rows).size).toBe(table.read); // each record has its own row number
        },
      ),
      { numRuns: 150 },
    );
  });

  it("without quotes, every non-empty line after the header is a record", async () => {
    const cell = fc.constantFrom("001", "1", "2024-03-15", "x", "", " ", "é", "MILD");
    const line = fc.array(cell, { minLength: 1, maxLength: 9 }).map((cs) => cs.join(","));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), async (lines) => {
        const r = await tryRead(Buffer.from(`${AE_HEADER}\n${lines.join("\n")}\n`));
        expect("error" in r).toBe(false);
        if ("error" in r) return;
        expect(r.table.read).toBe(lines.filter((l) => l !== "").length);
      }),
      { numRuns: 100 },
    );
  });
});
