/**
 * Builds one RawTable column by column while checking each record against its RawForm.
 * Readers fill `values` (one slot per form field, in form order) and call `commit(row)`; nothing is
 * allocated per accepted row except new dictionary strings.
 */
import {
  CharColumn,
  type Column,
  Dataset,
  type DatasetMeta,
  NumColumn,
  type VariableMeta,
} from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import { checkValueBytes, compileValueCheck, MAX_VALUE_BYTES, type ValueCheck } from "./check/field.ts";
import { type RawTable, type Rejection, type RejectionCode, RejectionCodes } from "./types.ts";

/** Name of the numeric column holding the source row. */
export const SOURCEROW = "SOURCEROW";

/** Open-addressing hash set of accepted rows by their key codes; finds the first row with equal keys. */
class KeyIndex {
  private slots: Int32Array;
  private mask: number;
  private size = 0;

  constructor(
    private readonly keyCols: CharColumn[],
    capacity: number,
  ) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** FNV-1a over the codes, then a final mix so consecutive codes spread over the table. */
  private static mix(h: number): number {
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 12)) >>> 0;
  }

  /** The accepted row index whose key codes equal `codes`, or -1. */
  find(codes: Uint32Array): number {
    const k = codes.length;
    let h = 0x811c9dc5;
    for (let j = 0; j < k; j++) h = Math.imul(h ^ codes[j]!, 0x01000193);
    let i = KeyIndex.mix(h) & this.mask;
    for (;;) {
      const r = this.slots[i]!;
      if (r < 0) return -1;
      let eq = true;
      for (let j = 0; j < k; j++) {
        if (this.keyCols[j]!.codes[r] !== codes[j]) {
          eq = false;
          break;
        }
      }
      if (eq) return r;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds accepted row `r` (its key codes must already be in the key columns). */
  add(r: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    this.place(r);
    this.size++;
  }

  private place(r: number): void {
    const k = this.keyCols.length;
    let h = 0x811c9dc5;
    for (let j = 0; j < k; j++) h = Math.imul(h ^ this.keyCols[j]!.codes[r]!, 0x01000193);
    let i = KeyIndex.mix(h) & this.mask;
    while (this.slots[i]! >= 0) i = (i + 1) & this.mask;
    this.slots[i] = r;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (const r of old) if (r >= 0) this.place(r);
  }
}

export interface TableBuilderOptions {
  /** Expected number of records (sizes the columns up front). */
  capacity?: number;
}

export class RawTableBuilder {
  /** One slot per form field, in form order; readers fill it before `commit`. `commit` resets it to "". */
  readonly values: string[];
  /** Set by a reader when the file held bytes that are not UTF-8: values with U+FFFD are then rejected. */
  notUtf8 = false;
  /** First data row rejected because the file is not UTF-8 (for the file-level warning). */
  firstNotUtf8Row: number | undefined;

  private readonly form: RawForm;
  private readonly file: string;
  private readonly rejections: Rejection[];
  private cols: CharColumn[];
  private sourceRow: NumColumn;
  private readonly checks: (ValueCheck | undefined)[];
  private readonly required: boolean[];
  private readonly keyIdx: number[];
  private readonly keyCodes: Uint32Array;
  /** Per field: the code of the field's key slot when it is a key (-1 otherwise), to reuse key codes. */
  private readonly keySlot: Int32Array;
  /** Per column: last value pushed and its code (repeats are common: study id, units, visits). */
  private readonly lastValue: string[];
  private readonly lastCode: Uint32Array;
  private keys: KeyIndex;
  private n = 0;
  private nRead = 0;
  private nRejected = 0;

  constructor(form: RawForm, file: string, rejections: Rejection[], opts: TableBuilderOptions = {}) {
    this.form = form;
    this.file = file;
    this.rejections = rejections;
    const cap = Math.max(16, opts.capacity ?? 1024);
    this.values = form.fields.map(() => "");
    this.cols = form.fields.map(() => new CharColumn(cap));
    this.sourceRow = new NumColumn(cap);
    this.checks = form.fields.map((f) => compileValueCheck(f, form));
    this.required = form.fields.map((f) => f.required || f.name === form.subjectField);
    this.keyIdx = form.keys.map((k) => {
      const i = form.fields.findIndex((f) => f.name === k);
      if (i < 0) throw new Error(`form ${form.id}: key ${k} is not a field`);
      return i;
    });
    this.keyCodes = new Uint32Array(this.keyIdx.length);
    this.keySlot = new Int32Array(form.fields.length).fill(-1);
    this.keyIdx.forEach((fi, j) => {
      this.keySlot[fi] = j;
    });
    this.lastValue = form.fields.map(() => "");
    this.lastCode = new Uint32Array(form.fields.length);
    this.keys = new KeyIndex(
      this.keyIdx.map((i) => this.cols[i]!),
      cap,
    );
  }

  /** Sizes the columns for about `capacity` records; only before the first record. */
  reserve(capacity: number): void {
    if (this.nRead > 0) return;
    const cap = Math.max(16, Math.ceil(capacity));
    this.cols = this.form.fields.map(() => new CharColumn(cap));
    this.sourceRow = new NumColumn(cap);
    this.keys = new KeyIndex(
      this.keyIdx.map((i) => this.cols[i]!),
      cap,
    );
  }

  get formId(): string {
    return this.form.id;
  }

  get read(): number {
    return this.nRead;
  }

  /** Index of a field in `values`, or -1. */
  fieldIndex(name: string): number {
    return this.form.fields.findIndex((f) => f.name === name);
  }

  private addRejection(
    row: number,
    code: RejectionCode,
    reason: string,
    column?: string,
    value?: string,
  ): void {
    const r: Rejection = { form: this.form.id, file: this.file, row, code, reason };
    if (column !== undefined) r.column = column;
    if (value !== undefined && value !== "") r.value = value;
    this.rejections.push(r);
  }

  /** Rejects a record the reader could not split into fields (bad quoting, wrong column count). */
  rejectRecord(row: number, code: RejectionCode, reason: string, column?: string, value?: string): void {
    this.nRead++;
    this.nRejected++;
    this.addRejection(row, code, reason, column, value);
    this.clear();
  }

  private clear(): void {
    const v = this.values;
    for (let i = 0; i < v.length; i++) v[i] = "";
  }

  /**
   * Checks the record in `values` (trimmed text) and appends it to the table, or logs its rejections.
   * Returns true when accepted.
   */
  commit(row: number): boolean {
    this.nRead++;
    const v = this.values;
    const fields = this.form.fields;
    let bad = false;
    for (let i = 0; i < v.length; i++) {
      const s = v[i]!;
      if (s === "") {
        if (this.required[i]) {
          bad = true;
          this.addRejection(
            row,
            RejectionCodes.REQUIRED,
            `${fields[i]!.name} is required but empty`,
            fields[i]!.name,
          );
        }
        continue;
      }
      if (this.notUtf8 && s.includes("\uFFFD")) {
        bad = true;
        this.firstNotUtf8Row ??= row;
        this.addRejection(
          row,
          RejectionCodes.NOT_UTF8,
          "file is not UTF-8 (looks like Latin-1/Windows-1252): this value holds bytes that are not valid UTF-8",
          fields[i]!.name,
          s,
        );
        continue;
      }
      const p = (s.length * 3 > MAX_VALUE_BYTES ? checkValueBytes(s) : undefined) ?? this.checks[i]?.(s);
      if (p) {
        bad = true;
        this.addRejection(row, p.code, p.reason, fields[i]!.name, s);
      }
    }
    if (!bad && this.keyIdx.length > 0) {
      // Keys: code the key values (a duplicate's values are all known already, so a rejected
      // duplicate adds nothing to the dictionaries).
      const kc = this.keyCodes;
      for (let j = 0; j < kc.length; j++) kc[j] = this.cols[this.keyIdx[j]!]!.codeOf(v[this.keyIdx[j]!]!);
      const first = this.keys.find(kc);
      if (first >= 0) {
        bad = true;
        const key = this.keyIdx.map((i) => `${fields[i]!.name}=${v[i]}`).join(", ");
        const firstRow = this.sourceRow.values[first]!;
        // The whole record is the problem, not one field: no column; the value is the key.
        this.addRejection(
          row,
          RejectionCodes.DUPLICATE_KEY,
          `duplicate key ${key}: first seen in row ${firstRow}`,
          undefined,
          key,
        );
      }
    }
    if (bad) {
      this.nRejected++;
      this.clear();
      return false;
    }
    const kc = this.keyCodes;
    for (let i = 0; i < v.length; i++) {
      const s = v[i]!;
      const col = this.cols[i]!;
      const slot = this.keySlot[i]!;
      let code: number;
      if (slot >= 0) code = kc[slot]!;
      else if (s === this.lastValue[i]) code = this.lastCode[i]!;
      else {
        code = col.codeOf(s);
        this.lastValue[i] = s;
        this.lastCode[i] = code;
      }
      col.pushCode(code);
      v[i] = "";
    }
    this.sourceRow.push(row);
    if (this.keyIdx.length > 0) this.keys.add(this.n);
    this.n++;
    return true;
  }

  build(): RawTable {
    const accepted = this.n;
    if (this.nRead !== accepted + this.nRejected) {
      throw new Error(
        `${this.file}: read ${this.nRead} records but accepted ${accepted} + rejected ${this.nRejected}`,
      );
    }
    const columns = new Map<string, Column>();
    const variables: VariableMeta[] = [];
    const source = this.form.source === "vendor" ? "Vendor" : "Investigator";
    this.form.fields.forEach((f, i) => {
      const col = this.cols[i]!.seal();
      columns.set(f.name, col);
      let len = 1;
      for (const s of col.dict) if (s.length * 3 > len) len = Math.max(len, Buffer.byteLength(s, "utf8"));
      variables.push({
        name: f.name,
        label: f.label,
        type: "Char",
        length: len,
        dataType: f.type,
        origin: { type: "Collected", source, description: this.file },
        ...(this.form.keys.includes(f.name) ? { keySequence: this.form.keys.indexOf(f.name) + 1 } : {}),
      });
    });
    columns.set(SOURCEROW, this.sourceRow.seal());
    variables.push({
      name: SOURCEROW,
      label: "Source Row in Raw File",
      type: "Num",
      length: 8,
      dataType: "integer",
      origin: { type: "Assigned", description: `data row in ${this.file}` },
    });
    const meta: DatasetMeta = {
      name: this.form.id,
      label: this.form.label,
      standard: "SDTM",
      class: "SPECIAL PURPOSE",
      structure: `One record per ${this.form.label} raw record`,
      keys: [...this.form.keys],
      variables,
      comment: `Raw form ${this.form.id} read from ${this.file}`,
    };
    return {
      form: this.form,
      file: this.file,
      data: new Dataset(meta, columns, accepted),
      read: this.nRead,
      accepted,
      rejected: this.nRejected,
    };
  }
}
