/**
 * The hostile corpus (issue 14, CLI half): ordinary mistakes and hostile specs, each run as a user would
 * run it (the CLI in a child process), asserting the exact exit status and message, and that the previous
 * build and every user file are byte-identical afterwards. Everything happens in a temporary folder: the
 * "checkout" cases use a fresh `git init` there, never this repository. Hostile files are made on the fly.
 */

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pilot } from "./pilot-compare.ts";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "apps/cli/src/main.ts");
const env = {
  ...process.env,
  SOURCE_DATE_EPOCH: "1767225600",
  CI: "1",
  TRIALFORGE_TOOL_HASH: "cli-hostile-test",
};

function cli(args: string[], cwd = root) {
  return spawnSync(tsx, [main, ...args], { cwd, env, encoding: "utf8", timeout: 300_000 });
}

/** Every file's sha256, every folder and link, below `dir`: equal snapshots mean byte-identical trees. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = "dir";
        stack.push(p);
      } else out[rel] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  }
  return out;
}

/** No stage ran: the progress lines `[i/n] stage` never appeared. */
const noStageRan = (stderr: string) => expect(stderr).not.toMatch(/\[\d+\/\d+\]/);
const noTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

let work: string;
let study: string;
let raw: string;
let prev: string;
let user: string;
let prevSnap: Record<string, string>;
let userSnap: Record<string, string>;

/** A copy of the study whose one spec file is rewritten by `edit`. */
function brokenStudy(name: string, file: string, edit: (text: string) => string): string {
  const dir = join(work, name);
  cpSync(study, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), "utf8")));
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tf-hostile-"));
  study = join(work, "study");
  cpSync(join(root, "specs/nct05563545"), study, { recursive: true });
  raw = join(work, "raw");
  prev = join(work, "prev");
  const s = cli(["synth", "--study", study, "--out", raw, "--subjects", "8", "--seed", "5"]);
  expect(s.status, s.stderr).toBe(0);
  const b = cli(["build", "--study", study, "--raw", raw, "--out", prev]);
  expect(b.status, b.stderr).toBe(0);
  // A user's own folder: a thesis and a subfolder with notes.
  user = join(work, "user");
  mkdirSync(join(user, "chapters"), { recursive: true });
  writeFileSync(join(user, "thesis.docx"), Buffer.from("PK\u0003\u0004 not really a docx, but precious"));
  writeFileSync(join(user, "chapters", "notes.txt"), "chapter 1\n");
  prevSnap = snapshot(prev);
  userSnap = snapshot(user);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("never delete what trialforge did not make", { timeout: 120_000 }, () => {
  it("--out a user's folder (thesis.docx) is refused before any work, exit 2", () => {
    const r = cli(["build", "--study", study, "--raw", raw, "--out", user]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `trialforge: --out ${user} already exists and is not a trialforge build output (it has no manifest.json), so it is not replaced; use an empty or new folder, or pass --force-out to replace it\n`,
    );
    expect(snapshot(user)).toEqual(userSnap);
  });

  it("a build folder with a file trialforge did not write is refused, naming the file", () => {
    const copy = join(work, "prev-with-notes");
    cpSync(prev, copy, { recursive: true });
    writeFileSync(join(copy, "tlf", "my-review.docx"), "comments");
    const before = snapshot(copy);
    const r = cli(["build", "--study", study, "--raw", raw, "--out", copy, "--force"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `trialforge: --out ${copy} already exists and is not a trialforge build output (it holds tlf/my-review.docx), so it is not replaced; use an empty or new folder, or pass --force-out to replace it\n`,
    );
    expect(snapshot(copy)).toEqual(before);
  });

  it("--out equal to --raw is refused and the raw exports are untouched", () => {
    const before = snapshot(raw);
    const r = cli(["build", "--study", study, "--raw", raw, "--out", raw]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `trialforge: --out ${raw} is the same folder as --raw ${raw}; use an empty or new folder\n`,
    );
    expect(snapshot(raw)).toEqual(before);
  });

  it("--out inside --raw, or holding the study folder, is refused", () => {
    const inside = cli(["build", "--study", study, "--raw", raw, "--out", join(raw, "out")]);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toBe(
      `trialforge: --out ${join(raw, "out")} lies inside --raw ${raw}; use an empty or new folder\n`,
    );
    const holds = cli(["build", "--study", study, "--raw", raw, "--out", work]);
    expect(holds.status).toBe(2);
    expect(holds.stderr).toBe(`trialforge: --out ${work} holds --raw ${raw}; use an empty or new folder\n`);
    expect(existsSync(join(raw, "out"))).toBe(false);
    expect(snapshot(prev)).toEqual(prevSnap);
  });

  it("--out . in a git checkout (a temporary clone) is refused and the clone is untouched", () => {
    const clone = join(work, "clone");
    mkdirSync(clone);
    expect(spawnSync("git", ["init", "-q", clone]).status).toBe(0);
    writeFileSync(join(clone, "README.md"), "my project\n");
    const before = snapshot(clone);
    const here = cli(["build", "--study", study, "--raw", raw, "--out", "."], clone);
    expect(here.status).toBe(2);
    expect(here.stderr).toBe(
      "trialforge: --out . is or holds the current folder; use an empty or new folder, e.g. out/demo\n",
    );
    const byPath = cli(["build", "--study", study, "--raw", raw, "--out", clone]);
    expect(byPath.status).toBe(2);
    expect(byPath.stderr).toBe(`trialforge: --out ${clone} is a git checkout; use an empty or new folder\n`);
    const force = cli(["build", "--study", study, "--raw", raw, "--out", clone, "--force-out"]);
    expect(force.status).toBe(2);
    expect(snapshot(clone)).toEqual(before);
  });

  it("--out naming a plain file is refused and the file is untouched", () => {
    const file = join(work, "results.csv");
    writeFileSync(file, "a,b\n1,2\n");
    const r = cli(["build", "--study", study, "--raw", raw, "--out", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `trialforge: --out ${file} is a file, not a folder; give a folder path (trialforge writes several files into it)\n`,
    );
    expect(readFileSync(file, "utf8")).toBe("a,b\n1,2\n");
  });

  it("--out / is refused up front, before any stage", () => {
    const t0 = performance.now();
    const r = cli(["build", "--study", study, "--raw", raw, "--out", "/"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "trialforge: --out / is the root of the file system; use an empty or new folder, e.g. out/demo\n",
    );
    expect(performance.now() - t0).toBeLessThan(30_000);
  });

  it("synth, package, tlf and validate guard their folders too", () => {
    const synth = cli(["synth", "--study", study, "--out", user]);
    expect(synth.status).toBe(2);
    expect(synth.stderr).toBe(
      `trialforge: --out ${user} already exists and is not a trialforge synth output (it has no synth-manifest.json written by trialforge synth), so it is not replaced; use an empty or new folder, or pass --force-out to replace it\n`,
    );
    const pkg = cli(["package", "--study", study, "--out", user]);
    expect(pkg.status).toBe(2);
    expect(pkg.stderr).toBe(
      `trialforge: --out ${user} is not a trialforge build (no manifest.json written by trialforge); run trialforge build --out ${user} first\n`,
    );
    const tlf = cli(["tlf", "--study", study, "--out", join(user, "chapters", "notes.txt")]);
    expect(tlf.status).toBe(2);
    const validate = cli(["validate", "--study", study, "--out", "/"]);
    expect(validate.status).toBe(2);
    expect(snapshot(user)).toEqual(userSnap);
    // Re-synthesising into synth's own output is fine.
    const again = cli(["synth", "--study", study, "--out", raw, "--subjects", "8", "--seed", "5"]);
    expect(again.status, again.stderr).toBe(0);
  });
});

describe("strange build folders give one readable line", { timeout: 120_000 }, () => {
  it("diff and tlf with a hand-made or broken manifest.json exit 1 without a stack trace", () => {
    const fake = join(work, "fake-build");
    mkdirSync(join(fake, "adam"), { recursive: true });
    writeFileSync(join(fake, "manifest.json"), "{}");
    const d = cli(["diff", prev, fake]);
    expect(d.status).toBe(1);
    expect(d.stderr).toBe(
      `trialforge: ${fake} is not a trialforge build (no manifest.json written by trialforge)\n`,
    );
    writeFileSync(join(fake, "manifest.json"), "{ not json");
    const t = cli(["tlf", "--study", study, "--out", fake]);
    expect(t.status).toBe(1);
    expect(t.stderr).toMatch(/^trialforge: .*manifest\.json is not valid JSON \(/);
    noTrace(t.stderr);
  });
});

describe("specs are checked first, and may not leave their folder", { timeout: 120_000 }, () => {
  it("a raw form with file: ../outside/dd.csv is a spec error naming the file and path", () => {
    mkdirSync(join(work, "outside"), { recursive: true });
    writeFileSync(join(work, "outside", "dd.csv"), "SUBJID,DTHDAT,DTHCAUS\n");
    const dir = brokenStudy("study-escape", "raw/dd.yaml", (t) =>
      t.replace("file: edc/dd.csv", "file: ../outside/dd.csv"),
    );
    const r = cli(["build", "--study", dir, "--raw", raw, "--out", prev]);
    expect(r.status).toBe(1);
    const spec = relative(root, join(dir, "raw/dd.yaml"));
    expect(r.stderr.split("\n")[0]).toBe(
      `trialforge: spec ${spec}:4 is invalid at file: "../outside/dd.csv" leaves its folder: give a relative path inside it (forward slashes, no leading /, no ../ leaving it)`,
    );
    noStageRan(r.stderr);
    noTrace(r.stderr);
    expect(snapshot(prev)).toEqual(prevSnap);
  });

  it("a YAML alias bomb in a spec is refused in well under a build, naming the file", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const p = String.fromCharCode(96 + i);
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${p}`)}]`,
      );
    }
    const dir = brokenStudy("study-bomb", "tlf/t-dm.yaml", () => `${lines.join("\n")}\n`);
    const r = cli(["build", "--study", dir, "--raw", raw, "--out", prev]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `trialforge: spec ${relative(root, join(dir, "tlf/t-dm.yaml"))}: YAML aliases expand to more than 100 nodes (Excessive alias count indicates a resource exhaustion attack); write the values out instead of nesting aliases\n`,
    );
    noStageRan(r.stderr);
    expect(snapshot(prev)).toEqual(prevSnap);
  });

  it("a YAML syntax error in a TLF shell is reported with line and column before any stage ran", () => {
    const dir = brokenStudy("study-syntax", "tlf/t-dm.yaml", (t) => {
      const lines = t.split("\n");
      lines.splice(2, 0, "extra: a: b");
      return lines.join("\n");
    });
    const r = cli(["build", "--study", dir, "--raw", raw, "--out", prev]);
    expect(r.status).toBe(1);
    const spec = relative(root, join(dir, "tlf/t-dm.yaml"));
    expect(r.stderr.split("\n")[0]).toMatch(
      new RegExp(
        `^trialforge: spec ${spec.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:\\d+ is not valid YAML: \\S`,
      ),
    );
    expect(r.stderr).toMatch(/error: .*tlf\/t-dm\.yaml:3: line 3, column \d+: .*\[SPEC\.YAML\]/);
    noStageRan(r.stderr);
    noTrace(r.stderr);
    expect(snapshot(prev)).toEqual(prevSnap);
  });
});

describe("one exit policy, and the closing lines that matter", { timeout: 400_000 }, () => {
  it.skipIf(!existsSync(join(pilot, "sdtm")))(
    "the CDISC pilot build publishes its outputs and exits 1 on validation errors; --fail-on never exits 0",
    () => {
      const out = join(work, "pilot");
      const r = cli([
        "build",
        "--study",
        join(root, "specs/cdiscpilot01"),
        "--sdtm",
        join(pilot, "sdtm"),
        "--out",
        out,
      ]);
      expect(r.status, r.stderr).toBe(1);
      const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
      expect(m.validation.errors).toBeGreaterThan(0);
      expect(existsSync(join(out, "report/index.html"))).toBe(true);
      expect(existsSync(join(out, "adam/adsl.xpt"))).toBe(true);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines.at(-1)).toBe(
        `exit status 1: validation found ${m.validation.errors} errors (--fail-on error); the outputs are published`,
      );
      expect(r.stderr).toContain("  rejected records: 0\n");
      expect(r.stderr).not.toContain("see rejects/");
      expect(r.stderr).toContain(
        `  validation:       ${m.validation.errors} errors, ${m.validation.warnings} warnings, ${m.validation.notes} notices from ${m.validation.rulesChecked} rules checked (${m.validation.rules} rules with findings)\n`,
      );
      expect(m.validation.rulesChecked).toBeGreaterThan(m.validation.rules);
      // validate on the same output agrees
      const v = cli(["validate", "--study", join(root, "specs/cdiscpilot01"), "--out", out]);
      expect(v.status).toBe(1);
      // nothing changed: the same policy, with --fail-on never a green exit
      const never = cli([
        "build",
        "--study",
        join(root, "specs/cdiscpilot01"),
        "--sdtm",
        join(pilot, "sdtm"),
        "--out",
        out,
        "--fail-on",
        "never",
      ]);
      expect(never.status, never.stderr).toBe(0);
      expect(never.stderr).toMatch(/up to date/);
    },
  );

  it("a renamed optional raw column is a build warning in the terminal and the emptied variable is flagged", () => {
    const renamed = join(work, "raw-renamed");
    cpSync(raw, renamed, { recursive: true });
    const ae = join(renamed, "edc", "ae.csv");
    const [header, ...rest] = readFileSync(ae, "utf8").split("\n");
    writeFileSync(ae, [header!.replace(/(^|,)AEENDAT(,|$)/, "$1AE_END_DATE$2"), ...rest].join("\n"));
    const out = join(work, "prev-renamed");
    cpSync(prev, out, { recursive: true });
    const r = cli(["build", "--study", study, "--raw", renamed, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "warning: edc/ae.csv column AEENDAT: optional column AEENDAT is missing; its values are empty [INGEST.MISSING_COLUMN]",
    );
    expect(r.stderr).toMatch(
      /warning: sdtm\/AE\.AEENDTC has no values now \(\d+ in the previous build\): a renamed or missing raw column\? \[DIFF\.EMPTIED\]/,
    );
    const d = cli(["diff", prev, out]);
    expect(d.status).toBe(0);
    expect(d.stdout).toMatch(/ {2}! AE\.AEENDTC has no values now \(\d+ before\)/);
  });

  it("150,000 rejected records do not overflow the stack: exit 0, every one in the rejection log", () => {
    const big = join(work, "raw-big");
    cpSync(raw, big, { recursive: true });
    const dd = join(big, "edc", "dd.csv");
    const subject = readFileSync(dd, "utf8").split("\n")[1]!.split(",")[0]!;
    const rows: string[] = [];
    for (let i = 0; i < 150_000; i++) rows.push(`${subject},not a date ${i},DISEASE PROGRESSION,,N`);
    appendFileSync(dd, `${rows.join("\n")}\n`);
    const out = join(work, "big-out");
    const r = cli(["build", "--study", study, "--raw", big, "--out", out]);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    noTrace(r.stderr);
    const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(m.reconciliation.rejected).toBeGreaterThanOrEqual(150_000);
    expect(r.stderr).toContain(`  rejected records: ${m.reconciliation.rejected} (`);
  });
});
