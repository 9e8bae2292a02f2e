/**
 * Columnar dataset with attached metadata.
 *
 * Memory layout chosen for millions of LB rows: numeric columns are Float64Array (NaN = missing),
 * character columns are dictionary-coded (Uint32Array of codes into a string dictionary; code 0 is the
 * empty string, i.e. character missing). Row objects exist only at the edges (`toRows`, `getRow`).
 *
 * Conventions for values seen through the row API:
 * - Char: always a string; missing is "" (XPT writes blanks).
 * - Num: a number, or null for missing ("." in SAS). Special missing values (.A-.Z, ._) are kept in the
 *   column's sparse `special` map and read as null through the row API.
 */
import type { DatasetMeta, VariableMeta } from "./metadata.ts";

export type CellValue = string | number | null;
export type Row = Record<string, CellValue>;

/** A SAS special missing value .A-.Z or ._ (letter "A".."Z" or "_"). */
export class SpecialMissing {
  constructor(readonly code: string) {
    if (!/^[A-Z_]$/.test(code)) throw new Error(`special missing must be A-Z or _, got "${code}"`);
  }
  toString(): string {
    return `.${this.code}`;
  }
}

export type InputValue = CellValue | SpecialMissing | undefined;

export class NumColumn {
  readonly kind = "Num" as const;
  values: Float64Array;
  length = 0;
  /** Sparse map row -> special missing code ("A".."Z" or "_"); those rows hold NaN in `values`. */
  special: Map<number, string> | undefined;

  constructor(capacity = 16) {
    this.values = new Float64Array(Math.max(capacity, 1));
  }

  push(v: InputValue): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    let x = Number.NaN;
    if (v instanceof SpecialMissing) {
      (this.special ??= new Map()).set(this.length, v.code);
    } else if (typeof v === "number") {
      x = v;
    } else if (typeof v === "string" && v.trim() !== "") {
      x = Number(v);
      if (Number.isNaN(x)) throw new Error(`not a number: "${v}"`);
    }
    this.values[this.length++] = x;
  }

  get(i: number): number | null {
    const x = this.values[i]!;
    return Number.isNaN(x) ? null : x;
  }

  specialAt(i: number): string | undefined {
    return this.special?.get(i);
  }

  /** Shrinks storage to the used length. */
  seal(): this {
    if (this.values.length !== this.length) this.values = this.values.slice(0, this.length);
    return this;
  }
}

export class CharColumn {
  readonly kind = "Char" as const;
  codes: Uint32Array;
  length = 0;
  /** Dictionary of distinct values; dict[0] is "" (missing). */
  readonly dict: string[] = [""];
  private readonly index = new Map<string, number>([["", 0]]);

  constructor(capacity = 16) {
    this.codes = new Uint32Array(Math.max(capacity, 1));
  }

  /** The dictionary code of a value, adding it when new. */
  codeOf(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.index.set(s, c);
    }
    return c;
  }

  /** The dictionary code of a value, or undefined when the column never holds it. */
  lookup(s: string): number | undefined {
    return this.index.get(s);
  }

  push(v: InputValue): void {
    if (this.length === this.codes.length) {
      const next = new Uint32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    const s = v === null || v === undefined || v instanceof SpecialMissing ? "" : String(v);
    this.codes[this.length++] = this.codeOf(s);
  }

  pushCode(code: number): void {
    if (this.length === this.codes.length) {
      const next = new Uint32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    this.codes[this.length++] = code;
  }

  get(i: number): string {
    return this.dict[this.codes[i]!]!;
  }

  seal(): this {
    if (this.codes.length !== this.length) this.codes = this.codes.slice(0, this.length);
    return this;
  }
}

export type Column = NumColumn | CharColumn;

export function newColumn(v: Pick<VariableMeta, "type">, capacity = 16): Column {
  return v.type === "Num" ? new NumColumn(capacity) : new CharColumn(capacity);
}

/** A dataset: metadata plus one column per variable, in `meta.variables` order. */
export class Dataset {
  constructor(
    readonly meta: DatasetMeta,
    readonly columns: ReadonlyMap<string, Column>,
    readonly length: number,
  ) {
    for (const v of meta.variables) {
      const c = columns.get(v.name);
      if (!c) throw new Error(`${meta.name}: no column for variable ${v.name}`);
      if (c.kind !== v.type)
        throw new Error(`${meta.name}.${v.name}: column is ${c.kind}, metadata says ${v.type}`);
      if (c.length !== length)
        throw new Error(`${meta.name}.${v.name}: ${c.length} values, dataset has ${length} rows`);
    }
  }

  get name(): string {
    return this.meta.name;
  }

  has(name: string): boolean {
    return this.columns.has(name);
  }

  column(name: string): Column {
    const c = this.columns.get(name);
    if (!c) throw new Error(`${this.meta.name}: no variable ${name}`);
    return c;
  }

  char(name: string): CharColumn {
    const c = this.column(name);
    if (c.kind !== "Char") throw new Error(`${this.meta.name}.${name} is numeric, expected character`);
    return c;
  }

  num(name: string): NumColumn {
    const c = this.column(name);
    if (c.kind !== "Num") throw new Error(`${this.meta.name}.${name} is character, expected numeric`);
    return c;
  }

  get(name: string, i: number): CellValue {
    return this.column(name).get(i);
  }

  getRow(i: number): Row {
    const row: Row = {};
    for (const v of this.meta.variables) row[v.name] = this.columns.get(v.name)!.get(i);
    return row;
  }

  *rows(): IterableIterator<Row> {
    for (let i = 0; i < this.length; i++) yield this.getRow(i);
  }

  toRows(): Row[] {
    return Array.from(this.rows());
  }
}

/** Appends rows one at a time; `build()` seals the columns. Unknown keys in a row are an error. */
export class DatasetBuilder {
  private readonly cols = new Map<string, Column>();
  private n = 0;

  constructor(
    readonly meta: DatasetMeta,
    capacity = 1024,
  ) {
    for (const v of meta.variables) this.cols.set(v.name, newColumn(v, capacity));
  }

  get length(): number {
    return this.n;
  }

  push(row: Record<string, InputValue>): void {
    for (const k of Object.keys(row)) {
      if (!this.cols.has(k))
        throw new Error(`${this.meta.name}: row has variable ${k} that the metadata does not define`);
    }
    for (const v of this.meta.variables) {
      const col = this.cols.get(v.name)!;
      try {
        col.push(row[v.name]);
      } catch (e) {
        throw new Error(`${this.meta.name}.${v.name} row ${this.n + 1}: ${(e as Error).message}`);
      }
    }
    this.n++;
  }

  build(): Dataset {
    for (const c of this.cols.values()) c.seal();
    return new Dataset(this.meta, this.cols, this.n);
  }
}

/** Builds a dataset from row objects (convenient for small datasets and tests). */
export function datasetFromRows(meta: DatasetMeta, rows: Iterable<Record<string, InputValue>>): Dataset {
  const b = new DatasetBuilder(meta);
  for (const r of rows) b.push(r);
  return b.build();
}

/** A new dataset holding the given rows (by index, in that order). */
export function takeRows(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const cols = new Map<string, Column>();
  for (const v of ds.meta.variables) {
    const src = ds.column(v.name);
    if (src.kind === "Num") {
      const out = new NumColumn(indices.length);
      for (let j = 0; j < indices.length; j++) {
        const i = indices[j]!;
        const sp = src.specialAt(i);
        out.push(sp ? new SpecialMissing(sp) : src.get(i));
      }
      cols.set(v.name, out.seal());
    } else {
      const out = new CharColumn(indices.length);
      for (let j = 0; j < indices.length; j++) out.pushCode(out.codeOf(src.get(indices[j]!)));
      cols.set(v.name, out.seal());
    }
  }
  return new Dataset(ds.meta, cols, indices.length);
}

/** Rows where `keep(i)` is true. */
export function filterRows(ds: Dataset, keep: (i: number) => boolean): Dataset {
  const idx: number[] = [];
  for (let i = 0; i < ds.length; i++) if (keep(i)) idx.push(i);
  return takeRows(ds, idx);
}

/** Compares two cell values: missing first, numbers numerically, strings by code unit. */
export function compareValues(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null || a === "") return -1;
  if (b === null || b === "") return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Row order of `length` rows by the given columns, stable, with the original row index as the final
 * tie-breaker so the result is deterministic. Missing sorts first; numbers numerically; text by code unit
 * (character columns compare dictionary ranks, computed once, so millions of rows sort fast).
 */
export function orderByColumns(cols: readonly Column[], length: number): Uint32Array {
  const keyFns = cols.map((c) => {
    if (c.kind === "Num") {
      const vals = c.values;
      return (i: number, j: number) => {
        const a = vals[i]!;
        const b = vals[j]!;
        const an = Number.isNaN(a);
        const bn = Number.isNaN(b);
        if (an || bn) return an === bn ? 0 : an ? -1 : 1;
        return a - b;
      };
    }
    const order = c.dict.map((_, k) => k).sort((x, y) => compareValues(c.dict[x]!, c.dict[y]!));
    const rank = new Uint32Array(c.dict.length);
    order.forEach((code, r) => {
      rank[code] = r;
    });
    const codes = c.codes;
    return (i: number, j: number) => rank[codes[i]!]! - rank[codes[j]!]!;
  });
  const idx = new Uint32Array(length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((i, j) => {
    for (const f of keyFns) {
      const d = f(i, j);
      if (d !== 0) return d;
    }
    return i - j;
  });
}

/** Row order by the given variables (default: meta.keys); variables the dataset lacks are ignored. */
export function sortOrder(ds: Dataset, by: readonly string[] = ds.meta.keys): Uint32Array {
  return orderByColumns(
    by.filter((k) => ds.has(k)).map((k) => ds.column(k)),
    ds.length,
  );
}

/** The dataset sorted by its keys (or the given variables). */
export function sortDataset(ds: Dataset, by: readonly string[] = ds.meta.keys): Dataset {
  return takeRows(ds, sortOrder(ds, by));
}

/** Distinct values of a character column's used codes, in first-seen order. */
export function distinctValues(col: CharColumn): string[] {
  const seen = new Uint8Array(col.dict.length);
  const out: string[] = [];
  for (let i = 0; i < col.length; i++) {
    const c = col.codes[i]!;
    if (!seen[c]) {
      seen[c] = 1;
      out.push(col.dict[c]!);
    }
  }
  return out;
}

/**
 * The dataset with every character variable's length set to its longest value in bytes (at least 1, at
 * most `maxLength`). FDA Technical Conformance Guide: the allotted length of a character column is the
 * maximum length used, so XPT files carry no padding and define.xml states the same lengths.
 */
export function fitCharLengths(ds: Dataset, maxLength = Number.POSITIVE_INFINITY): Dataset {
  const variables = ds.meta.variables.map((v) => {
    if (v.type !== "Char") return v;
    const col = ds.char(v.name);
    let len = 1;
    for (const s of distinctValues(col)) len = Math.max(len, Buffer.byteLength(s, "utf8"));
    return { ...v, length: Math.min(len, maxLength) };
  });
  return new Dataset({ ...ds.meta, variables }, ds.columns, ds.length);
}
