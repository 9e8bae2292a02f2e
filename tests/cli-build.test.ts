/**
 * The nightly build as a data manager runs it: the CLI in a child process. Cold build, no-change rebuild
 * (nothing re-run), one TLF shell changed, one raw file changed, a build killed mid-way, and a build
 * stopped by a broken raw file (exit 1, one clear message, previous output intact).
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "apps/cli/src/main.ts");
const env = {
  ...process.env,
  SOURCE_DATE_EPOCH: "1767225600",
  CI: "1",
  TRIALFORGE_TOOL_HASH: "cli-build-test",
};

function cli(args: string[], cwd = root): SpawnSyncReturns<string> {
  return spawnSync(tsx, [main, ...args], { cwd, env, encoding: "utf8", timeout: 240_000 });
}

function manifest(dir: string) {
  return JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
}

/** sha of every file in a build, to prove "untouched". */
function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = statSync(p).mtimeMs;
    }
  };
  walk(dir);
  return out;
}

/** Hard-links every file under `src` into `dst`; returns the sha256 of each (relative path → hash). */
function linkTree(src: string, dst: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    mkdirSync(join(dst, rel), { recursive: true });
    for (const f of readdirSync(join(src, rel), { withFileTypes: true })) {
      const r = join(rel, f.name);
      if (f.isDirectory()) walk(r);
      else {
        linkSync(join(src, r), join(dst, r));
        out[r] = sha(join(dst, r));
      }
    }
  };
  walk("");
  return out;
}

function hashes(dir: string, rels: string[]): Record<string, string> {
  return Object.fromEntries(rels.map((r) => [r, sha(join(dir, r))]));
}

const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

let work: string;
let study: string;
let raw: string;
let out: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tf-cli-"));
  study = join(work, "study");
  cpSync(join(root, "specs/nct05563545"), study, { recursive: true });
  raw = join(work, "raw");
  out = join(work, "out");
  const s = cli(["synth", "--study", study, "--out", raw, "--seed", "3"]);
  expect(s.status, s.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("trialforge build (child process)", { timeout: 300_000 }, () => {
  it("cold build writes every output folder and a reconciled manifest", () => {
    const r = cli(["build", "--study", study, "--raw", raw, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    for (const p of [
      "manifest.json",
      "report/index.html",
      "sdtm/dm.xpt",
      "adam/adsl.xpt",
      "dataset-json/sdtm/DM.json",
    ]) {
      expect(existsSync(join(out, p)), p).toBe(true);
    }
    const m = manifest(out);
    for (const s of m.reconciliation.sources) expect(s.read).toBe(s.accepted + s.rejected);
    expect(Object.keys(m.outputs).length).toBeGreaterThan(0);
    expect(readdirSync(join(out, "tlf")).some((f) => f.endsWith(".pdf"))).toBe(true);
    // Each Dataset-JSON names the define.xml that describes it: its Study and MetaDataVersion OIDs.
    for (const [part, file] of [
      ["sdtm", "DM.json"],
      ["adam", "ADSL.json"],
    ]) {
      const head = JSON.parse(readFileSync(join(out, "dataset-json", part!, file!), "utf8"));
      const define = readFileSync(join(out, part!, "define.xml"), "utf8");
      expect(define).toContain(`<Study OID="${head.studyOID}"`);
      expect(define).toContain(`<MetaDataVersion OID="${head.metaDataVersionOID}"`);
      expect(existsSync(join(out, "dataset-json", part!, head.metaDataRef))).toBe(true);
    }
    // Nothing of the work folder is left beside the output.
    expect(readdirSync(work).filter((f) => f.startsWith(".out."))).toEqual([]);
  });

  it.skipIf(!existsSync("/usr/bin/chromium"))(
    "the report renders in headless Chromium and every link resolves",
    async () => {
      const { chromium } = await import("playwright-core");
      const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
        const url = `file://${join(out, "report/index.html")}`;
        await page.goto(url);
        expect(await page.title()).toMatch(/NCT05563545/);
        expect(await page.locator("#reconciliation table").first().isVisible()).toBe(true);
        const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href));
        expect(hrefs.length).toBeGreaterThan(50);
        for (const href of hrefs) {
          const u = new URL(href);
          if (u.protocol !== "file:") throw new Error(`non-local link ${href}`);
          const path = decodeURIComponent(u.pathname);
          expect(existsSync(path), `${href} resolves`).toBe(true);
          if (u.hash && path.endsWith("report/index.html")) {
            expect(await page.locator(u.hash).count(), `anchor ${u.hash}`).toBe(1);
          }
        }
        await page.screenshot({ path: join(tmpdir(), "trialforge-report.png"), fullPage: false });
      } finally {
        await browser.close();
      }
    },
  );

  it("a rebuild with nothing changed re-runs nothing and leaves the output untouched", () => {
    const before = snapshot(out);
    const t = performance.now();
    const r = cli(["build", "--study", study, "--raw", raw, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/up to date/);
    expect(snapshot(out)).toEqual(before);
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it("changing one TLF shell re-renders that output only", () => {
    const shellDir = join(study, "tlf");
    const file = readdirSync(shellDir)
      .filter((f) => f.endsWith(".yaml"))
      .sort()[0]!;
    const text = readFileSync(join(shellDir, file), "utf8");
    const before = manifest(out);
    // A second name for every file of the previous output: the rebuild carries unchanged files over as
    // hard links, so any writer that opened one of them in place would show here.
    const witness = join(work, "witness");
    const witnessed = linkTree(out, witness);
    writeFileSync(join(shellDir, file), text.replace(/title: *"?([^"\n]+)"?/, 'title: "$1 (revised)"'));
    const r = cli(["build", "--study", study, "--raw", raw, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(hashes(witness, Object.keys(witnessed))).toEqual(witnessed);
    // The datasets were carried over without copying their bytes (same file as the previous output's).
    expect(statSync(join(out, "sdtm/lb.xpt")).ino).toBe(statSync(join(witness, "sdtm/lb.xpt")).ino);
    rmSync(witness, { recursive: true, force: true });
    const after = manifest(out);
    const changed = Object.keys(after.outputs).filter(
      (id) => after.outputs[id].key !== before.outputs[id]?.key,
    );
    expect(changed.length).toBe(1);
    expect(after.timings.find((t: { stage: string }) => t.stage === "reuse")?.status).toBe("reused");
    // The SDTM and ADaM files are the same bytes as before.
    expect(after.datasets).toEqual(before.datasets);
  });

  it("changing one raw file re-runs what depends on it and the diff shows the change", () => {
    const before = manifest(out);
    const aeFile = join(raw, "edc", "ae.csv");
    const lines = readFileSync(aeFile, "utf8").split("\n");
    writeFileSync(aeFile, lines.filter((_, i) => i !== 1).join("\n")); // drop the first AE record
    const r = cli(["build", "--study", study, "--raw", raw, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const after = manifest(out);
    expect(after.stageKeys.sdtm).not.toBe(before.stageKeys.sdtm);
    expect(after.datasets.sdtm.AE.records).toBe(before.datasets.sdtm.AE.records - 1);
    expect(after.datasets.sdtm.LB.sha256).toBe(before.datasets.sdtm.LB.sha256);
    const report = readFileSync(join(out, "report/index.html"), "utf8");
    expect(report).toMatch(/sdtm\/AE/);
  });

  it("a build killed mid-way leaves the previous output intact and the next build succeeds", async () => {
    const before = snapshot(out);
    // A bigger synthetic study keeps the build busy long enough to be killed mid-way. Its own process
    // group, so SIGKILL reaches tsx and the node process it starts, as a killed job would.
    const child = spawn(
      tsx,
      [main, "build", "--study", study, "--out", out, "--subjects", "300", "--force"],
      {
        cwd: root,
        env,
        detached: true,
        stdio: "ignore",
      },
    );
    const exited = new Promise((r) => child.on("exit", r));
    const t0 = performance.now();
    while (!readdirSync(work).some((f) => f.startsWith(".out.tmp-")) && performance.now() - t0 < 60_000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect(child.exitCode, "the build was still running when killed").toBeNull();
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    await new Promise((r) => setTimeout(r, 200));
    expect(
      readdirSync(work).some((f) => f.startsWith(".out.tmp-")),
      "the killed build left its work folder",
    ).toBe(true);
    expect(snapshot(out)).toEqual(before);
    const r = cli(["build", "--study", study, "--raw", raw, "--out", out, "--force"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(work).filter((f) => f.startsWith(".out."))).toEqual([]);
  });

  it("a broken raw file stops the build with exit 1 and one clear message, keeping the old output", () => {
    const before = snapshot(out);
    const broken = join(work, "raw-broken");
    cpSync(raw, broken, { recursive: true });
    const dm = join(broken, "edc", "dm.csv");
    const [header, ...rest] = readFileSync(dm, "utf8").split("\n");
    writeFileSync(dm, [header!.replace(/(^|,)SEX(,|$)/, "$1GENDER$2"), ...rest].join("\n"));
    const r = cli(["build", "--study", study, "--raw", broken, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dm\.csv/);
    expect(r.stderr).toMatch(/SEX/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr).toMatch(/previous build .* unchanged/);
    expect(snapshot(out)).toEqual(before);
  });

  it("wrong usage exits 2", () => {
    expect(cli(["build"]).status).toBe(2);
    expect(cli(["frobnicate"]).status).toBe(2);
  });

  it("package lays out eCTD m5 with checksums; diff of a build with itself is empty", () => {
    const p = cli(["package", "--study", study, "--out", out]);
    expect(p.status, p.stderr).toBe(0);
    const m5 = join(out, "submission/m5/datasets/nct05563545");
    expect(existsSync(join(m5, "tabulations/sdtm/dm.xpt"))).toBe(true);
    expect(existsSync(join(m5, "analysis/adam/datasets/adsl.xpt"))).toBe(true);
    const sums = readFileSync(join(out, "submission/checksums.sha256"), "utf8");
    expect(sums).toMatch(/^[0-9a-f]{64} {2}m5\/datasets\/nct05563545\/tabulations\/sdtm\/dm\.xpt$/m);
    // coreutils recomputes every digest: the list must match the files, not just look like a list
    const check = spawnSync("sha256sum", ["--check", "--strict", "--quiet", "checksums.sha256"], {
      cwd: join(out, "submission"),
      encoding: "utf8",
    });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const d = cli(["diff", out, out]);
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/no differences/);
  });
});
