/**
 * Hostile and unusual workbooks, built byte by byte (a small zip writer below), read by readXlsxForm:
 * valid OOXML that other writers produce (no r= attributes, inline strings) is read; broken or oversized
 * workbooks are one clear error naming the part, in bounded memory and time.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { Diagnostics, UserError } from "@trialforge/core";
import { afterAll, describe, expect, it } from "vitest";
import { LB_FORM } from "../test-forms.ts";
import type { Rejection } from "../types.ts";
import { MAX_SHEET_BYTES, readXlsxForm } from "./xlsx.ts";
import { readZipDirectory, readZipEntry } from "./zip.ts";

const dir = mkdtempSync(join(tmpdir(), "ingest-xlsx-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of deflated entries; `declaredSize` forges an entry's uncompressed size. */
function zip(entries: { name: string; data: string | Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, "utf8");
    const comp = deflateRawSync(raw);
    const name = Buffer.from(e.name, "utf8");
    const size = e.declaredSize ?? raw.length;
    const loc = Buffer.alloc(30);
    loc.writeUInt32LE(0x04034b50, 0);
    loc.writeUInt16LE(20, 4);
    loc.writeUInt16LE(8, 8);
    loc.writeUInt32LE(crc32(raw), 14);
    loc.writeUInt32LE(comp.length, 18);
    loc.writeUInt32LE(size, 22);
    loc.writeUInt16LE(name.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(8, 10);
    cen.writeUInt32LE(crc32(raw), 16);
    cen.writeUInt32LE(comp.length, 20);
    cen.writeUInt32LE(size, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(loc, name, comp);
    centrals.push(cen, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A minimal workbook: one sheet "Results", optional shared strings and styles, the given sheetData. */
function workbook(
  sheetData: string,
  opts: { shared?: string[]; sharedRel?: boolean; styles?: string; sheetSize?: number } = {},
) {
  const rels = [
    `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`,
    opts.sharedRel !== false && opts.shared !== undefined
      ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`
      : "",
    opts.styles !== undefined ? `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/>` : "",
  ].join("");
  const entries: { name: string; data: string; declaredSize?: number }[] = [
    {
      name: "_rels/.rels",
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: "xl/workbook.xml",
      data: `<workbook ${NS} ${RNS}><sheets><sheet name="Results" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    },
    {
      name: "xl/worksheets/sheet1.xml",
      data: `<worksheet ${NS}><sheetData>${sheetData}</sheetData></worksheet>`,
      ...(opts.sheetSize !== undefined ? { declaredSize: opts.sheetSize } : {}),
    },
  ];
  if (opts.shared)
    entries.push({
      name: "xl/sharedStrings.xml",
      data: `<sst ${NS}>${opts.shared.map((s) => `<si><t>${s}</t></si>`).join("")}</sst>`,
    });
  if (opts.styles !== undefined) entries.push({ name: "xl/styles.xml", data: opts.styles });
  return zip(entries);
}

async function read(bytes: Buffer) {
  const path = join(dir, `h${n++}.xlsx`);
  writeFileSync(path, bytes);
  const rejections: Rejection[] = [];
  const table = await readXlsxForm(path, LB_FORM, {
    file: "vendor/lab.xlsx",
    rejections,
    diagnostics: new Diagnostics(),
  });
  return { table, rejections, rows: table.data.toRows() };
}

async function readError(bytes: Buffer): Promise<string> {
  const e = await read(bytes).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  return (e as Error).message;
}

const inline = (s: string) => `<c t="inlineStr"><is><t>${s}</t></is></c>`;
const HEADER_ROW = `<row>${["SUBJECT", "COLLDTC", "COLLDATE", "TESTCD", "RESULT", "UNIT"].map(inline).join("")}</row>`;

describe("readXlsxForm on workbooks other writers make", () => {
  it("reads rows and cells without r= attributes by position (valid OOXML)", async () => {
    const { rows, rejections } = await read(
      workbook(
        `${HEADER_ROW}<row>${inline("001")}${inline("2024-03-15T08:30")}<c/>${inline("HGB")}<c><v>13.5</v></c>${inline("g/dL")}</row>` +
          `<row>${inline("002")}${inline("2024-03-16")}<c/>${inline("HGB")}<c t="b"><v>1</v></c></row>`,
      ),
    );
    expect(rejections.map((r) => [r.row, r.code])).toEqual([[2, "INGEST.BAD_FLOAT"]]);
    expect(rows.map((r) => [r.SUBJECT, r.COLLDTC, r.TESTCD, r.RESULT, r.UNIT, r.SOURCEROW])).toEqual([
      ["001", "2024-03-15T08:30", "HGB", "13.5", "g/dL", 1],
    ]);
  });

  it("mixes r= and positional cells; gaps are empty cells; date styles give ISO dates", async () => {
    const styles = `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`;
    const { rows } = await read(
      workbook(
        `<row r="1">${["SUBJECT", "COLLDTC", "COLLDATE", "TESTCD", "RESULT", "UNIT"].map((_, i) => `<c r="${"ABCDEF"[i]}1" t="s"><v>${i}</v></c>`).join("")}</row>` +
          `<row r="3"><c r="A3" t="s"><v>6</v></c><c t="s"><v>7</v></c><c r="C3" s="1"><v>45366</v></c><c t="s"><v>8</v></c><c r="F3" t="s"><v>9</v></c></row>`,
        {
          shared: [
            "SUBJECT",
            "COLLDTC",
            "COLLDATE",
            "TESTCD",
            "RESULT",
            "UNIT",
            "001",
            "2024-03-15",
            "HGB",
            "g/L",
          ],
          styles,
        },
      ),
    );
    expect(rows).toEqual([
      {
        SUBJECT: "001",
        COLLDTC: "2024-03-15",
        COLLDATE: "2024-03-15",
        TESTCD: "HGB",
        RESULT: "",
        UNIT: "g/L",
        SOURCEROW: 2,
      },
    ]);
  });
});

describe("readXlsxForm refuses broken and oversized workbooks with one error naming the part", () => {
  it('a t="s" cell in a workbook without a shared strings part', async () => {
    const msg = await readError(workbook(`${HEADER_ROW}<row><c r="A2" t="s"><v>0</v></c></row>`));
    expect(msg).toBe(
      "vendor/lab.xlsx: cannot read the workbook: xl/worksheets/sheet1.xml cell A2 refers to shared string 0, but the workbook has no shared strings part (xl/sharedStrings.xml)",
    );
    expect(msg).not.toContain("[object Object]");
  });

  it("a shared string index past the end of the part", async () => {
    const msg = await readError(
      workbook(`${HEADER_ROW}<row><c r="A2" t="s"><v>5</v></c></row>`, { shared: ["x"] }),
    );
    expect(msg).toMatch(/cell A2 refers to shared string 5; part xl\/sharedStrings\.xml holds 1$/);
  });

  it("a zip bomb: a sheet declared larger than the limit stops before inflating anything", async () => {
    const t0 = performance.now();
    const msg = await readError(workbook(HEADER_ROW, { sheetSize: MAX_SHEET_BYTES + 1 }));
    expect(msg).toMatch(
      /^vendor\/lab\.xlsx: cannot read the workbook: part xl\/worksheets\/sheet1\.xml is larger than 1073741824 bytes uncompressed/,
    );
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("a zip bomb with a forged small size stops once the inflated bytes pass the limit", async () => {
    const path = join(dir, `h${n++}.zip`);
    writeFileSync(path, zip([{ name: "big.xml", data: Buffer.alloc(5_000_000, 0x20), declaredSize: 10 }]));
    const entry = (await readZipDirectory(path)).get("big.xml")!;
    let got = 0;
    const drain = async () => {
      for await (const c of readZipEntry(path, entry, 1_000_000)) got += c.length;
    };
    await expect(drain()).rejects.toThrow("part big.xml is larger than 1000000 bytes uncompressed");
    expect(got).toBeLessThanOrEqual(1_000_000 + (1 << 20));
  });

  it("malformed sheet XML names the part, line and column", async () => {
    const msg = await readError(workbook(`${HEADER_ROW}<row><c><v>1</c></row>`));
    expect(msg).toMatch(
      /^vendor\/lab\.xlsx: cannot read the workbook: part xl\/worksheets\/sheet1\.xml: XML is not well-formed at line 1 column \d+: /,
    );
  });

  it("a cell text over 1 MiB is refused without buffering it", async () => {
    const msg = await readError(workbook(`${HEADER_ROW}<row>${inline("x".repeat(1_100_000))}</row>`));
    expect(msg).toMatch(
      /part xl\/worksheets\/sheet1\.xml: an XML tag, attribute or text runs over more than 1048576/,
    );
  });

  it("cells out of order or beyond column XFD, and a truncated file", async () => {
    expect(await readError(workbook(`${HEADER_ROW}<row><c r="C2"/><c r="A2"/></row>`))).toMatch(
      /cell A2 of row 2 is out of order or beyond column 16384/,
    );
    expect(await readError(workbook(`${HEADER_ROW}<row><c r="XFE2"/></row>`))).toMatch(/beyond column 16384/);
    const whole = workbook(HEADER_ROW);
    expect(await readError(whole.subarray(0, whole.length - 30))).toMatch(/cannot read the workbook: /);
  });
});
