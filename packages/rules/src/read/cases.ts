/** Reads CORE rules and CDISC's test cases from the vendored archives or from an unpacked folder. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type CoreRule, parseRule, ruleFromData } from "../rule.ts";
import { type CaseFiles, readCaseData, readExpected, type TestCase } from "../test-case.ts";
import { type FileTree, readTgz } from "./tar.ts";

const dataUrl = (file: string): URL => new URL(`../../data/${file}`, import.meta.url);

/** The vendored archive of rules with their test cases (data/sdtmig-rules-with-tests.tgz). */
export const VENDORED_CASES = dataUrl("sdtmig-rules-with-tests.tgz");

let rules: CoreRule[] | undefined;

/**
 * The 331 published SDTMIG CORE rules, parsed once: data/core-rules.json.gz holds the YAML files of
 * data/core-rules.tgz as parsed data (scripts/vendor-rules.ts; a test checks they agree).
 */
export function readCoreRules(): CoreRule[] {
  if (!rules) {
    const docs = JSON.parse(gunzipSync(readFileSync(dataUrl("core-rules.json.gz"))).toString("utf8")) as {
      file: string;
      rule: unknown;
    }[];
    rules = docs.map((d) => ruleFromData(d.rule, d.file));
  }
  return rules;
}

/** The rules parsed from the YAML files of data/core-rules.tgz (slower; for checking the JSON copy). */
export function readCoreRulesYaml(): CoreRule[] {
  const tree = readTgz(dataUrl("core-rules.tgz"));
  return [...tree]
    .filter(([p]) => /CORE-\d{6}\.ya?ml$/.test(p))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, b]) => parseRule(new TextDecoder().decode(b), p));
}

/** One rule folder: its rule.yml and its cases. */
export interface RuleFolder {
  ruleId: string;
  rule: CoreRule;
  cases: TestCase[];
}

interface Source {
  dirs(path: string): string[];
  read(path: string): string | undefined;
}

function treeSource(tree: FileTree): Source {
  const dec = new TextDecoder();
  // folder → its sub-folders, from the file paths
  const children = new Map<string, Set<string>>();
  for (const p of tree.keys()) {
    const parts = p.split("/");
    for (let k = 0; k < parts.length - 1; k++) {
      const parent = parts.slice(0, k).join("/");
      (children.get(parent) ?? children.set(parent, new Set()).get(parent)!).add(parts[k]!);
    }
  }
  return {
    dirs(path) {
      return [...(children.get(path) ?? [])].sort();
    },
    read(path) {
      const b = tree.get(path);
      return b === undefined ? undefined : dec.decode(b);
    },
  };
}

function folderSource(root: string): Source {
  return {
    dirs(path) {
      const d = join(root, path);
      if (!existsSync(d)) return [];
      return readdirSync(d)
        .filter((x) => statSync(join(d, x)).isDirectory())
        .sort();
    },
    read(path) {
      const f = join(root, path);
      return existsSync(f) ? readFileSync(f, "utf8") : undefined;
    },
  };
}

function caseFiles(src: Source, dir: string): CaseFiles {
  return {
    list: () => [],
    read: (p) => src.read(`${dir}/${p}`),
  };
}

/** Rule folders (CORE-NNNNNN/{rule.yml,positive,negative}) under `base` of a source. */
function readFolders(src: Source, base: string, only?: (id: string) => boolean): RuleFolder[] {
  const out: RuleFolder[] = [];
  for (const id of src.dirs(base).filter((d) => /^CORE-\d{6}$/.test(d))) {
    if (only && !only(id)) continue;
    const dir = base === "" ? id : `${base}/${id}`;
    const text = src.read(`${dir}/rule.yml`);
    if (text === undefined) continue;
    const rule = parseRule(text, `${dir}/rule.yml`);
    const cases: TestCase[] = [];
    for (const kind of ["positive", "negative"] as const) {
      for (const name of src.dirs(`${dir}/${kind}`)) {
        const files = caseFiles(src, `${dir}/${kind}/${name}`);
        const { datasets, env } = readCaseData(files);
        cases.push({ ruleId: id, kind, name, datasets, env, expected: readExpected(files) });
      }
    }
    out.push({ ruleId: id, rule, cases });
  }
  return out;
}

/** The vendored test cases (optionally only some rules). */
export function readVendoredCases(only?: (id: string) => boolean): RuleFolder[] {
  return readFolders(treeSource(readTgz(VENDORED_CASES)), "Published", only);
}

/** Test cases unpacked in a folder: DIR/CORE-*, or DIR/Published/CORE-*. */
export function readCaseFolder(dir: string, only?: (id: string) => boolean): RuleFolder[] {
  const src = folderSource(dir);
  const base = src.dirs("").some((d) => /^CORE-\d{6}$/.test(d)) ? "" : "Published";
  return readFolders(src, base, only);
}
