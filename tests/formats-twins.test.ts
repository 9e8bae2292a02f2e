/**
 * CDISC's own example datasets as XPT and Dataset-JSON twins (reference/dataset-json, vendored from
 * cdisc-org/DataExchange-DatasetJson): our XPT reader and our Dataset-JSON reader give identical values.
 *
 * Dates: the JSON writes numeric SAS dates as ISO text (dataType "date", targetDataType "integer", e.g.
 * ADSL TRTSDT "2014-01-02") while the XPT holds the SAS day number (19725). Our Dataset-JSON reader turns
 * such columns back into SAS numbers with their displayFormat, so the comparison is value for value.
 * Character --DTC variables are ISO text in both.
 *
 * Metadata: names and storage types agree; CDISC's twins disagree among themselves on some labels,
 * character lengths and formats (e.g. ADSL RFSTDTC is $20 in the XPT, length 10 in the JSON; ADTTE's XPT
 * carries $w. formats the JSON omits), so those are not compared here.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dataset } from "@trialforge/core";
import { readDatasetJson, writeDatasetJson } from "@trialforge/dataset-json";
import { readXpt, readXptWithInfo, writeXpt } from "@trialforge/xport";
import Ajv2019 from "ajv/dist/2019.js";
import { describe, expect, it } from "vitest";

const REF = join(import.meta.dirname, "../reference/dataset-json");
const pairs = readdirSync(REF)
  .filter((f) => f.endsWith(".xpt"))
  .map((f) => f.slice(0, -4));
const dir = mkdtempSync(join(tmpdir(), "twins-"));
const validate = new Ajv2019.default({ strict: false, allErrors: true }).compile(
  JSON.parse(readFileSync(join(REF, "dataset.schema.json"), "utf8")),
);

function expectSameValues(a: Dataset, b: Dataset, what: string): void {
  expect(
    b.meta.variables.map((v) => [v.name, v.type]),
    what,
  ).toEqual(a.meta.variables.map((v) => [v.name, v.type]));
  expect(b.length, what).toBe(a.length);
  for (const v of a.meta.variables) {
    const ca = a.column(v.name);
    const cb = b.column(v.name);
    for (let i = 0; i < a.length; i++) {
      if (!Object.is(ca.get(i), cb.get(i)))
        expect(cb.get(i), `${what} ${v.name} row ${i + 1}`).toBe(ca.get(i));
    }
  }
}

describe("CDISC Dataset-JSON examples and their XPT twins", () => {
  it("the vendored set has the five twin pairs", () => {
    expect(pairs.sort()).toEqual(["adam-adae", "adam-adsl", "adam-adtte", "sdtm-ae", "sdtm-dm"]);
  });

  it.each(pairs)("%s: XPT reader and Dataset-JSON reader give identical values", async (name) => {
    const x = await readXpt(join(REF, `${name}.xpt`));
    const j = await readDatasetJson(join(REF, `${name}.json`));
    expectSameValues(x, j, name);
    // numeric date columns really were ISO text in the JSON (so the test covers the conversion)
    const cols = JSON.parse(readFileSync(join(REF, `${name}.json`), "utf8")).columns as {
      name: string;
      dataType: string;
      targetDataType?: string;
    }[];
    for (const c of cols.filter((c) => c.targetDataType === "integer")) {
      expect(x.meta.variables.find((v) => v.name === c.name)?.type).toBe("Num");
    }
  });

  it("adam-adsl.ndjson reads the same as the XPT", async () => {
    expectSameValues(
      await readXpt(join(REF, "adam-adsl.xpt")),
      await readDatasetJson(join(REF, "adam-adsl.ndjson")),
      "adsl.ndjson",
    );
  });

  it("ADSL TRTSDT: ISO '2014-01-02' in the JSON is SAS day 19725 in the XPT", async () => {
    const x = await readXpt(join(REF, "adam-adsl.xpt"));
    const rows = JSON.parse(readFileSync(join(REF, "adam-adsl.json"), "utf8")).rows as unknown[][];
    const k = x.meta.variables.findIndex((v) => v.name === "TRTSDT");
    expect(rows[0]![k]).toBe("2014-01-02");
    expect(x.get("TRTSDT", 0)).toBe((Date.UTC(2014, 0, 2) - Date.UTC(1960, 0, 1)) / 864e5);
  });

  it.each(pairs)(
    "%s: our Dataset-JSON written from the XPT is schema-valid and has CDISC's rows",
    async (name) => {
      const x = await readXpt(join(REF, `${name}.xpt`));
      const p = join(dir, `${name}.json`);
      await writeDatasetJson(x, p, { timestamp: "2026-01-01T00:00:00Z" });
      const ours = JSON.parse(readFileSync(p, "utf8"));
      expect(validate(ours), JSON.stringify(validate.errors)).toBe(true);
      const theirs = JSON.parse(readFileSync(join(REF, `${name}.json`), "utf8"));
      expect(ours.columns.map((c: { name: string }) => c.name)).toEqual(
        theirs.columns.map((c: { name: string }) => c.name),
      );
      // same dataType per column, except what XPT cannot tell: CDISC typed some character --DTC as
      // date/datetime (XPT has only Char, so we say "string"), and integer vs float (XPT has only Num:
      // we say "integer" when every value is whole, e.g. ADSL CUMDOSE, which CDISC calls float)
      const num = (t: string) => (t === "integer" || t === "float" || t === "double" ? "number" : t);
      ours.columns.forEach((c: { dataType: string; targetDataType?: string }, i: number) => {
        const t = theirs.columns[i];
        if (t.dataType !== "string" && c.dataType === "string") return;
        expect([num(c.dataType), c.targetDataType], `${name} ${t.name}`).toEqual([
          num(t.dataType),
          t.targetDataType,
        ]);
      });
      // rows equal, with CDISC's null for a blank character value read as ""
      theirs.rows.forEach((r: unknown[], i: number) => {
        const norm = r.map((v, k) =>
          v === null &&
          ours.columns[k].dataType !== "integer" &&
          ours.columns[k].dataType !== "float" &&
          ours.columns[k].targetDataType !== "integer"
            ? ""
            : v,
        );
        expect(ours.rows[i], `${name} row ${i + 1}`).toEqual(norm);
      });
    },
  );

  it.each(pairs)("%s.xpt -> our Dataset-JSON -> XPT is CDISC's XPT again, byte for byte", async (name) => {
    const { ds, info } = await readXptWithInfo(join(REF, `${name}.xpt`));
    const j = join(dir, `${name}-rt.ndjson`);
    await writeDatasetJson(ds, j, { timestamp: "2026-01-01T00:00:00Z" });
    const out = join(dir, `${name}-rt.xpt`);
    await writeXpt(await readDatasetJson(j), out, {
      timestamp: `${info.created}Z`,
      sasVersion: info.sasVersion,
      os: info.os,
    });
    expect(readFileSync(out).equals(readFileSync(join(REF, `${name}.xpt`)))).toBe(true);
  });

  it.each(["sdtm-rs", "sdtm-ts"])(
    "%s.json (no XPT twin) reads, and our rewrite is schema-valid and reads back the same",
    async (name) => {
      const j = await readDatasetJson(join(REF, `${name}.json`));
      const p = join(dir, `${name}.ndjson`);
      await writeDatasetJson(j, p, { timestamp: "2026-01-01T00:00:00Z" });
      const head = JSON.parse(readFileSync(p, "utf8").split("\n")[0]!);
      expect(validate(head)).toBe(true);
      expectSameValues(j, await readDatasetJson(p), name);
    },
  );
});
