/** What an operator receives: the frame, its resolved target variable and the condition's parameters. */

import { type Col, type Frame, isNull, type Value } from "../frame.ts";
import type { CheckLeaf } from "../rule.ts";

/** The condition's `value`: another variable (a column of the frame) or a literal. */
export type Comparand = { kind: "col"; name: string; col: Col } | { kind: "literal"; value: Value };

export interface OperatorInput {
  frame: Frame;
  /** The target variable, `--` already replaced by the domain prefix. */
  target: string;
  leaf: CheckLeaf;
  /** The resolved `value` (a column when it names one and is not marked literal). */
  comparand: Comparand;
  /** Replaces a leading `--` with the dataset's domain prefix. */
  resolve(name: string): string;
}

/** One result per row: 1 where the condition holds. */
export type Operator = (x: OperatorInput) => Uint8Array;

export function rowwise(frame: Frame, test: (i: number) => boolean): Uint8Array {
  const out = new Uint8Array(frame.length);
  for (let i = 0; i < frame.length; i++) out[i] = test(i) ? 1 : 0;
  return out;
}

export function negate(r: Uint8Array): Uint8Array {
  const out = new Uint8Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = r[i] ? 0 : 1;
  return out;
}

/** The comparand's value on row i. */
export function comparandAt(c: Comparand, i: number): Value {
  return c.kind === "col" ? c.col.get(i) : c.value;
}

/** A literal comparand as a list (a YAML list, or one value). */
export function literalList(c: Comparand): readonly Value[] | undefined {
  if (c.kind !== "literal") return undefined;
  return Array.isArray(c.value) ? c.value : [c.value];
}

export const notNull = (v: Value): boolean => !isNull(v);

/** `true` when the parameter is set to true in YAML (true, "true", "True"). */
export const flag = (x: unknown): boolean => x === true || x === "true" || x === "True";
