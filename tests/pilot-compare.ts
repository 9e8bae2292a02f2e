/**
 * Shared by the pilot-*.test.ts files: our ADaM built from the CDISC pilot's SDTM, the pilot's own ADaM, and a
 * variable-by-variable comparison that lists every difference.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildAdam } from "@trialforge/adam";
import { type CellValue, type Dataset, Diagnostics } from "@trialforge/core";
import { loadAdamSpec, loadStudy } from "@trialforge/spec";
import { readXpt } from "@trialforge/xport";

export const root = resolve(import.meta.dirname, "..");
/**
 * The CDISC pilot: the shared reference set when present, else the vendored copy in tests/fixtures
 * (unpacked once per content hash into the temp folder; the rename makes concurrent test files safe).
 */
export const pilot = existsSync(resolve(root, "../shared/reference/cdiscpilot01"))
  ? resolve(root, "../shared/reference/cdiscpilot01")
  : unpackVendoredPilot();

function unpackVendoredPilot(): string {
  const tgz = join(root, "tests/fixtures/cdiscpilot01.tgz");
  if (!existsSync(tgz)) return resolve(root, "../shared/reference/cdiscpilot01");
  const hash = createHash("sha256").update(readFileSync(tgz)).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), `trialforge-cdiscpilot01-${hash}`);
  if (existsSync(join(dir, "sdtm"))) return dir;
  const tmp = mkdtempSync(join(tmpdir(), "trialforge-cdiscpilot01-unpack-"));
  execFileSync("tar", ["xzf", tgz, "-C", tmp]);
  try {
    renameSync(tmp, dir);
  } catch {
    // Another test file unpacked it first.
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}
export const studyDir = join(root, "specs/cdiscpilot01");

export async function readXptDir(dir: string): Promise<Map<string, Dataset>> {
  const out = new Map<string, Dataset>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith(".xpt"))
    .sort())
    out.set(f.slice(0, -4).toUpperCase(), await readXpt(join(dir, f)));
  return out;
}

/** Our ADSL/ADAE/ADTTE from the pilot SDTM, and the pilot's own ADaM. */
export async function pilotAdam(): Promise<{ ours: Map<string, Dataset>; theirs: Map<string, Dataset> }> {
  const sdtm = await readXptDir(join(pilot, "sdtm"));
  const ours = buildAdam({
    study: loadStudy(studyDir),
    spec: loadAdamSpec(studyDir),
    sdtm,
    diagnostics: new Diagnostics(),
  });
  const theirs = await readXptDir(join(pilot, "adam"));
  return { ours, theirs };
}

export interface Difference {
  key: string;
  variable: string;
  ours: CellValue | "(no record)";
  theirs: CellValue | "(no record)";
}

const norm = (v: CellValue): CellValue => (typeof v === "string" ? v.trimEnd() : v);

/** Every difference in `vars` between two datasets matched by `keys` (records missing on one side too). */
export function compareDatasets(
  ours: Dataset,
  theirs: Dataset,
  keys: readonly string[],
  vars: readonly string[],
): Difference[] {
  const index = (ds: Dataset) => {
    const m = new Map<string, number>();
    for (let i = 0; i < ds.length; i++) m.set(keys.map((k) => String(norm(ds.get(k, i)))).join("/"), i);
    return m;
  };
  const a = index(ours);
  const b = index(theirs);
  const out: Difference[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const i = a.get(key);
    const j = b.get(key);
    for (const v of vars) {
      const x = i === undefined ? "(no record)" : ours.has(v) ? norm(ours.get(v, i)) : null;
      const y = j === undefined ? "(no record)" : theirs.has(v) ? norm(theirs.get(v, j)) : null;
      const same = x === y || ((x === null || x === "") && (y === null || y === ""));
      if (!same) out.push({ key, variable: v, ours: x, theirs: y });
    }
  }
  return out;
}

export const ADSL_VARS = [
  "TRT01P",
  "TRT01PN",
  "TRT01A",
  "TRT01AN",
  "TRTSDT",
  "TRTEDT",
  "TRTDUR",
  "AGE",
  "AGEGR1",
  "AGEGR1N",
  "SAFFL",
  "ITTFL",
  "COMP8FL",
  "COMP16FL",
  "COMP24FL",
  "RFENDT",
] as const;
export const ADAE_VARS = [
  "TRTA",
  "TRTAN",
  "TRTSDT",
  "TRTEDT",
  "ASTDT",
  "ASTDTF",
  "ASTDY",
  "AENDT",
  "AENDY",
  "ADURN",
  "TRTEMFL",
  "AOCCFL",
  "AOCCSFL",
  "AOCCPFL",
  "AOCC02FL",
  "AOCC03FL",
  "AOCC04FL",
  "CQ01NAM",
  "AOCC01FL",
] as const;
export const ADTTE_VARS = [
  "PARAMCD",
  "STARTDT",
  "ADT",
  "AVAL",
  "CNSR",
  "EVNTDESC",
  "SRCDOM",
  "SRCVAR",
  "SRCSEQ",
] as const;
