/**
 * A domain under construction: one growable column per variable (plus provenance and SUPP-- value columns
 * under reserved names), filled by the mappings and then replaced column-wise by the derivations.
 */
import { CharColumn, type Column, Dataset, type DatasetMeta, NumColumn } from "@trialforge/core";
import { computeAsciiText } from "./ascii.ts";

/** Provenance columns: raw form id and 1-based source row of each record (STYLE #17). */
export const FORM_COL = "__FORM";
export const ROW_COL = "__ROW";
export const suppCol = (qnam: string): string => `__SUPP.${qnam}`;

export class Frame {
  readonly cols = new Map<string, Column>();
  length = 0;

  constructor(
    readonly meta: DatasetMeta,
    extraChar: readonly string[] = [],
  ) {
    for (const v of meta.variables)
      this.cols.set(v.name, v.type === "Num" ? new NumColumn(1024) : new CharColumn(1024));
    this.cols.set(FORM_COL, new CharColumn(1024));
    this.cols.set(ROW_COL, new NumColumn(1024));
    for (const n of extraChar) this.cols.set(n, new CharColumn(1024));
  }

  has(name: string): boolean {
    return this.cols.has(name);
  }

  char(name: string): CharColumn {
    const c = this.cols.get(name);
    if (c?.kind !== "Char") throw new Error(`${this.meta.name}: no character column ${name}`);
    return c;
  }

  num(name: string): NumColumn {
    const c = this.cols.get(name);
    if (c?.kind !== "Num") throw new Error(`${this.meta.name}: no numeric column ${name}`);
    return c;
  }

  /** Appends one record (small domains: trial design, SE, SV); absent variables are missing. */
  pushRow(row: Record<string, string | number | null | undefined>): void {
    for (const [name, col] of this.cols) {
      const v = row[name];
      if (col.kind === "Num") col.push(v === undefined || v === "" ? null : v);
      else col.push(v === undefined || v === null ? "" : String(v));
    }
    this.length++;
  }

  /** Replaces (or adds) a whole column; its length must be the frame's. */
  set(name: string, col: Column): void {
    if (col.length !== this.length)
      throw new Error(`${this.meta.name}.${name}: ${col.length} values for ${this.length} records`);
    this.cols.set(name, col);
  }

  /** Builds a character column from a per-record function. */
  setChar(name: string, f: (i: number) => string): void {
    const c = new CharColumn(this.length);
    let last: string | undefined;
    let code = 0;
    for (let i = 0; i < this.length; i++) {
      const s = f(i);
      if (s !== last) {
        last = s;
        code = c.codeOf(s);
      }
      c.pushCode(code);
    }
    this.set(name, c.seal());
  }

  setNum(name: string, f: (i: number) => number | null): void {
    const c = new NumColumn(this.length);
    const values = c.values;
    for (let i = 0; i < this.length; i++) {
      const v = f(i);
      values[i] = v === null ? Number.NaN : v;
    }
    c.length = this.length;
    this.set(name, c.seal());
  }

  /** Reorders every column (including provenance and SUPP-- columns). */
  reorder(order: ArrayLike<number>): void {
    for (const [name, src] of this.cols) {
      if (src.kind === "Num") {
        // Values copied as they are (a missing is NaN either way), special missings carried by row.
        const out = new NumColumn(order.length);
        const from = src.values;
        const to = out.values;
        for (let j = 0; j < order.length; j++) to[j] = from[order[j]!]!;
        out.length = order.length;
        if (src.special) {
          for (let j = 0; j < order.length; j++) {
            const sp = src.special.get(order[j]!);
            if (sp === undefined) continue;
            out.special ??= new Map();
            out.special.set(j, sp);
          }
        }
        this.cols.set(name, out.seal());
      } else {
        const out = new CharColumn(order.length);
        const remap = new Int32Array(src.dict.length).fill(-1);
        for (let j = 0; j < order.length; j++) {
          const code = src.codes[order[j]!]!;
          let c = remap[code]!;
          if (c < 0) c = remap[code] = out.codeOf(src.dict[code]!);
          out.pushCode(c);
        }
        this.cols.set(name, out.seal());
      }
    }
    this.length = order.length;
  }

  /**
   * The dataset view: the declared variables only, text made ASCII (counted in `nonAscii` per variable),
   * lengths set to the longest value (at least 1).
   */
  toDataset(nonAscii?: Map<string, number>): Dataset {
    const cols = new Map<string, Column>();
    const vars = this.meta.variables.map((v) => {
      let c = this.cols.get(v.name)!;
      c.seal();
      if (c.kind === "Char" && c.dict.some((s) => computeAsciiText(s) !== s)) {
        const src = c;
        const out = new CharColumn(src.length);
        const changed = src.dict.map((s) => computeAsciiText(s) !== s);
        const remap = src.dict.map((s) => out.codeOf(computeAsciiText(s)));
        let n = 0;
        for (let i = 0; i < src.length; i++) {
          const code = src.codes[i]!;
          if (changed[code]) n++;
          out.pushCode(remap[code]!);
        }
        c = out.seal();
        this.cols.set(v.name, c);
        nonAscii?.set(v.name, n);
      }
      cols.set(v.name, c);
      if (c.kind === "Num") return { ...v, length: 8 };
      let max = 1;
      const used = new Uint8Array(c.dict.length);
      for (let i = 0; i < c.length; i++) used[c.codes[i]!] = 1;
      c.dict.forEach((s, k) => {
        if (used[k]) max = Math.max(max, Buffer.byteLength(s, "utf8"));
      });
      return { ...v, length: max };
    });
    return new Dataset({ ...this.meta, variables: vars }, cols, this.length);
  }
}
