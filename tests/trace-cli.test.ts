/**
 * Traceability down to the raw row (issue 19): a demo build writes trace/sdtm-origin.csv.gz, and for every AE,
 * LB and DM record the raw row it names holds the collected value the SDTM record carries (checked against
 * the raw CSV read here with a plain parser, not through trialforge's ingest); `trialforge trace` walks an
 * ADAE record to its AE record and raw row.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { readXpt } from "@trialforge/xport";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsvRecords } from "./csv-records.ts";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "apps/cli/src/main.ts");
const cli = (args: string[]) =>
  spawnSync(tsx, [main, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, SOURCE_DATE_EPOCH: "1780000000" },
  });

let out: string;
let origins: string[][];
const raw = new Map<string, { header: string[]; rows: string[][] }>();
const rawFile = (file: string) => {
  let t = raw.get(file);
  if (!t) {
    const [header, ...rows] = parseCsvRecords(readFileSync(join(out, "raw", file), "utf8"));
    t = { header: header!, rows };
    raw.set(file, t);
  }
  return t;
};

beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), "trace-cli-")), "demo");
  const r = cli(["build", "--study", "specs/nct05563545", "--out", out]);
  expect(r.status, r.stderr).toBe(0);
  origins = parseCsvRecords(gunzipSync(readFileSync(join(out, "trace/sdtm-origin.csv.gz"))).toString("utf8"));
}, 300_000);

/** Every record of `name` has an origin; those read from `file` carry the value of its `rawColumn`. */
async function checkDomain(name: string, file: string, rawColumn: string, sdtmVar: string): Promise<number> {
  const ds = await readXpt(join(out, "sdtm", `${name.toLowerCase()}.xpt`));
  const mine = origins.filter((o) => o[0] === name);
  const byKey = new Map(mine.map((o) => [`${o[1]}|${o[3]}`, o]));
  const seq = ds.has(`${name}SEQ`) ? `${name}SEQ` : undefined;
  let checked = 0;
  for (let i = 0; i < ds.length; i++) {
    const usubjid = String(ds.get("USUBJID", i));
    const o = byKey.get(`${usubjid}|${seq ? String(ds.get(seq, i)) : ""}`);
    expect(o, `${name} ${usubjid} ${seq}=${seq && ds.get(seq, i)} has a raw origin`).toBeDefined();
    if (o![4] !== file) continue;
    const t = rawFile(o![4]!);
    const rec = t.rows[Number(o![5]) - 1]!;
    const subjid = rec[t.header.indexOf("SUBJID")]!;
    expect(usubjid.endsWith(`-${subjid}`), `${usubjid} from raw SUBJID ${subjid}`).toBe(true);
    const collected = rec[t.header.indexOf(rawColumn)]!.trim();
    expect(collected, `${name} ${usubjid} row ${o![5]}`).toBe(String(ds.get(sdtmVar, i) ?? ""));
    checked++;
  }
  expect(mine.length).toBe(ds.length);
  return checked;
}

describe("trace/sdtm-origin.csv.gz", () => {
  it("has the documented header", () => {
    expect(origins[0]).toEqual(["DATASET", "USUBJID", "IDVAR", "IDVARVAL", "FILE", "ROW"]);
  });

  it("every AE record points at the raw row holding its verbatim term", async () => {
    expect(await checkDomain("AE", "edc/ae.csv", "AETERM", "AETERM")).toBeGreaterThan(50);
  });

  it("every LB record points at the raw row holding its original result", async () => {
    expect(await checkDomain("LB", "vendor/central_lab.csv", "LBORRES", "LBORRES")).toBeGreaterThan(10000);
  });

  it("every DM record points at the raw row of its subject", async () => {
    expect(await checkDomain("DM", "edc/dm.csv", "SITEID", "SITEID")).toBe(23);
  });
});

describe("trialforge trace", () => {
  it("walks an ADAE record to its AE record and the raw row, printing the collected values", async () => {
    const adae = await readXpt(join(out, "adam", "adae.xpt"));
    const usubjid = String(adae.get("USUBJID", 0));
    const aeseq = String(adae.get("AESEQ", 0));
    const term = String(adae.get("AETERM", 0));
    const r = cli([
      "trace",
      "--out",
      out,
      "--dataset",
      "ADAE",
      "--key",
      `USUBJID=${usubjid}`,
      `AESEQ=${aeseq}`,
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^ADaM ADAE record \\d+: USUBJID=${usubjid} `));
    expect(lines[1]).toBe(`  source: SRCDOM=AE SRCVAR=AETERM SRCSEQ=${aeseq}`);
    expect(lines[2]).toMatch(new RegExp(`^  SDTM AE record \\d+: USUBJID=${usubjid} AESEQ=${aeseq} AETERM=`));
    expect(lines[3]).toMatch(/^ {4}raw edc\/ae\.csv row \d+: SUBJID=/);
    expect(lines[3]).toContain(`AETERM=${term}`);
  }, 60_000);

  it("a key that matches nothing is a user error (exit 1), naming the dataset and key", () => {
    const r = cli(["trace", "--out", out, "--dataset", "AE", "--key", "USUBJID=NOBODY"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("trialforge: AE: no record with USUBJID=NOBODY");
  }, 60_000);
});
