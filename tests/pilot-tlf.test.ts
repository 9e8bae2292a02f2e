/**
 * CDISC pilot TLFs from our ADaM: the TEAE by SOC/PT table's subject counts per treatment group equal a count
 * made with plain loops from the pilot's own ADAE, and agree with the published Table 14-5.01; the
 * demographics table agrees with the published Table 14-2.01 (age statistics, age groups, sex). Reads the pilot from ../shared
 * or from the vendored copy in tests/fixtures (a fresh clone).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadTlfShells } from "@trialforge/spec";
import { buildOutput, outputArd } from "@trialforge/tlf";
import { describe, expect, it } from "vitest";
import { pilot, pilotAdam, studyDir } from "./pilot-compare.ts";

const hasPilot = existsSync(pilot);
if (!hasPilot) console.warn(`no ${pilot}: CDISC pilot TLF comparison skipped`);

const ARMS = ["Placebo", "Xanomeline Low Dose", "Xanomeline High Dose"];

/** Published table cells as text rows (tab-separated, "[extracted]" from the Atorus RTF replication). */
function publishedRows(file: string): string[][] {
  return readFileSync(join(pilot, "tlf/extracted", file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.split("\t"));
}
/** "65 (75.6%)" → 65, "0" → 0. */
const count = (cell: string | undefined) => Number(/^\s*(\d+)/.exec(cell ?? "")?.[1] ?? Number.NaN);

describe.skipIf(!hasPilot)("CDISC pilot TLFs from our ADaM", () => {
  let built: Awaited<ReturnType<typeof pilotAdam>>;
  const shell = (id: string) => loadTlfShells(studyDir).find((s) => s.id === id)!;

  it("t-ae-socpt: every subject count equals a plain count from the pilot's ADAE and Table 14-5.01", async () => {
    built ??= await pilotAdam();
    const ard = outputArd(buildOutput(shell("t-ae-socpt"), built.ours));
    const ours = new Map<string, number>();
    for (const r of ard) if (r.statName === "n") ours.set(`${r.rowKey}@${r.colKey}`, r.stat as number);

    // Plain count from the pilot's ADAE: distinct subjects with TRTEMFL=Y and SAFFL=Y by TRTA, SOC, PT.
    const adae = built.theirs.get("ADAE")!;
    const subjects = new Map<string, Set<string>>();
    const add = (k: string, u: string) => {
      const s = subjects.get(k) ?? new Set<string>();
      s.add(u);
      subjects.set(k, s);
    };
    for (let i = 0; i < adae.length; i++) {
      if (adae.get("TRTEMFL", i) !== "Y" || adae.get("SAFFL", i) !== "Y") continue;
      const u = String(adae.get("USUBJID", i));
      const soc = String(adae.get("AEBODSYS", i));
      const pt = String(adae.get("AEDECOD", i));
      for (const col of [`trt=${adae.get("TRTA", i)}`, "total"]) {
        add(`item0:any@${col}`, u);
        add(`item0:AEBODSYS=${soc}@${col}`, u);
        add(`item0:AEBODSYS=${soc}|AEDECOD=${pt}@${col}`, u);
      }
    }
    const theirs = new Map([...subjects].map(([k, s]) => [k, s.size]));
    // Our table shows zero cells the pilot count has no key for; every non-zero cell must match both ways.
    const nonZero = new Map([...ours].filter(([, n]) => n > 0));
    expect(nonZero).toEqual(theirs);
    expect(theirs.get("item0:any@trt=Placebo")).toBe(65);
    expect(theirs.size).toBeGreaterThan(600);

    // Published Table 14-5.01: SOC rows followed by their PT rows; subject counts per arm.
    const socs = new Set(
      [...theirs.keys()].filter((k) => !k.includes("|")).map((k) => k.split("@")[0]!.slice(15)),
    );
    let soc = "";
    let compared = 0;
    const mismatches: string[] = [];
    for (const row of publishedRows("14-5.01.tsv").slice(2)) {
      const label = row[0]!.trim();
      if (label === "ANY BODY SYSTEM") soc = "";
      else if (socs.has(label)) soc = label;
      const key =
        label === "ANY BODY SYSTEM"
          ? "item0:any"
          : soc === label
            ? `item0:AEBODSYS=${soc}`
            : `item0:AEBODSYS=${soc}|AEDECOD=${label}`;
      ARMS.forEach((arm, a) => {
        const want = count(row[1 + 2 * a]);
        const got = ours.get(`${key}@trt=${arm}`) ?? 0;
        compared++;
        if (want !== got) mismatches.push(`${label} / ${arm}: published ${want}, ours ${got}`);
      });
    }
    console.log(`Table 14-5.01: ${compared - mismatches.length} of ${compared} subject counts agree`);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(700);
  }, 60_000);

  it("t-dm: age statistics, age groups and sex agree with the published Table 14-2.01", async () => {
    built ??= await pilotAdam();
    const ard = outputArd(buildOutput(shell("t-dm"), built.ours));
    const stat = (rowKey: string, col: string, name: string) =>
      ard.find((r) => r.rowKey === rowKey && r.colKey === col && r.statName === name)?.stat as number;
    const rows = publishedRows("14-2.01.tsv");
    const pub = (label: string, sub: string) =>
      rows.find(
        (r, i) =>
          r[1] === sub &&
          rows
            .slice(0, i + 1)
            .reverse()
            .find((x) => x[0] !== "")?.[0] === label,
      )!;
    const cols = [...ARMS.map((a) => `trt=${a}`), "total"];
    cols.forEach((col, c) => {
      const cell = (label: string, sub: string) => Number(pub(label, sub)[2 + c]);
      expect(stat("item0:AGE:n", col, "n")).toBe(cell("Age (y)", "n"));
      expect(stat("item0:AGE:mean_sd", col, "mean").toFixed(1)).toBe(cell("Age (y)", "Mean").toFixed(1));
      expect(stat("item0:AGE:mean_sd", col, "sd").toFixed(2)).toBe(cell("Age (y)", "SD").toFixed(2));
      expect(stat("item0:AGE:median", col, "median")).toBe(cell("Age (y)", "Median"));
      expect(stat("item0:AGE:min_max", col, "min")).toBe(cell("Age (y)", "Min"));
      expect(stat("item0:AGE:min_max", col, "max")).toBe(cell("Age (y)", "Max"));
      for (const g of ["<65", "65-80", ">80"])
        expect(stat(`item1:AGEGR1=${g} yrs`, col, "n")).toBe(count(pub("Age (y)", `${g} yrs`)[2 + c]));
      for (const s of ["Male", "Female"])
        expect(stat(`item2:SEX=${s}`, col, "n")).toBe(count(pub("Sex", s)[2 + c]));
    });
  }, 60_000);
});
