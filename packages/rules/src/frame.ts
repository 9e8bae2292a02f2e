/**
 * The table a rule's check runs over: the dataset itself (Record Data), a join of datasets (Match
 * Datasets), or metadata rows (Variable/Dataset Metadata, Domain Presence). Columns are read through
 * accessors, so a Record Data frame reads the columnar Dataset without copying it.
 */
import type { Dataset } from "@trialforge/core";

export type Scalar = string | number | boolean | null;
/** A cell: a scalar, or a list (operation results such as distinct values or variable names). */
export type Value = Scalar | readonly Scalar[];

export interface Col {
  get(i: number): Value;
}

/** A referenced variable is not in the data: CORE skips the dataset ("Column not found in data"). */
export class MissingVariable extends Error {
  constructor(readonly variable: string) {
    super(`variable ${variable} is not in the data`);
  }
}

export class ArrayCol implements Col {
  constructor(readonly values: readonly Value[]) {}
  get(i: number): Value {
    return this.values[i] ?? null;
  }
}

export class ConstCol implements Col {
  constructor(readonly value: Value) {}
  get(): Value {
    return this.value;
  }
}

/** Missing is null: blank character values and NaN numbers alike (CORE reads both as null). */
export function datasetCol(ds: Dataset, name: string): Col {
  const c = ds.column(name);
  if (c.kind === "Num") {
    const v = c.values;
    return { get: (i) => (Number.isNaN(v[i]!) ? null : v[i]!) };
  }
  const dict = c.dict;
  const codes = c.codes;
  return { get: (i) => (codes[i] === 0 ? null : dict[codes[i]!]!) };
}

export class Frame {
  constructor(
    readonly length: number,
    readonly cols: ReadonlyMap<string, Col>,
    /** 1-based record number in the source dataset, per row. */
    readonly record: (i: number) => number,
  ) {}

  static fromDataset(ds: Dataset): Frame {
    const cols = new Map<string, Col>();
    for (const v of ds.meta.variables) cols.set(v.name, datasetCol(ds, v.name));
    return new Frame(ds.length, cols, (i) => i + 1);
  }

  static fromRows(names: readonly string[], rows: readonly (readonly Value[])[]): Frame {
    const cols = new Map<string, Col>();
    names.forEach((n, k) => {
      cols.set(n, new ArrayCol(rows.map((r) => r[k] ?? null)));
    });
    return new Frame(rows.length, cols, (i) => i + 1);
  }

  get names(): string[] {
    return [...this.cols.keys()];
  }

  has(name: string): boolean {
    return this.cols.has(name);
  }

  col(name: string): Col {
    const c = this.cols.get(name);
    if (!c) throw new MissingVariable(name);
    return c;
  }

  with(name: string, col: Col): Frame {
    const cols = new Map(this.cols);
    cols.set(name, col);
    return new Frame(this.length, cols, this.record);
  }

  /** The rows at the given indices (rows may repeat, as after a join). */
  take(idx: ArrayLike<number>): Frame {
    const cols = new Map<string, Col>();
    for (const [n, c] of this.cols) cols.set(n, { get: (i) => c.get(idx[i]!) });
    const rec = this.record;
    return new Frame(idx.length, cols, (i) => rec(idx[i]!));
  }
}

// Value helpers shared by operators and operations.

export const isNull = (v: Value): boolean => v === null || v === "" || (Array.isArray(v) && v.length === 0);

/** A value as text: numbers without a trailing ".0" (CORE compares "1" and 1.0 as the same in text). */
export function asText(v: Value): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  if (Array.isArray(v)) return v.map(asText).join(",");
  return String(v);
}

/** A value as a number, or null when it is not numeric. */
export function asNumber(v: Value): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}
