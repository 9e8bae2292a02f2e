/**
 * A CDISC CORE rule as data: the YAML of cdisc-org/cdisc-open-rules parsed into a typed, closed shape.
 * Nothing in a rule is executed; operator and operation names are looked up in closed registries.
 */
import { parse } from "yaml";

/** One condition: a variable (`name`), an operator and its parameters. */
export interface CheckLeaf {
  name: string;
  operator: string;
  value?: unknown;
  value_is_literal?: boolean;
  value_is_reference?: boolean;
  type_insensitive?: boolean;
  round_values?: boolean;
  prefix?: number;
  suffix?: number;
  within?: string | string[];
  ordering?: string;
  regex?: string;
  negative?: boolean;
  date_component?: string;
  order?: string;
}

export type CheckNode = { all: CheckNode[] } | { any: CheckNode[] } | { not: CheckNode } | CheckLeaf;

/** An entry of `Operations`: a value derived once per dataset, referenced as `$id`. */
export interface OperationSpec {
  id: string;
  operator: string;
  name?: string;
  domain?: string;
  group?: string[];
  filter?: Record<string, string>;
  value_is_reference?: boolean;
  key_name?: string;
  key_value?: string;
  codelists?: string[];
  level?: string;
  returntype?: string;
  regex?: string;
}

/** A key of `Match Datasets`: the same name on both sides, or `Left`/`Right` names. */
export type MatchKey = string | { Left: string; Right: string };

export interface MatchSpec {
  name: string;
  keys: MatchKey[];
  child: boolean;
  joinType: "inner" | "left";
  wildcard: string;
}

export interface Citation {
  document: string;
  section: string;
  item: string;
  guidance: string;
}

/** One authority reference: a conformance rule id (CGnnnn, FDAnnnn, TIGnnnn) and what it cites. */
export interface RuleReference {
  organization: string;
  standard: string;
  version: string;
  ruleId: string;
  citations: Citation[];
}

export interface Scope {
  classesInclude: string[];
  classesExclude: string[];
  domainsInclude: string[];
  domainsExclude: string[];
}

export type Sensitivity = "Record" | "Dataset" | "Study" | "Group";

export interface CoreRule {
  /** CORE-NNNNNN */
  id: string;
  description: string;
  message: string;
  outputVariables: string[];
  ruleType: string;
  sensitivity: Sensitivity;
  executability: string;
  scope: Scope;
  check: CheckNode;
  operations: OperationSpec[];
  matchDatasets: MatchSpec[];
  references: RuleReference[];
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
const str = (x: unknown): string => (x === undefined || x === null ? "" : String(x));
const strList = (x: unknown): string[] =>
  Array.isArray(x) ? x.map(str) : x === undefined || x === null ? [] : [str(x)];

function toCheck(x: unknown, where: string): CheckNode {
  if (Array.isArray(x)) return { all: x.map((c, i) => toCheck(c, `${where}[${i}]`)) };
  if (!isObj(x)) throw new Error(`${where}: a condition must be a mapping`);
  for (const k of ["all", "any"] as const) {
    if (k in x) {
      const v = x[k];
      const items = Array.isArray(v) ? v : [v];
      const nodes = items.map((c, i) => toCheck(c, `${where}.${k}[${i}]`));
      return k === "all" ? { all: nodes } : { any: nodes };
    }
  }
  if ("not" in x) return { not: toCheck(x.not, `${where}.not`) };
  if (typeof x.name !== "string" && typeof x.name !== "number")
    throw new Error(`${where}: condition without a name`);
  if (typeof x.operator !== "string") throw new Error(`${where}: condition without an operator`);
  return { ...(x as object), name: String(x.name), operator: x.operator } as CheckLeaf;
}

function toMatch(x: unknown): MatchSpec {
  const m = isObj(x) ? x : {};
  const keys = (Array.isArray(m.Keys) ? m.Keys : []).map(
    (k): MatchKey => (isObj(k) ? { Left: str(k.Left), Right: str(k.Right) } : str(k)),
  );
  return {
    name: str(m.Name),
    keys,
    child: m.Child === true,
    joinType: m["Join Type"] === "left" ? "left" : "inner",
    wildcard: m.Wildcard === undefined ? "**" : str(m.Wildcard),
  };
}

function toReferences(authorities: unknown): RuleReference[] {
  const out: RuleReference[] = [];
  for (const a of Array.isArray(authorities) ? authorities : []) {
    if (!isObj(a)) continue;
    for (const s of Array.isArray(a.Standards) ? a.Standards : []) {
      if (!isObj(s)) continue;
      for (const r of Array.isArray(s.References) ? s.References : []) {
        if (!isObj(r)) continue;
        const rid = isObj(r["Rule Identifier"]) ? str(r["Rule Identifier"].Id) : "";
        const citations = (Array.isArray(r.Citations) ? r.Citations : []).filter(isObj).map((c) => ({
          document: str(c.Document),
          section: str(c.Section),
          item: str(c.Item),
          guidance: str(c["Cited Guidance"]).replace(/\s+/g, " ").trim(),
        }));
        out.push({
          organization: str(a.Organization),
          standard: str(s.Name),
          version: str(s.Version),
          ruleId: rid,
          citations,
        });
      }
    }
  }
  return out;
}

/** Parses one rule file's YAML; throws a message naming what is malformed. */
export function parseRule(yamlText: string, source = "rule"): CoreRule {
  return ruleFromData(parse(yamlText) as unknown, source);
}

/** A rule from its parsed YAML (or the same data as JSON). */
export function ruleFromData(r: unknown, source = "rule"): CoreRule {
  if (!isObj(r)) throw new Error(`${source}: not a YAML mapping`);
  const core = isObj(r.Core) ? r.Core : {};
  const id = str(core.Id);
  if (!/^CORE-\d{6}$/.test(id)) throw new Error(`${source}: Core.Id "${id}" is not CORE-NNNNNN`);
  const scope = isObj(r.Scope) ? r.Scope : {};
  const classes = isObj(scope.Classes) ? scope.Classes : {};
  const domains = isObj(scope.Domains) ? scope.Domains : {};
  const outcome = isObj(r.Outcome) ? r.Outcome : {};
  const sens = str(r.Sensitivity);
  return {
    id,
    description: str(r.Description).trim(),
    message: str(outcome.Message).replace(/\s+/g, " ").trim(),
    outputVariables: strList(outcome["Output Variables"]),
    ruleType: str(r["Rule Type"]),
    sensitivity: (["Record", "Dataset", "Study", "Group"].includes(sens) ? sens : "Record") as Sensitivity,
    executability: str(r.Executability),
    scope: {
      classesInclude: strList(classes.Include),
      classesExclude: strList(classes.Exclude),
      domainsInclude: strList(domains.Include),
      domainsExclude: strList(domains.Exclude),
    },
    check: toCheck(r.Check, `${id} Check`),
    operations: (Array.isArray(r.Operations) ? r.Operations : []).filter(isObj).map((o) => ({
      ...(o as object),
      id: str(o.id),
      operator: str(o.operator),
    })) as OperationSpec[],
    matchDatasets: (Array.isArray(r["Match Datasets"]) ? r["Match Datasets"] : []).map(toMatch),
    references: toReferences(r.Authorities),
  };
}

/** The leaf conditions of a check tree, depth first. */
export function leaves(node: CheckNode): CheckLeaf[] {
  if ("all" in node) return node.all.flatMap(leaves);
  if ("any" in node) return node.any.flatMap(leaves);
  if ("not" in node) return leaves(node.not);
  return [node];
}

/** The CDISC conformance rule ids (CGnnnn, …) of a rule, distinct, in file order. */
export function conformanceIds(rule: CoreRule): string[] {
  return [...new Set(rule.references.map((r) => r.ruleId).filter((x) => x !== ""))];
}
