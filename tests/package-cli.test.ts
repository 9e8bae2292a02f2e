/**
 * `trialforge package` in a child process on a demo build: the aCRF with define.xml page references checked
 * page by page with pdftotext, both define.xml files valid against the Define-XML 2.1 schema with their
 * documents, the reviewer's guides, programs, checksums (sha256sum --check), byte-identical repackaging, the
 * agency split path forced by a small limit (FDA: split/ beside the unsplit file; PMDA: in place), and the
 * FDA Technical Rejection Criteria (refused with exit 1 naming each; --force lists them in the cSDRG).
 */
import { execFileSync, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readXpt } from "@trialforge/xport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "apps/cli/src/main.ts");
const studyDir = join(root, "specs/nct05563545");
const schemas = join(root, "reference/schemas");
const env = {
  ...process.env,
  SOURCE_DATE_EPOCH: "1767225600",
  CI: "1",
  TRIALFORGE_TOOL_HASH: "package-test",
};

const tool = (name: string) => {
  try {
    execFileSync(name, name === "xmllint" ? ["--version"] : ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const hasPoppler = tool("pdftotext") && tool("pdfinfo") && tool("pdftohtml");
const hasXmllint = tool("xmllint");
if (!hasPoppler) console.warn("poppler-utils not found: aCRF page and bookmark checks are skipped");
if (!hasXmllint) console.warn("xmllint not found: define.xml schema checks are skipped");

function cli(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(tsx, [main, ...args], { cwd: root, env, encoding: "utf8", timeout: 240_000 });
}

function xmllint(file: string, schema: string): string {
  try {
    execFileSync("xmllint", ["--nonet", "--noout", "--schema", schema, file], { stdio: "pipe" });
    return "";
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e)
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.includes("Skipping import"))
      .join("\n");
  }
}

const sha256sumCheck = (dir: string) =>
  spawnSync("sha256sum", ["--check", "--strict", "--quiet", "checksums.sha256"], {
    cwd: dir,
    encoding: "utf8",
  });

let work: string;
let out: string;
const m5 = (dir: string) => join(dir, "submission/m5/datasets/nct05563545");

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tf-package-"));
  out = join(work, "out");
  const b = cli(["build", "--study", studyDir, "--out", out]);
  expect(b.status, b.stderr).toBe(0);
}, 240_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("trialforge package (child process)", { timeout: 240_000 }, () => {
  let sums: string;

  it("lays out datasets, define.xml, aCRF, reviewer's guides and programs, with checksums that verify", () => {
    const r = cli(["package", "--study", studyDir, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/aCRF \d+ pages, \d+ Collected variables with page references/);
    const sub = m5(out);
    for (const f of [
      "tabulations/sdtm/dm.xpt",
      "tabulations/sdtm/define.xml",
      "tabulations/sdtm/acrf.pdf",
      "tabulations/sdtm/csdrg.pdf",
      "analysis/adam/datasets/adsl.xpt",
      "analysis/adam/datasets/adrg.pdf",
      "analysis/adam/programs/readme.txt",
      "analysis/adam/programs/tool-version.txt",
      "analysis/adam/programs/study.txt",
      "analysis/adam/programs/sdtm_ae.txt",
    ])
      expect(existsSync(join(sub, f)), f).toBe(true);
    // The programs are the specs the build used, byte for byte.
    expect(readFileSync(join(sub, "analysis/adam/programs/sdtm_ae.txt"), "utf8")).toBe(
      readFileSync(join(studyDir, "sdtm/ae.yaml"), "utf8"),
    );
    expect(readFileSync(join(sub, "analysis/adam/programs/readme.txt"), "utf8")).toMatch(
      /SOURCE_DATE_EPOCH=1767225600 pnpm trialforge build --study specs\/nct05563545/,
    );
    const check = sha256sumCheck(join(out, "submission"));
    expect(check.status, check.stdout + check.stderr).toBe(0);
    sums = readFileSync(join(out, "submission/checksums.sha256"), "utf8");
  });

  it.skipIf(!hasXmllint)(
    "both define.xml files reference their documents and validate against Define-XML 2.1",
    () => {
      const sdtm = join(m5(out), "tabulations/sdtm/define.xml");
      const adam = join(m5(out), "analysis/adam/datasets/define.xml");
      expect(xmllint(sdtm, join(schemas, "cdisc-define-2.1/define2-1-0.xsd"))).toBe("");
      expect(xmllint(adam, join(schemas, "cdisc-arm-1.0/arm1-0-0.xsd"))).toBe("");
      const s = readFileSync(sdtm, "utf8");
      expect(s).toContain('<def:leaf ID="LF.acrf" xlink:href="acrf.pdf">');
      expect(s).toContain('xlink:href="csdrg.pdf"');
      expect(readFileSync(adam, "utf8")).toContain('xlink:href="adrg.pdf"');
      // define.html beside it shows the same documents and links Collected origins to their aCRF pages.
      const html = readFileSync(join(m5(out), "tabulations/sdtm/define.html"), "utf8");
      expect(html).toContain('<li id="LF.acrf">Annotated CRF: <a href="acrf.pdf">');
      expect(html).toMatch(/<tr id="IT\.AE\.AETERM">.*aCRF p\. <a href="acrf\.pdf#page=\d+">/);
    },
  );

  it.skipIf(!hasPoppler)(
    "every define.xml aCRF page reference shows its variable on that page (pdftotext)",
    () => {
      const define = readFileSync(join(m5(out), "tabulations/sdtm/define.xml"), "utf8");
      const acrf = join(m5(out), "tabulations/sdtm/acrf.pdf");
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [acrf], { encoding: "utf8" }))![1]);
      const text = new Map<number, string>();
      const page = (n: number) => {
        if (!text.has(n))
          text.set(
            n,
            execFileSync("pdftotext", ["-f", String(n), "-l", String(n), acrf, "-"], { encoding: "utf8" }),
          );
        return text.get(n)!;
      };
      let checked = 0;
      for (const m of define.matchAll(/<ItemDef OID="([^"]+)"[\s\S]*?<\/ItemDef>/g)) {
        const ref = /<def:PDFPageRef PageRefs="([^"]+)" Type="PhysicalRef"\/>/.exec(m[0]);
        if (!ref) continue;
        const oid = m[1]!.split(".");
        // SUPP--: the QNAM is annotated as `QNAM in SUPPxx`; the QVAL parent shows `in SUPPxx`.
        const shown = oid[1]!.startsWith("SUPP") ? (oid[3] ?? `in ${oid[1]}`) : oid[2]!;
        for (const p of ref[1]!.split(" ").map(Number)) {
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThanOrEqual(pages);
          expect(page(p), `${m[1]} on page ${p}`).toContain(shown);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(150);
    },
  );

  it.skipIf(!hasPoppler)("every PDF opens, has its stamp as dates, and has bookmarks", () => {
    for (const f of [
      "tabulations/sdtm/acrf.pdf",
      "tabulations/sdtm/csdrg.pdf",
      "analysis/adam/datasets/adrg.pdf",
    ]) {
      const file = join(m5(out), f);
      const info = execFileSync("pdfinfo", ["-isodates", file], { encoding: "utf8" });
      expect(info, f).toMatch(/CreationDate:\s+2026-01-01T00:00:00Z/);
      const xml = execFileSync("pdftohtml", ["-xml", "-i", "-stdout", file], { encoding: "utf8" });
      expect(xml, f).toContain("<outline>");
    }
    const acrf = execFileSync(
      "pdftohtml",
      ["-xml", "-i", "-stdout", join(m5(out), "tabulations/sdtm/acrf.pdf")],
      {
        encoding: "utf8",
      },
    );
    expect(acrf).toMatch(/<item page="1">Forms<\/item>\s*<outline>\s*<item page="\d+">/);
    expect(acrf).toMatch(/<item page="1">SCREENING<\/item>\s*<outline>\s*<item page="\d+">/);
    const csdrg = execFileSync("pdftotext", [join(m5(out), "tabulations/sdtm/csdrg.pdf"), "-"], {
      encoding: "utf8",
    });
    expect(csdrg).toContain("TO BE COMPLETED BY THE STUDY TEAM");
    expect(csdrg).toMatch(/SSTDTC/);
  });

  it("packaging the same build again gives byte-identical files", () => {
    const r = cli(["package", "--study", studyDir, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, "submission/checksums.sha256"), "utf8")).toBe(sums);
  });

  it("wrong usage exits 2", () => {
    expect(cli(["package", "--study", studyDir, "--out", out, "--agency", "ema"]).status).toBe(2);
  });

  it("FDA rules with a small limit split LB and ADLB by subject into split/, keeping the unsplit files", async () => {
    const r = cli(["package", "--study", studyDir, "--out", out, "--max-dataset-size", "2000000"]);
    expect(r.status, r.stderr).toBe(0);
    const dir = join(m5(out), "tabulations/sdtm");
    const parts = readdirSync(join(dir, "split")).sort();
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.every((p) => /^lb\d\.xpt$/.test(p))).toBe(true);
    const whole = await readXpt(join(dir, "lb.xpt"));
    let rows = 0;
    const seen = new Set<string>();
    for (const p of parts) {
      const ds = await readXpt(join(dir, "split", p));
      expect(readFileSync(join(dir, "split", p)).length).toBeLessThanOrEqual(2_000_000);
      rows += ds.length;
      const subjects = new Set(ds.toRows().map((x) => String(x.USUBJID)));
      for (const s of subjects) expect(seen.has(s), `${s} in two parts`).toBe(false);
      for (const s of subjects) seen.add(s);
    }
    expect(rows).toBe(whole.length);
    expect(existsSync(join(m5(out), "analysis/adam/datasets/split/adlb1.xpt"))).toBe(true);
    expect(sha256sumCheck(join(out, "submission")).status).toBe(0);
  });

  it("a study failing the Technical Rejection Criteria is refused, naming each; --force (PMDA) lists them in the cSDRG", () => {
    const bad = join(work, "bad");
    cpSync(out, bad, { recursive: true });
    rmSync(join(bad, "submission"), { recursive: true });
    rmSync(join(bad, "sdtm/ts.xpt"));
    rmSync(join(bad, "adam/adsl.xpt"));
    const r = cli(["package", "--study", studyDir, "--out", bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/1734: .*ts\.xpt is missing/);
    expect(r.stderr).toMatch(/1736: .*adsl\.xpt/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(bad, "submission"))).toBe(false);
    // Forced, under PMDA rules with a small limit: the parts replace the unsplit dataset in place.
    const f = cli([
      "package",
      "--study",
      studyDir,
      "--out",
      bad,
      "--force",
      "--agency",
      "pmda",
      "--max-dataset-size",
      "2000000",
    ]);
    expect(f.status, f.stderr).toBe(0);
    expect(f.stderr).toMatch(/--force despite 1734, 1736/);
    expect(f.stderr).toMatch(/for PMDA/);
    const dir = join(m5(bad), "tabulations/sdtm");
    expect(existsSync(join(dir, "split"))).toBe(false);
    expect(existsSync(join(dir, "lb.xpt"))).toBe(false);
    expect(existsSync(join(dir, "lb1.xpt"))).toBe(true);
    if (hasPoppler) {
      const csdrg = execFileSync("pdftotext", ["-layout", join(m5(bad), "tabulations/sdtm/csdrg.pdf"), "-"], {
        encoding: "utf8",
      });
      expect(csdrg).toMatch(/1734\s.*FAIL/);
      expect(csdrg).toMatch(/Packaged with --force/);
    }
  });
});
