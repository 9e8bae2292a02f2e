/**
 * Never delete what trialforge did not make. Every command that writes a folder checks its `--out` here
 * before doing any work: a folder that is, holds or lies inside an input (--raw, --sdtm, the study), the
 * checkout, the current folder, the home folder or the file-system root is refused; so is a plain file;
 * and an existing folder is replaced only when it is recognisably a trialforge output (`--force-out`
 * overrides that last check only). Refusals are usage errors (exit 2) with one line saying what to do.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, parse, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.ts";

/** Top-level entries of a build folder (build writes them; package, tlf and validate add to them). */
const BUILD_ENTRIES = new Set([
  "manifest.json",
  "raw",
  "rejects",
  "sdtm",
  "adam",
  "dataset-json",
  "tlf",
  "validation",
  "report",
  "submission",
  "trace",
]);

/** File types a build writes below those entries; anything else (thesis.docx, notes.txt) is not ours. */
const BUILD_FILE_TYPES =
  /\.(xpt|json|ndjson|xml|html|css|js|svg|png|pdf|rtf|xlsx|csv|gz|sha256|xsl|tmp|partial)$/i;

/** At most this many entries are looked at to recognise an output; a bigger folder is not one of ours. */
const MAX_ENTRIES = 200_000;

export interface OutCheck {
  /** The flag, for messages (`--out`). */
  flag: string;
  /** The path as given. */
  path: string;
  /** Inputs the output must stay clear of, e.g. `{ flag: "--raw", path: "raw" }`. */
  inputs: readonly { flag: string; path: string | undefined }[];
  /** What may already be there: a build folder, or the raw exports `synth` writes. */
  kind: "build" | "synth";
  /** Replace an existing folder even when it is not recognisably ours (never overrides the other checks). */
  forceOut?: boolean;
}

const repoRoot = resolve(fileURLToPath(new URL("../../../../", import.meta.url)));

/** The real path of `p`, resolving symlinks of the part that exists (the rest is appended as given). */
export function realPathOf(p: string): string {
  const abs = resolve(p);
  const missing: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return join(realpathSync(cur), ...missing.reverse());
    } catch {
      const up = dirname(cur);
      if (up === cur) return abs;
      missing.push(basename(cur));
      cur = up;
    }
  }
}

/** True when `inner` is `outer` or lies below it (both real, absolute paths). */
export function isInside(inner: string, outer: string): boolean {
  if (inner === outer) return true;
  const rel = relative(outer, inner);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !parse(rel).root;
}

/** The nearest folder at or above `start` that holds `.git`, if any. */
function gitRootOf(start: string): string | undefined {
  let cur = start;
  for (;;) {
    if (existsSync(join(cur, ".git"))) return cur;
    const up = dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

const proceed = "use an empty or new folder";

/**
 * Refuses (UsageError, exit 2) an output folder the command must not write or replace; returns its
 * absolute path. Runs before any work, so a refused command has changed nothing.
 */
export function assertOutputFolder(c: OutCheck): string {
  const abs = resolve(c.path);
  const real = realPathOf(abs);
  const say = (why: string, how = proceed) => new UsageError(`${c.flag} ${c.path} ${why}; ${how}`);

  if (real === parse(real).root) throw say("is the root of the file system", `${proceed}, e.g. out/demo`);
  const home = realPathOf(homedir());
  if (isInside(home, real)) throw say("is or holds your home folder");
  const cwd = realPathOf(process.cwd());
  if (isInside(cwd, real)) throw say("is or holds the current folder", `${proceed}, e.g. out/demo`);
  for (const input of c.inputs) {
    if (!input.path) continue;
    const r = realPathOf(input.path);
    if (r === real) throw say(`is the same folder as ${input.flag} ${input.path}`);
    if (isInside(r, real)) throw say(`holds ${input.flag} ${input.path}`);
    if (isInside(real, r)) throw say(`lies inside ${input.flag} ${input.path}`);
  }
  for (const repo of new Set([repoRoot, gitRootOf(cwd)])) {
    if (repo && isInside(realPathOf(repo), real)) throw say(`is or holds the repository checkout ${repo}`);
  }
  if (real.split(sep).includes(".git")) throw say("lies inside a .git folder");

  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(abs);
  } catch {
    return abs; // nothing there yet
  }
  if (!st.isDirectory())
    throw say("is a file, not a folder", "give a folder path (trialforge writes several files into it)");
  if (existsSync(join(abs, ".git"))) throw say("is a git checkout");
  if (c.forceOut) return abs;
  const foreign = c.kind === "build" ? foreignInBuild(abs) : foreignInSynth(abs);
  if (foreign)
    throw say(
      `already exists and is not a trialforge ${c.kind === "build" ? "build" : "synth"} output (${foreign}), so it is not replaced`,
      `${proceed}, or pass --force-out to replace it`,
    );
  return abs;
}

/** Why `dir` is not a build folder trialforge wrote, or undefined when it is one (or is empty). */
export function foreignInBuild(dir: string): string | undefined {
  const top = readdirSync(dir);
  if (top.length === 0) return undefined;
  const manifest = join(dir, "manifest.json");
  if (!existsSync(manifest)) return "it has no manifest.json";
  if (!writtenByUs(manifest)) return "its manifest.json was not written by trialforge";
  for (const name of top.sort()) if (!BUILD_ENTRIES.has(name)) return `it holds ${name}`;
  // package writes the analysis programs as .txt under submission/ (a .txt elsewhere is not ours)
  return foreignFile(dir, (rel) => BUILD_FILE_TYPES.test(rel) || /^submission[\\/].*\.txt$/.test(rel));
}

/** Why `dir` is not raw exports `synth` wrote, or undefined when it is (or is empty). */
export function foreignInSynth(dir: string): string | undefined {
  if (readdirSync(dir).length === 0) return undefined;
  let files: Set<string>;
  try {
    const m = JSON.parse(readFileSync(join(dir, "synth-manifest.json"), "utf8")) as {
      files?: { path?: unknown }[];
    };
    if (!Array.isArray(m.files)) return "its synth-manifest.json lists no files";
    files = new Set(m.files.map((f) => String(f.path)));
  } catch {
    return "it has no synth-manifest.json written by trialforge synth";
  }
  files.add("synth-manifest.json");
  files.add("edc/odm.xml");
  return foreignFile(dir, (rel) => files.has(rel.split(sep).join("/")));
}

function writtenByUs(manifest: string): boolean {
  try {
    const m = JSON.parse(readFileSync(manifest, "utf8")) as { tool?: { name?: unknown } };
    return m.tool?.name === "trialforge";
  } catch {
    return false;
  }
}

/**
 * The first file or link below `dir` that `ours` does not accept, as "it holds <path>". Iterative (no
 * recursion on a depth the user controls); symbolic links are never followed and count as not ours.
 */
function foreignFile(dir: string, ours: (rel: string) => boolean): string | undefined {
  const stack = [dir];
  let seen = 0;
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of readdirSync(d).sort()) {
      if (++seen > MAX_ENTRIES) return `it holds more than ${MAX_ENTRIES} files`;
      const p = join(d, name);
      const rel = relative(dir, p);
      const st = lstatSync(p);
      if (st.isDirectory()) stack.push(p);
      else if (!st.isFile() || !ours(rel)) return `it holds ${rel}`;
    }
  }
  return undefined;
}

/**
 * For commands that add files to an existing build folder (tlf, validate: they overwrite only their own
 * named files): the folder must exist, be a folder and not overlap the study; returns its absolute path.
 * `ours` (package, which replaces DIR/submission) also requires a manifest.json written by trialforge.
 */
export function assertBuildFolder(
  flag: string,
  path: string,
  inputs: OutCheck["inputs"] = [],
  ours = false,
): string {
  const abs = resolve(path);
  const real = realPathOf(abs);
  if (real === parse(real).root) throw new UsageError(`${flag} ${path} is the root of the file system`);
  for (const input of inputs) {
    if (!input.path) continue;
    const r = realPathOf(input.path);
    if (isInside(r, real) || isInside(real, r))
      throw new UsageError(`${flag} ${path} overlaps ${input.flag} ${input.path}; give the build folder`);
  }
  // A missing folder is the command's own "nothing to work on" error (exit 1), as before.
  if (!existsSync(abs)) return abs;
  if (!statSync(abs).isDirectory())
    throw new UsageError(`${flag} ${path} is a file, not a build folder; run trialforge build first`);
  if (ours && !writtenByUs(join(abs, "manifest.json")))
    throw new UsageError(
      `${flag} ${path} is not a trialforge build (no manifest.json written by trialforge); run trialforge build --out ${path} first`,
    );
  return abs;
}
