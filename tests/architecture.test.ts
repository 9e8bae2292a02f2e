/**
 * Package boundaries, checked by a machine (ARCHITECTURE.md "Imports only point down"; STYLE.md habit 3):
 * - a package imports another only through a front door its package.json `exports` declares (`@trialforge/x`, or
 *   a declared `@trialforge/x/testing` for shared test fixtures), never `@trialforge/x/src/...` or a relative
 *   path into another folder;
 * - every workspace package it imports is declared in its package.json, and every declared one is imported;
 * - declared workspace dependencies point down the layer order below (no upward edge, no cycle);
 * - the test and bench rings use front doors too (running the CLI as a child process is not an import).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

/** Bottom to top: a package may depend only on packages before it (README "Packages" table). */
const LAYERS = [
  "core",
  "spec",
  "terminology",
  "ingest",
  "synth",
  "sdtm",
  "stats",
  "adam",
  "tlf",
  "xport",
  "dataset-json",
  "define",
  "rules",
  "validate",
  "submission",
  "cli",
] as const;

interface Workspace {
  name: string; // short name: "core", "cli", "tests"
  dir: string;
  declared: Set<string>;
  /** Its front doors: the subpaths of package.json `exports` ("" for ".", "testing" for "./testing"). */
  doors: Set<string>;
}

function readWorkspaces(): Workspace[] {
  const dirs = [
    ...readdirSync(join(root, "packages")).map((d) => join(root, "packages", d)),
    ...readdirSync(join(root, "apps")).map((d) => join(root, "apps", d)),
    join(root, "tests"),
    join(root, "bench"),
  ].filter((d) => existsSync(join(d, "package.json")));
  return dirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      name: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
      exports?: Record<string, unknown>;
    };
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    return {
      name: pkg.name.replace(/^@trialforge\//, ""),
      dir,
      declared: new Set(deps.filter((d) => d.startsWith("@trialforge/")).map((d) => d.slice(12))),
      doors: new Set(Object.keys(pkg.exports ?? { ".": "" }).map((k) => k.replace(/^\.\/?/, ""))),
    };
  });
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
    }
  };
  walk(dir);
  return out;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']|(?:^|[\s;(=])import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm;

/** Every module specifier imported by a file (static, re-export, side-effect and literal dynamic imports). */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec) found.push(spec);
  }
  return found;
}

interface Violation {
  file: string;
  problem: string;
}

function checkWorkspace(
  ws: Workspace,
  doorsOf: Map<string, Set<string>>,
): { violations: Violation[]; used: Set<string> } {
  const violations: Violation[] = [];
  const used = new Set<string>();
  for (const file of sourceFiles(ws.dir)) {
    const rel = relative(root, file);
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      if (spec.startsWith("@trialforge/")) {
        const [, target, ...rest] = spec.split("/");
        if (target && !doorsOf.get(target)?.has(rest.join("/")))
          violations.push({
            file: rel,
            problem: `imports ${spec}, not a front door in its package.json exports`,
          });
        if (target && target !== ws.name) {
          used.add(target);
          if (!ws.declared.has(target))
            violations.push({
              file: rel,
              problem: `imports @trialforge/${target}, not declared in package.json`,
            });
        }
      } else if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        if (target !== ws.dir && !target.startsWith(ws.dir + sep))
          violations.push({
            file: rel,
            problem: `imports ${spec}, outside its package (${relative(root, target)})`,
          });
      }
    }
  }
  return { violations, used };
}

describe("package boundaries", () => {
  const workspaces = readWorkspaces();
  const layered = workspaces.filter((w) => w.name !== "tests" && w.name !== "bench");
  const doorsOf = new Map(workspaces.map((w) => [w.name, w.doors]));

  it("finds the workspace packages", () => {
    expect(layered.map((w) => w.name)).toEqual(expect.arrayContaining(["core", "sdtm", "adam", "cli"]));
  });

  it("knows the layer of every package (add a new one to LAYERS in this file)", () => {
    const unknown = layered.map((w) => w.name).filter((n) => !(LAYERS as readonly string[]).includes(n));
    expect(unknown).toEqual([]);
  });

  it("declared workspace dependencies point down the layers", () => {
    const upward: string[] = [];
    for (const ws of layered) {
      const own = LAYERS.indexOf(ws.name as (typeof LAYERS)[number]);
      for (const dep of ws.declared) {
        const theirs = LAYERS.indexOf(dep as (typeof LAYERS)[number]);
        if (theirs < 0 || theirs >= own) upward.push(`${ws.name} -> ${dep}`);
      }
    }
    expect(upward).toEqual([]);
  });

  for (const ws of workspaces) {
    it(`${ws.name}: imports only front doors it declares, and uses every one it declares`, () => {
      const { violations, used } = checkWorkspace(ws, doorsOf);
      const unused = [...ws.declared]
        .filter((d) => !used.has(d))
        .map((d) => `declares @trialforge/${d} but never imports it`);
      expect([...violations.map((v) => `${v.file}: ${v.problem}`), ...unused]).toEqual([]);
    });
  }
});

describe("the import scanner", () => {
  it("sees static, type, re-export, side-effect and dynamic imports, and nothing in plain strings", () => {
    const text = [
      'import { a } from "@trialforge/core";',
      'import type { B } from "../apps/cli/src/context.ts";',
      'export { c } from "./c.ts";',
      'import "./side-effect.ts";',
      'const m = await import("@trialforge/xport");',
      'const path = join(root, "apps/cli/src/main.ts");',
    ].join("\n");
    expect(importsOf(text).sort()).toEqual(
      [
        "@trialforge/core",
        "../apps/cli/src/context.ts",
        "./c.ts",
        "@trialforge/xport",
        "./side-effect.ts",
      ].sort(),
    );
  });
});
