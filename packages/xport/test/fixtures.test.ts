/** SAS-written pilot XPT files committed as fixtures (see fixtures/README.md); expected values from R haven 2.5.1. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readXpt, readXptWithInfo, writeXpt } from "../src/index.ts";

const fx = (f: string) => join(import.meta.dirname, "fixtures", f);
const dir = mkdtempSync(join(tmpdir(), "xport-fx-"));
const obsArea = (b: Buffer) => b.subarray(b.indexOf("HEADER RECORD*******OBS     HEADER RECORD") + 80);

describe("CDISC pilot XPT fixtures (SAS 9.3)", () => {
  it("dm.xpt: 306 x 25, values as haven reads them", async () => {
    const { ds, info } = await readXptWithInfo(fx("dm.xpt"));
    expect([ds.length, ds.meta.variables.length]).toEqual([306, 25]);
    expect(info.sasVersion).toBe("9.3");
    expect(info.os).toBe("X64_7HOM");
    expect(info.created).toBe("2012-04-04T22:16:21");
    expect(ds.getRow(0)).toMatchObject({
      USUBJID: "01-701-1015",
      AGE: 63,
      RFSTDTC: "2014-01-02",
      ARM: "Placebo",
      DMDY: -7,
    });
    expect(ds.getRow(1)).toMatchObject({ USUBJID: "01-701-1023", AGE: 64, RFSTDTC: "2012-08-05", DMDY: -14 });
    let sum = 0;
    for (let i = 0; i < ds.length; i++) sum += ds.num("AGE").get(i)!;
    expect(sum).toBe(22977);
    expect(ds.meta.variables.find((v) => v.name === "AGE")).toMatchObject({
      label: "Age",
      type: "Num",
      length: 8,
    });
  });

  it("ta.xpt: 8 x 10 with blank character values", async () => {
    const ds = await readXpt(fx("ta.xpt"));
    expect([ds.length, ds.meta.variables.length]).toEqual([8, 10]);
    expect(ds.getRow(0)).toMatchObject({
      ARMCD: "Pbo",
      TAETORD: 1,
      ETCD: "SCRN",
      TABRANCH: "Randomized to Placebo",
      TATRANS: "",
      EPOCH: "Screening",
    });
    expect(ds.getRow(1)).toMatchObject({ ETCD: "PBO", ELEMENT: "Placebo", TABRANCH: "", EPOCH: "Treatment" });
  });

  it("ts.xpt: Windows-1252 byte 0x92 decodes to a right single quote (rows 9, 14, 29)", async () => {
    const ds = await readXpt(fx("ts.xpt"));
    expect([ds.length, ds.meta.variables.length]).toEqual([33, 6]);
    const rows: number[] = [];
    for (let i = 0; i < ds.length; i++) if (ds.char("TSVAL").get(i).includes("’")) rows.push(i + 1);
    expect(rows).toEqual([9, 14, 29]);
    expect(rows.map((r) => ds.char("TSPARMCD").get(r - 1))).toEqual(["TDIGRP", "INDIC", "TITLE"]);
  });

  it.each(["dm.xpt", "ta.xpt", "ts.xpt"])(
    "%s written back: same observation bytes as SAS wrote, and reads back identically",
    async (f) => {
      const ds = await readXpt(fx(f));
      const p = join(dir, f);
      await writeXpt(ds, p, { timestamp: "2026-01-01T00:00:00Z", encoding: "windows-1252" });
      expect(obsArea(readFileSync(p)).equals(obsArea(readFileSync(fx(f))))).toBe(true);
      const back = await readXpt(p);
      expect(back.meta.variables).toEqual(ds.meta.variables);
      expect(back.toRows()).toEqual(ds.toRows());
    },
  );

  it.each(["dm.xpt", "ts.xpt"])(
    "%s reads the same in small chunks (seams between rows and records)",
    async (f) => {
      const whole = await readXpt(fx(f));
      for (const chunkBytes of [1, 1000, 4096])
        expect((await readXpt(fx(f), { chunkBytes })).toRows()).toEqual(whole.toRows());
    },
  );

  it.each(["dm.xpt", "ta.xpt", "ts.xpt"])(
    "%s written back with SAS's own stamps, version and OS is the same file, byte for byte",
    async (f) => {
      const { ds, info } = await readXptWithInfo(fx(f));
      const p = join(dir, `same-${f}`);
      await writeXpt(ds, p, {
        timestamp: `${info.created}Z`,
        sasVersion: info.sasVersion,
        os: info.os,
        encoding: "windows-1252",
      });
      expect(readFileSync(p).equals(readFileSync(fx(f)))).toBe(true);
    },
  );

  it("ts.xpt cannot be written as ASCII: the refusal names variable and row", async () => {
    const ds = await readXpt(fx("ts.xpt"));
    await expect(
      writeXpt(ds, join(dir, "ts-ascii.xpt"), { timestamp: "2026-01-01T00:00:00Z" }),
    ).rejects.toThrow(/TS\.TSVAL row 9: value has the non-ASCII character "’"/);
  });
});
