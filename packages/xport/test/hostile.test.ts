/**
 * Hostile XPT files, made on the fly: a reader never accepts part of a file as the whole, and declared
 * sizes are checked before anything is allocated (issue 14).
 */
import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatasetMeta, datasetFromRows, UserError } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { openXpt, readXpt, readXptBuffer, writeXpt } from "../src/index.ts";

const fx = (f: string) => join(import.meta.dirname, "fixtures", f);
const dir = mkdtempSync(join(tmpdir(), "xport-hostile-"));
const DM = readFileSync(fx("dm.xpt"));
/** dm.xpt: 25 NAMESTRs, OBS header ends at byte 4240, rows of 348 bytes, 306 rows. */
const DATA_START = 4240;

const write = (name: string, bytes: Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const failure = async (p: string): Promise<string> => {
  try {
    await readXpt(p);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  return "accepted";
};

describe("a truncated XPT file is an error naming the byte offset", () => {
  it("head -c 55437 dm.xpt (cut inside an 80-byte record)", async () => {
    const p = write("cut55437.xpt", DM.subarray(0, 55437));
    expect(await failure(p)).toBe(
      `${p}: truncated: the data ends at byte 55437, 77 bytes into an 80-byte record (a complete XPT v5 file is whole 80-byte records)`,
    );
  });

  it("a cut at a record boundary inside a row (dm rows are 348 bytes)", async () => {
    const p = write("cut55440.xpt", DM.subarray(0, 55440));
    expect(await failure(p)).toBe(
      `${p}: truncated: the data ends at byte 55440, inside row 148 (rows are 348 bytes from byte 4240; only 44 of its bytes are there)`,
    );
  });

  it("every cut of dm.xpt is refused except where rows and records end together", async () => {
    // rows of 348 bytes and records of 80 end together every lcm(348, 80) = 6960 bytes (20 rows):
    // there, and only there, a v5 file cannot tell a cut from the end
    const accepted: number[] = [];
    for (let cut = DATA_START; cut < DM.length; cut += 40) {
      try {
        readXptBuffer(DM.subarray(0, cut), "dm.xpt");
        accepted.push(cut);
      } catch (e) {
        expect((e as Error).message).toContain(`dm.xpt: truncated: the data ends at byte ${cut}`);
      }
    }
    const expected: number[] = [];
    for (let cut = DATA_START; cut < DM.length; cut += 6960) expected.push(cut);
    expect(accepted).toEqual(expected);
  });

  it("a cut inside the variable descriptions", async () => {
    const p = write("cut2000.xpt", DM.subarray(0, 2000));
    expect(await failure(p)).toBe(
      `${p}: truncated: the file ends at byte 2000, inside the descriptions of its 25 variables (they and the OBS header need 4240 bytes)`,
    );
  });

  it("the same errors when read block by block", async () => {
    const f = await openXpt(write("cutb.xpt", DM.subarray(0, 55440)));
    const read = async () => {
      for await (const _ of f.blocks({ rows: 20 })) void _;
    };
    await expect(read()).rejects.toThrow(/inside row 148/);
    await f.close();
  });

  it("short rows: a cut leaving non-blank bytes of a row in the last record", async () => {
    const meta: DatasetMeta = {
      name: "X",
      label: "",
      standard: "SDTM",
      class: "FINDINGS",
      structure: "",
      keys: [],
      variables: [{ name: "A", label: "", type: "Char", length: 30 }],
    };
    const p = join(dir, "short.xpt");
    await writeXpt(
      datasetFromRows(
        meta,
        Array.from({ length: 9 }, (_, i) => ({ A: `value ${i}` })),
      ),
      p,
      { timestamp: "2026-01-01T00:00:00Z" },
    );
    const b = readFileSync(p);
    // 9 rows of 30 bytes = 270 bytes of data, padded to 320: cut after 160 bytes, 10 bytes into row 6
    const start = b.length - 320;
    const cut = write("short-cut.xpt", b.subarray(0, start + 160));
    expect(await failure(cut)).toBe(
      `${cut}: truncated: the data ends at byte ${start + 160}, inside row 6 (rows are 30 bytes from byte ${start}; only 10 of its bytes are there)`,
    );
  });
});

describe("declared sizes are checked before allocation", () => {
  it("a 10 GB sparse XPT (dm.xpt's header, then zeros) fails at once in bounded memory", async () => {
    const p = join(dir, "sparse.xpt");
    const fd = openSync(p, "w");
    writeSync(fd, DM, 0, DATA_START, 0);
    ftruncateSync(fd, 10 * 2 ** 30);
    closeSync(fd);
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    expect(await failure(p)).toBe(
      `${p}: row 1 (byte 4240) is all zero bytes: not data a SAS XPORT writer produces (character values are blank padded); the file is sparse or damaged`,
    );
    const f = await openXpt(p);
    await expect(
      (async () => {
        for await (const _ of f.blocks()) void _;
      })(),
    ).rejects.toThrow(/row 1 \(byte 4240\) is all zero bytes/);
    await f.close();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 2 ** 20);
  });

  it("a huge file of numeric variables only is refused by the in-memory limit, not read", async () => {
    const meta: DatasetMeta = {
      name: "N",
      label: "",
      standard: "SDTM",
      class: "FINDINGS",
      structure: "",
      keys: [],
      variables: [{ name: "X", label: "", type: "Num", length: 8 }],
    };
    const small = join(dir, "num.xpt");
    await writeXpt(datasetFromRows(meta, [{ X: 1 }]), small, { timestamp: "2026-01-01T00:00:00Z" });
    const head = readFileSync(small).subarray(0, -80);
    const p = join(dir, "num-sparse.xpt");
    const fd = openSync(p, "w");
    writeSync(fd, head, 0, head.length, 0);
    ftruncateSync(fd, head.length + 10 * 2 ** 30);
    closeSync(fd);
    expect(await failure(p)).toBe(
      `${p}: 1342177280 rows x 1 variables need 10.0 GiB in memory, over the 4.0 GiB limit for reading a whole dataset (trialforge convert streams a file of any size)`,
    );
  });

  it("a NAMESTR with an impossible length", async () => {
    const b = Buffer.from(DM);
    b.writeInt16BE(5000, 640 + 4); // first variable's length
    const p = write("badlen.xpt", b);
    expect(await failure(p)).toBe(
      `${p}: variable 1 (STUDYID, NAMESTR at byte 640): length 5000; XPT v5 characters take 1-200 bytes`,
    );
  });
});
