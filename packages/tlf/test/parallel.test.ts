/**
 * writeOutputsParallel: files rendered on worker threads are byte-identical to the in-process ones (and to
 * writeOutputFiles), a big output split into per-format jobs lists its files in format order, and a
 * render failure in a worker names the output.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTlfShells } from "@trialforge/spec";
import { afterAll, describe, expect, it } from "vitest";
import { buildOutput, type Output, writeOutputFiles, writeOutputsParallel } from "../src/index.ts";
import { makeAdamFixture } from "./adam-fixture.ts";
import { sampleListing, stamp } from "./samples.ts";

const specDir = new URL("../../../specs/nct05563545", import.meta.url).pathname;
const adam = makeAdamFixture();
const shells = loadTlfShells(specDir).filter((s) => ["t-dm", "f-km", "l-ada"].includes(s.id));
// 3,000 rows x the sample's columns: above the per-format split threshold.
const outputs: Output[] = [
  ...shells.map((s) => buildOutput(s, adam)),
  { ...sampleListing(3000), id: "l-big" },
];
const root = mkdtempSync(join(tmpdir(), "tlf-parallel-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f)).toString("base64")]),
  );

describe("writeOutputsParallel", () => {
  it("worker threads write the same bytes as writeOutputFiles, paths in format order", async () => {
    const serial = join(root, "serial");
    for (const o of outputs) await writeOutputFiles(o, stamp, serial);
    const par = join(root, "par");
    const seen: number[] = [];
    const given = [...outputs];
    const res = await writeOutputsParallel(given, stamp, par, {
      threads: 2,
      release: true,
      progress: (d) => seen.push(d),
    });
    expect(given.every((o) => o === undefined)).toBe(true);
    expect(res.map((r) => r.id)).toEqual([...shells.map((sh) => sh.id), "l-big"]);
    for (const r of res)
      expect(r.files).toEqual(["pdf", "rtf", "xlsx", "json"].map((f) => join(par, `${r.id}.${f}`)));
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    const a = files(serial);
    expect(Object.keys(a)).toHaveLength(16);
    expect(files(par)).toEqual(a);
  }, 120_000);

  it("heavy jobs (one or two at once, here and on a worker) write the same bytes", async () => {
    // l-big's PDF and XLSX count as heavy at this threshold; the other outputs stay light.
    for (const heavyAtOnce of [1, 2]) {
      const dir = join(root, `heavy-${heavyAtOnce}`);
      const res = await writeOutputsParallel([...outputs], stamp, dir, {
        threads: 2,
        heavyCells: 10_000,
        heavyAtOnce,
      });
      for (const r of res)
        expect(r.files).toEqual(["pdf", "rtf", "xlsx", "json"].map((f) => join(dir, `${r.id}.${f}`)));
      expect(files(dir)).toEqual(files(join(root, "serial")));
    }
  }, 180_000);

  it("in-process (threads 0) writes the same bytes too, releasing the outputs when asked", async () => {
    const dir = join(root, "inproc");
    const given = outputs.slice(0, 2);
    const res = await writeOutputsParallel(given, stamp, dir, {
      threads: 0,
      formats: ["rtf", "json"],
      release: true,
    });
    expect(given).toEqual([undefined, undefined]);
    const ids = res.map((r) => r.id);
    expect(readdirSync(dir).sort()).toEqual(ids.flatMap((id) => [`${id}.json`, `${id}.rtf`]).sort());
    for (const id of ids)
      expect(readFileSync(join(dir, `${id}.rtf`))).toEqual(readFileSync(join(root, "serial", `${id}.rtf`)));
  });

  it("a failure on a worker names the output", async () => {
    const bad = [
      { ...outputs[0]!, id: "t-bad" },
      { ...outputs[0]!, id: "t-bad2" },
    ];
    await expect(
      writeOutputsParallel(bad, { ...stamp, runStamp: "not a date" }, join(root, "bad"), {
        threads: 2,
        formats: ["pdf"],
      }),
    ).rejects.toThrow(/t-bad/);
  }, 60_000);
});
