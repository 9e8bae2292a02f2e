/**
 * Collects findings. Each (rule, dataset) keeps its first `max` findings; the rest are counted and summed
 * up in one closing finding, so millions of bad LB rows make a readable report and an exact count.
 */
import { RULE_BY_ID } from "../rules.ts";
import type { Finding } from "../types.ts";

export interface Place {
  variable?: string;
  key?: string;
  value?: string;
  /** Overrides the rule's one-line reason with a specific sentence. */
  message?: string;
}

export class Collector {
  readonly findings: Finding[] = [];
  /** True counts per rule (including findings not stored). */
  readonly counts = new Map<string, number>();
  private readonly stored = new Map<string, number>();
  private readonly overflow = new Map<string, number>();

  constructor(private readonly max = 200) {}

  report(rule: string, dataset: string, place: Place = {}): void {
    const def = RULE_BY_ID.get(rule);
    if (!def) throw new Error(`validate: unknown rule ${rule}`);
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
    const k = `${rule}\u0000${dataset}`;
    const n = this.stored.get(k) ?? 0;
    if (n >= this.max) {
      this.overflow.set(k, (this.overflow.get(k) ?? 0) + 1);
      return;
    }
    this.stored.set(k, n + 1);
    const f: Finding = {
      rule,
      severity: def.severity,
      dataset,
      message: place.message ?? def.message,
      reference: def.reference,
    };
    if (place.variable !== undefined) f.variable = place.variable;
    if (place.key !== undefined) f.key = place.key;
    if (place.value !== undefined) f.value = place.value;
    this.findings.push(f);
  }

  /** The findings, with one closing finding per (rule, dataset) whose findings were cut. */
  finish(): Finding[] {
    for (const [k, extra] of this.overflow) {
      const [rule, dataset] = k.split("\u0000") as [string, string];
      const def = RULE_BY_ID.get(rule)!;
      this.findings.push({
        rule,
        severity: def.severity,
        dataset,
        message: `${def.message}: ${extra} more records not listed`,
        reference: def.reference,
      });
    }
    this.overflow.clear();
    return this.findings;
  }
}
