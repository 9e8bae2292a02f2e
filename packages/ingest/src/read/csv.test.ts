import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Diagnostics, UserError } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import { afterAll, describe, expect, it } from "vitest";
import { AE_FORM, AE_HEADER } from "../test-forms.ts";
import type { Rejection } from "../types.ts";
import { readCsvForm } from "./csv.ts";

const dir = mkdtempSync(join(tmpdir(), "ingest-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function read(content: string | Buffer, form: RawForm = AE_FORM) {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  const rejections: Rejection[] = [];
  const diagnostics = new Diagnostics();
  const table = await readCsvForm(path, form, { file: "edc/ae.csv", rejections, diagnostics });
  expect(table.read).toBe(table.accepted + table.rejected);
  expect(table.data.length).toBe(table.accepted);
  return { table, rejections, diagnostics, rows: table.data.toRows() };
}

async function readError(content: string | Buffer): Promise<UserError> {
  try {
    await read(content);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error("expected a UserError");
}

const lines = (...ls: string[]) => `${[AE_HEADER, ...ls].join("\n")}\n`;

describe("readCsvForm", () => {
  it("reads good rows into trimmed Char columns with SOURCEROW", async () => {
    const { table, rows, rejections } = await read(
      lines(
        "001, 1 ,Headache,2024-03-15,14:30,Mild,1.5",
        "002,1,Nausea,2024-03-15,,,",
        "002,2,Fever,2024-03,,SEVERE,-2e3",
      ),
    );
    expect(rejections).toEqual([]);
    expect(table.read).toBe(3);
    expect(rows[0]).toEqual({
      SUBJID: "001",
      AESPID: "1",
      AETERM: "Headache",
      AESTDAT: "2024-03-15",
      AESTTIM: "14:30",
      AESEV: "Mild",
      AEDOSE: "1.5",
      SOURCEROW: 1,
    });
    expect(rows.map((r) => r.SOURCEROW)).toEqual([1, 2, 3]);
    expect(table.data.meta.variables.map((v) => v.name)).toEqual([
      ...AE_FORM.fields.map((f) => f.name),
      "SOURCEROW",
    ]);
    expect(table.data.char("SUBJID").dict).toEqual(["", "001", "002"]);
  });

  it("strips a UTF-8 BOM before the header", async () => {
    const { rows, diagnostics } = await read(`\uFEFF${lines("001,1,Headache,2024-03-15,,,")}`);
    expect(diagnostics.items).toEqual([]);
    expect(rows[0]!.SUBJID).toBe("001");
  });

  it("handles CRLF, quoted commas and newlines; SOURCEROW counts records, not lines", async () => {
    const text = [
      AE_HEADER,
      '001,1,"Rash, mild","2024-03-15",,,',
      '001,2,"Line\r\nbreak",2024-03-16,,,',
      "001,3,Cough,2024-03-17,,,",
    ].join("\r\n");
    const { rows } = await read(text);
    expect(rows.map((r) => [r.AETERM, r.SOURCEROW])).toEqual([
      ["Rash, mild", 1],
      ["Line\r\nbreak", 2],
      ["Cough", 3],
    ]);
  });

  it("reads files that mix CRLF and LF line ends", async () => {
    const { rows } = await read(
      `${AE_HEADER}\r\n001,1,A,2024-03-15,,,\n001,2,B,2024-03-15,,,\r\n001,3,C,2024-03-15,,,\n`,
    );
    expect(rows.map((r) => [r.AETERM, r.SOURCEROW])).toEqual([
      ["A", 1],
      ["B", 2],
      ["C", 3],
    ]);
  });

  it("header only gives 0 records; blank lines are not records", async () => {
    const { table } = await read(`${AE_HEADER}\n\n`);
    expect([table.read, table.accepted, table.rejected]).toEqual([0, 0, 0]);
  });

  it("an empty file is one clear error", async () => {
    const e = await readError("");
    expect(e.message).toBe("edc/ae.csv: file is empty: expected a header row with the column names");
    const e2 = await readError("\n\n");
    expect(e2.message).toContain("file is empty");
  });

  it("rejects an impossible date, a bad integer, a bad time and a bad number, one rejection per field", async () => {
    const { table, rejections } = await read(
      lines(
        "001,1,Headache,2024-02-30,25:00,,1,5",
        "001,x,Headache,2024-02-29,,,abc",
        "001,3,Ok,2024-02-28,,,",
      ),
    );
    expect(table.accepted).toBe(1);
    expect(table.rejected).toBe(2);
    // row 1 has 8 fields (1,5 unquoted): the whole row is rejected for its column count
    expect(rejections.map((r) => [r.row, r.code, r.column])).toEqual([
      [1, "INGEST.COLUMN_COUNT", undefined],
      [2, "INGEST.BAD_INTEGER", "AESPID"],
      [2, "INGEST.BAD_FLOAT", "AEDOSE"],
    ]);
    const { rejections: r2 } = await read(lines("001,1,Headache,2024-02-30,25:00,,"));
    expect(r2).toEqual([
      {
        form: "AE",
        file: "edc/ae.csv",
        row: 1,
        column: "AESTDAT",
        code: "INGEST.BAD_DATE",
        reason: '"2024-02-30" is not a calendar date in the declared format YYYY-MM-DD',
        value: "2024-02-30",
      },
      {
        form: "AE",
        file: "edc/ae.csv",
        row: 1,
        column: "AESTTIM",
        code: "INGEST.BAD_TIME",
        reason: '"25:00" is not a valid time of day (declared format HH:MM[:SS])',
        value: "25:00",
      },
    ]);
  });

  it("rejects a row with the wrong number of columns and keeps reading", async () => {
    const { rows, rejections } = await read(
      lines("001,1,Headache,2024-03-15,,", "001,2,Cough,2024-03-15,,,,extra", "001,3,Fever,2024-03-15,,,"),
    );
    expect(rejections).toEqual([
      {
        form: "AE",
        file: "edc/ae.csv",
        row: 1,
        code: "INGEST.COLUMN_COUNT",
        reason: "row has 6 fields, the header has 7",
      },
      {
        form: "AE",
        file: "edc/ae.csv",
        row: 2,
        code: "INGEST.COLUMN_COUNT",
        reason: "row has 8 fields, the header has 7",
      },
    ]);
    expect(rows.map((r) => r.AETERM)).toEqual(["Fever"]);
    expect(rows[0]!.SOURCEROW).toBe(3);
  });

  it("rejects a row with bad quoting and reads the rows after it", async () => {
    const { table, rows, rejections } = await read(
      lines(
        "001,1,Headache,2024-03-15,,,",
        '001,2,"He said "bad" today",2024-03-15,,,',
        "001,3,Fever,2024-03-15,,,",
      ),
    );
    expect(table.read).toBe(3);
    expect(rejections.length).toBe(1);
    expect(rejections[0]).toMatchObject({ row: 2, code: "INGEST.BAD_QUOTING", column: "AETERM" });
    expect(rejections[0]!.reason).toMatch(/^bad quoting at line 3: /);
    expect(rows.map((r) => [r.AETERM, r.SOURCEROW])).toEqual([
      ["Headache", 1],
      ["Fever", 3],
    ]);
  });

  it("a bad quote that runs into the next lines is one rejection saying which lines it covered", async () => {
    const { table, rows, rejections } = await read(
      lines(
        '001,1,"x"y,2024-03-15,,,',
        "001,3,F,2024-03-15,,,",
        '001,4,"G",2024-03-15,,,',
        "001,5,H,2024-03-15,,,",
      ),
    );
    expect(table.read).toBe(2);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.reason).toContain(
      "bad quoting at line 2 (the record runs over lines 2-4; rows on those lines could not be separated)",
    );
    expect(rows.map((r) => [r.AETERM, r.SOURCEROW])).toEqual([["H", 2]]);
  });

  it("rejects a stray quote inside an unquoted field", async () => {
    const { rows, rejections } = await read(
      lines('001,1,Head"ache,2024-03-15,,,', "001,2,Fever,2024-03-15,,,"),
    );
    expect(rejections.map((r) => [r.row, r.code])).toEqual([[1, "INGEST.BAD_QUOTING"]]);
    expect(rows.map((r) => r.SOURCEROW)).toEqual([2]);
  });

  it("a missing or renamed optional column is a structured warning naming file, column and the likely new name", async () => {
    const renamed = AE_HEADER.replace("AESTTIM", "AE_ST_TIME");
    const { diagnostics, rows } = await read(`${renamed}\n001,1,Headache,2024-03-15,14:30,,\n`);
    expect(rows[0]!.AESTTIM).toBe("");
    expect(diagnostics.items).toEqual([
      {
        severity: "warning",
        code: "INGEST.UNKNOWN_COLUMN",
        message:
          "column AE_ST_TIME is not a field of form AE; it is ignored (is it AESTTIM renamed? AESTTIM is missing)",
        file: "edc/ae.csv",
        column: "AE_ST_TIME",
        value: "AESTTIM",
      },
      {
        severity: "warning",
        code: "INGEST.MISSING_COLUMN",
        message: "optional column AESTTIM is missing; its values are empty",
        file: "edc/ae.csv",
        column: "AESTTIM",
        value: "AE_ST_TIME",
      },
    ]);
    const dropped = AE_HEADER.replace(",AEDOSE", "");
    const { diagnostics: d2 } = await read(`${dropped}\n001,1,Headache,2024-03-15,,\n`);
    expect(d2.items.map((d) => d.message)).toEqual([
      "optional column AEDOSE is missing; its values are empty",
    ]);
  });

  it("a value over 200 bytes rejects its record with row and column; the other rows are read", async () => {
    const { rows, rejections } = await read(
      lines(`001,1,${"é".repeat(101)},2024-03-15,,,`, "001,2,Cough,2024-03-15,,,"),
      {
        ...AE_FORM,
        fields: AE_FORM.fields.map((f) => (f.name === "AETERM" ? { ...f, maxLength: undefined } : f)),
      },
    );
    expect(rejections.map((r) => [r.row, r.column, r.code, r.reason])).toEqual([
      [
        1,
        "AETERM",
        "INGEST.TOO_LONG",
        "value is 202 bytes; a character value holds at most 200 bytes (SAS XPORT v5)",
      ],
    ]);
    expect(rows.map((r) => r.SOURCEROW)).toEqual([2]);
  });

  it("many unknown columns give 20 warnings and one count, not one warning each", async () => {
    const extra = Array.from({ length: 30 }, (_, i) => `X${i}`);
    const { diagnostics } = await read(
      `${AE_HEADER},${extra.join(",")}\n001,1,Headache,2024-03-15,,,${",".repeat(30)}\n`,
    );
    const unknown = diagnostics.items.filter((d) => d.code === "INGEST.UNKNOWN_COLUMN");
    expect(unknown).toHaveLength(21);
    expect(unknown[20]!.message).toBe("10 more columns are not fields of form AE and are ignored");
  });

  it("a NUL byte stops the file with one error naming line and byte (binary or UTF-16 without BOM)", async () => {
    const e = await readError(lines("001,1,Headache,2024-03-15,,,", "001,2,Co\u0000ugh,2024-03-15,,,"));
    expect(e.message).toMatch(
      /^edc\/ae\.csv line 3: holds a NUL byte \(at byte \d+\): not a text file, or UTF-16 without a byte order mark/,
    );
    const utf16 = Buffer.from(lines("001,1,Headache,2024-03-15,,,"), "utf16le");
    expect((await readError(utf16)).message).toMatch(/^edc\/ae\.csv line 1: holds a NUL byte/);
  });

  it("a record longer than the limit stops the file in bounded memory, naming the line", async () => {
    // A quote opened on row 2 and closed only 1.5 MB later: without the limit the parser buffers it all.
    const big = `${lines("001,1,Headache,2024-03-15,,,")}001,2,"Cough${"x".repeat(1_500_000)}",2024-03-15,,,\n`;
    const e = await readError(big);
    expect(e.message).toMatch(/^edc\/ae\.csv line \d+: a record runs over more than 1048576 characters/);
  });

  it("a quote that is never closed is one clear error naming the line", async () => {
    const e = await readError(
      lines("001,1,Headache,2024-03-15,,,", '001,2,"Cough,2024-03-15,,,', "001,3,Fever,2024-03-15,,,"),
    );
    expect(e.message).toMatch(
      /^edc\/ae\.csv line 3: a quote opened near here leaves a quoted field open to the end of the file/,
    );
  });

  it("rejects a value outside the pick list; the match ignores case and spaces", async () => {
    const { rows, rejections } = await read(
      lines(
        "001,1,Headache,2024-03-15,,  mild ,",
        "001,2,Cough,2024-03-15,,Very bad,",
        "001,3,Fever,2024-03-15,,mod erate,",
      ),
    );
    expect(rows.map((r) => r.AESEV)).toEqual(["mild"]);
    expect(rejections.map((r) => [r.row, r.code, r.column, r.reason])).toEqual([
      [2, "INGEST.NOT_IN_LIST", "AESEV", '"Very bad" is not one of: MILD, MODERATE, SEVERE'],
      [3, "INGEST.NOT_IN_LIST", "AESEV", '"mod erate" is not one of: MILD, MODERATE, SEVERE'],
    ]);
  });

  it("rejects a missing required value and a too-long text", async () => {
    const { rejections } = await read(
      lines(
        ",1,Headache,2024-03-15,,,",
        "001,2,Abcdefghijklmnopqrstu,2024-03-15,,,",
        "001,3,Abcdefghijklmnopqrsé,2024-03-15,,,",
      ),
    );
    expect(rejections.map((r) => [r.row, r.code, r.column])).toEqual([
      [1, "INGEST.REQUIRED", "SUBJID"],
      [2, "INGEST.TOO_LONG", "AETERM"],
    ]);
    expect(rejections[1]!.reason).toBe("value has 21 characters, the maximum is 20");
  });

  it("rejects the second and later occurrence of a key, naming the first row", async () => {
    const { rows, rejections } = await read(
      lines(
        "001,1,Headache,2024-03-15,,,",
        "001,2,Cough,2024-03-15,,,",
        "001,1,Again,2024-03-16,,,",
        "002,1,Other,2024-03-16,,,",
        "001,1,Third,2024-03-17,,,",
      ),
    );
    expect(rows.map((r) => r.AETERM)).toEqual(["Headache", "Cough", "Other"]);
    expect(rejections[0]).toEqual({
      form: "AE",
      file: "edc/ae.csv",
      row: 3,
      code: "INGEST.DUPLICATE_KEY",
      reason: "duplicate key SUBJID=001, AESPID=1: first seen in row 1",
      value: "SUBJID=001, AESPID=1",
    });
    expect(rejections.map((r) => [r.row, r.code, r.reason])).toEqual([
      [3, "INGEST.DUPLICATE_KEY", "duplicate key SUBJID=001, AESPID=1: first seen in row 1"],
      [5, "INGEST.DUPLICATE_KEY", "duplicate key SUBJID=001, AESPID=1: first seen in row 1"],
    ]);
  });

  it("finds duplicates among many keys (hash table growth)", async () => {
    const body: string[] = [];
    for (let i = 0; i < 5000; i++) body.push(`S${i % 100},${Math.floor(i / 100)},T,2024-03-15,,,`);
    body.push("S42,7,T,2024-03-15,,,");
    const { table, rejections } = await read(lines(...body));
    expect(table.accepted).toBe(5000);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.reason).toBe("duplicate key SUBJID=S42, AESPID=7: first seen in row 743");
  });

  it("a missing required column fails the whole file, naming file and column", async () => {
    const e = await readError("SUBJID,AESPID,AESTDAT\n001,1,2024-03-15\n");
    expect(e.message).toBe(
      "edc/ae.csv column AETERM: required column AETERM is missing from the header (form AE)",
    );
    expect(e.diagnostics[0]).toMatchObject({
      code: "INGEST.MISSING_COLUMN",
      file: "edc/ae.csv",
      column: "AETERM",
    });
  });

  it("a file separated by semicolons or tabs is one clear error", async () => {
    expect((await readError(`${AE_HEADER.replace(/,/g, ";")}\n001;1\n`)).message).toBe(
      'edc/ae.csv line 1: the header looks separated by ";", not commas; export the file as comma-separated CSV',
    );
    expect((await readError(`${AE_HEADER.replace(/,/g, "\t")}\n`)).message).toContain("separated by tabs");
  });

  it("ignores an unknown header column with a warning; header names match case-insensitively", async () => {
    const { rows, diagnostics } = await read(
      "subjid,AESPID,AETERM,AESTDAT,EXTRA\n001,1,Headache,2024-03-15,zzz\n",
    );
    expect(rows[0]).toMatchObject({ SUBJID: "001", AETERM: "Headache", AESEV: "" });
    expect(diagnostics.items.map((d) => [d.severity, d.code, d.column])).toEqual([
      ["warning", "INGEST.UNKNOWN_COLUMN", "EXTRA"],
      ["warning", "INGEST.MISSING_COLUMN", "AESTTIM"],
      ["warning", "INGEST.MISSING_COLUMN", "AESEV"],
      ["warning", "INGEST.MISSING_COLUMN", "AEDOSE"],
    ]);
  });

  it("rejects the rows of a Latin-1 file that hold non-UTF-8 bytes, with a file warning", async () => {
    const text = lines(
      "001,1,Headache,2024-03-15,,,",
      "001,2,Céphalée,2024-03-15,,,",
      "001,3,Fever,2024-03-15,,,",
    );
    const { rows, rejections, diagnostics } = await read(Buffer.from(text, "latin1"));
    expect(rows.map((r) => r.AETERM)).toEqual(["Headache", "Fever"]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ row: 2, column: "AETERM", code: "INGEST.NOT_UTF8" });
    expect(rejections[0]!.reason).toContain("file is not UTF-8 (looks like Latin-1/Windows-1252)");
    expect(diagnostics.items).toHaveLength(1);
    expect(diagnostics.items[0]).toMatchObject({ code: "INGEST.NOT_UTF8", row: 2 });
    expect(diagnostics.items[0]!.message).toContain("file is not UTF-8 (looks like Latin-1/Windows-1252)");
  });

  it("accepts real UTF-8 text, including a U+FFFD the file really holds", async () => {
    const { rows, rejections } = await read(lines("001,1,Céphalée \uFFFD,2024-03-15,,,"));
    expect(rejections).toEqual([]);
    expect(rows[0]!.AETERM).toBe("Céphalée \uFFFD");
  });

  it("reads a file of several chunks with a multibyte character split by the chunk border", async () => {
    const body: string[] = [];
    for (let i = 1; i <= 30000; i++) body.push(`S€${i % 7},${i},Céphalée 😀,2024-03-15,,,`);
    const text = lines(...body);
    // Pad the header (names are trimmed) so that an emoji straddles byte 1 MiB, the first read chunk's end.
    const border = 1 << 20;
    const emoji = Buffer.from(text).indexOf(Buffer.from("😀"), border - 200);
    const pad = " ".repeat(border - 2 - emoji);
    const padded = Buffer.from(text.replace(AE_HEADER, AE_HEADER + pad));
    expect(padded.subarray(border - 2, border + 2).toString()).toBe("😀");
    const { table, rejections, diagnostics } = await read(padded);
    expect(rejections).toEqual([]);
    expect(diagnostics.items).toEqual([]);
    expect(table.accepted).toBe(30000);
    expect(table.data.char("AETERM").dict).toEqual(["", "Céphalée 😀"]);
    expect(table.data.num("SOURCEROW").get(29999)).toBe(30000);
  });

  it("a UTF-16 file is one clear error", async () => {
    const e = await readError(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines("001,1,X,2024-03-15,,,"), "utf16le")]),
    );
    expect(e.message).toBe("edc/ae.csv: file is UTF-16; export it again as UTF-8");
  });

  it("a missing file is one clear error", async () => {
    const rejections: Rejection[] = [];
    await expect(
      readCsvForm(join(dir, "nope.csv"), AE_FORM, {
        file: "edc/nope.csv",
        rejections,
        diagnostics: new Diagnostics(),
      }),
    ).rejects.toThrow("edc/nope.csv: raw file not found (needed by form AE)");
  });
});
