/**
 * The esbuild bundle of the CLI (apps/cli/scripts/bundle.mjs) behaves like the TypeScript sources run by tsx:
 * same help, same bytes from `convert`, same build outputs (terminology data and DejaVu fonts found from the
 * bundle), and the same tool fingerprint. The bundle is built into a scratch folder under
 * apps/cli/node_modules so its external imports (exceljs, pdfmake, resvg) resolve as they do from apps/cli/dist.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { toolHash } from "@trialforge/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules/.bin/tsx");
const srcMain = join(root, "apps/cli/src/main.ts");
const launcher = join(root, "apps/cli/bin/trialforge.mjs");
const cacheDir = join(root, "apps/cli/node_modules/.cache");
mkdirSync(cacheDir, { recursive: true });
const bundleDir = mkdtempSync(join(cacheDir, "bundle-test-"));
const work = mkdtempSync(join(tmpdir(), "cli-bundle-"));
const env: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: "1767225600", CI: "1" };
delete env.TRIALFORGE_TOOL_HASH;
delete env.TRIALFORGE_FROM_SOURCE;
const smallXpt = join(root, "reference/dataset-json/sdtm-dm.xpt");

const viaBundle = (args: string[]) =>
  spawnSync(process.execPath, [join(bundleDir, "main.js"), ...args], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
const viaTsx = (args: string[]) =>
  spawnSync(tsx, [srcMain, ...args], { cwd: root, env, encoding: "utf8", timeout: 120_000 });

/** Runs a command to completion without blocking the event loop (so two builds can run side by side). */
function run(cmd: string, args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    child.on("close", (status) => done({ status, stderr }));
  });
}

/** Relative path -> file bytes for every file under dir. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const ok = (r: SpawnSyncReturns<string>) => {
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
};

beforeAll(() => {
  const r = spawnSync(
    process.execPath,
    [join(root, "apps/cli/scripts/bundle.mjs"), "--outdir", bundleDir, "--quiet"],
    {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  if (r.status !== 0) throw new Error(`bundle failed: ${r.stderr}`);
});
afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const COMMANDS = ["synth", "build", "validate", "package", "convert", "diff", "tlf"];

describe("CLI bundle", { timeout: 240_000 }, () => {
  it("--help from the bundle exits 0 and lists every command, as the sources do", () => {
    const b = viaBundle(["--help"]);
    ok(b);
    for (const c of COMMANDS) expect(b.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    expect(b.stdout).toBe(viaTsx(["--help"]).stdout);
  });

  it("splits each command into its own chunk and keeps exceljs, pdfmake and resvg external", () => {
    const names = readdirSync(bundleDir);
    for (const c of COMMANDS)
      expect(names.some((n) => n.startsWith(`${c}-`) && n.endsWith(".js"))).toBe(true);
    const all = names
      .filter((n) => n.endsWith(".js"))
      .map((n) => readFileSync(join(bundleDir, n), "utf8"))
      .join("\n");
    for (const ext of ["exceljs", "pdfmake", "@resvg/resvg-js"]) expect(all).toContain(`from "${ext}"`);
    // The small `convert --help` path must not pull in the heavy renderers.
    const convert = names.find((n) => n.startsWith("convert-"))!;
    expect(readFileSync(join(bundleDir, convert), "utf8")).not.toMatch(
      /from "(exceljs|pdfmake|@resvg\/resvg-js)"/,
    );
  });

  it("embeds the same tool fingerprint the sources compute", () => {
    const meta = JSON.parse(readFileSync(join(bundleDir, "bundle-meta.json"), "utf8")) as {
      toolHash: string;
      inputs: string[];
    };
    expect(meta.toolHash).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.toolHash).toBe(toolHash());
    expect(meta.inputs).toContain("apps/cli/src/main.ts");
  });

  it("convert XPT -> Dataset-JSON -> XPT gives the same bytes via the bundle and via tsx", () => {
    for (const [tag, cli] of [
      ["b", viaBundle],
      ["t", viaTsx],
    ] as const) {
      const a = cli(["convert", smallXpt, join(work, `${tag}.json`)]);
      expect(a.status, a.stderr).toBe(0);
      expect(a.stderr).toMatch(/^convert: DM 18 rows x 26 variables/);
      const b = cli(["convert", join(work, `${tag}.json`), join(work, `${tag}.xpt`)]);
      expect(b.status, b.stderr).toBe(0);
    }
    const bJson = readFileSync(join(work, "b.json"));
    expect(bJson.length).toBeGreaterThan(1000);
    expect(JSON.parse(bJson.toString("utf8")).name).toBe("DM");
    expect(bJson.equals(readFileSync(join(work, "t.json")))).toBe(true);
    expect(readFileSync(join(work, "b.xpt")).equals(readFileSync(join(work, "t.xpt")))).toBe(true);
  });

  it("a small build gives byte-identical outputs (timings in manifest and report aside)", async () => {
    const args = ["build", "--study", "specs/nct05563545", "--subjects", "6"];
    const [b, t] = await Promise.all([
      run(process.execPath, [join(bundleDir, "main.js"), ...args, "--out", join(work, "build-b")]),
      run(tsx, [srcMain, ...args, "--out", join(work, "build-t")]),
    ]);
    expect(b.status, b.stderr).toBe(0);
    expect(t.status, t.stderr).toBe(0);
    const fb = files(join(work, "build-b"));
    const ft = files(join(work, "build-t"));
    expect([...fb.keys()].sort()).toEqual([...ft.keys()].sort());
    // DejaVu fonts (PDF) and CT data (define.xml) are read by path from the bundle too.
    expect([...fb.keys()].some((k) => k.endsWith(".pdf"))).toBe(true);
    expect([...fb.keys()].some((k) => k.endsWith("define.xml"))).toBe(true);
    const differ = [...fb.keys()].filter((k) => !fb.get(k)!.equals(ft.get(k)!)).sort();
    expect(differ.filter((k) => k !== "manifest.json" && k !== "report/index.html")).toEqual([]);
    const mb = JSON.parse(fb.get("manifest.json")!.toString("utf8"));
    const mt = JSON.parse(ft.get("manifest.json")!.toString("utf8"));
    expect(mb.tool).toEqual(mt.tool);
  });

  it("the launcher runs the sources through tsx when asked (a clone without a bundle)", () => {
    const r = spawnSync(process.execPath, [launcher, "convert", "--help"], {
      cwd: root,
      env: { ...env, TRIALFORGE_FROM_SOURCE: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    ok(r);
    expect(r.stdout).toMatch(/^Usage: trialforge convert/);
  });
});
