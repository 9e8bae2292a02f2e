/**
 * Study-by-design explanations of conformance findings, from the study's `conformance.yaml`: the list a
 * reviewer's guide quotes. A finding matches when the rule is the same and, where given, the dataset, one
 * of the finding's variables, and one of its values ("LBTESTCD=BLAST").
 */
import { parse } from "yaml";
import type { Explanation, Finding } from "./types.ts";

/** Parses conformance.yaml (`explanations: [{rule, dataset?, variable?, value?, reason}]`); throws one readable message. */
export function parseExplanations(text: string, source = "conformance.yaml"): Explanation[] {
  const doc = parse(text) as unknown;
  if (doc === null || doc === undefined) return [];
  const list = (doc as { explanations?: unknown }).explanations;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`${source}: explanations must be a list`);
  return list.map((e, i) => {
    const where = `${source}: explanations[${i}]`;
    if (typeof e !== "object" || e === null) throw new Error(`${where} must be a mapping`);
    const o = e as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!["rule", "dataset", "variable", "value", "reason"].includes(k))
        throw new Error(`${where}: unknown key ${k}`);
    if (typeof o.rule !== "string" || o.rule === "") throw new Error(`${where}: rule is required`);
    if (typeof o.reason !== "string" || o.reason.trim() === "")
      throw new Error(`${where}: reason is required`);
    const x: Explanation = { rule: o.rule, reason: o.reason.replace(/\s+/g, " ").trim() };
    if (o.dataset !== undefined) x.dataset = String(o.dataset);
    if (o.variable !== undefined) x.variable = String(o.variable);
    if (o.value !== undefined) x.value = String(o.value);
    return x;
  });
}

/** The explanation covering a finding, if any. */
export function explanationFor(f: Finding, explanations: readonly Explanation[]): string | undefined {
  const vars = (f.variable ?? "").split(", ");
  const values = `; ${f.value ?? ""};`;
  return explanations.find(
    (e) =>
      e.rule === f.rule &&
      (e.dataset === undefined || e.dataset === f.dataset) &&
      (e.variable === undefined || vars.includes(e.variable)) &&
      (e.value === undefined || values.includes(`; ${e.value};`)),
  )?.reason;
}

/** Marks the findings an explanation covers (sets `explanation`). */
export function applyExplanations(findings: Finding[], explanations: readonly Explanation[]): void {
  if (explanations.length === 0) return;
  for (const f of findings) {
    if (f.explanation !== undefined) continue;
    const why = explanationFor(f, explanations);
    if (why !== undefined) f.explanation = why;
  }
}
