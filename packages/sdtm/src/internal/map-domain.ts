/**
 * The mapping engine: raw records of each source form → records of one domain, by the spec's algorithms.
 * STUDYID, DOMAIN and USUBJID (STUDYID-SUBJID, SDTMIG 4.1.2) are set for every domain that declares them.
 * A raw record with any rejected value is not carried (it is in the rejection log instead).
 */
import {
  type CharColumn,
  type Column,
  type DatasetMeta,
  UserError,
  type VariableMeta,
} from "@trialforge/core";
import type { Mapping, SdtmDomainSpec, SdtmVariable, SuppSpec } from "@trialforge/spec";
import { compileMapping, type Getter, type MapContext } from "../algorithms/index.ts";
import { compileConditions } from "./condition.ts";
import type { CtChecker } from "./ct.ts";
import { FORM_COL, Frame, ROW_COL, suppCol } from "./frame.ts";
import { defaultMethod } from "./methods.ts";
import type { RawInput, Rejection } from "./types.ts";

/** Raw record status per form: 0 not yet used, 1 carried, 2 rejected. */
export type Consumed = Map<string, Uint8Array>;

export interface MapEnv {
  studyId: string;
  /** USUBJID = this prefix + the raw subject identifier (default: STUDYID and "-"). */
  subjectPrefix?: string | undefined;
  raw: RawInput;
  ct: CtChecker;
  rejections: Rejection[];
  consumed: Consumed;
  /** Spec file for messages, e.g. "specs/nct05563545/sdtm/ae.yaml". */
  specFile: (domain: string) => string;
}

export interface DomainStats {
  /** Distinct raw records carried into the domain. */
  fromRaw: number;
  /** Distinct raw records rejected while mapping this domain. */
  rejected: number;
}

export function variableMeta(v: SdtmVariable, keys: readonly string[]): VariableMeta {
  const k = keys.indexOf(v.name);
  return {
    name: v.name,
    label: v.label,
    type: v.type,
    length: v.type === "Num" ? 8 : (v.length ?? 200),
    ...(v.dataType ? { dataType: v.dataType } : {}),
    origin: { type: v.origin, ...(v.originSource ? { source: v.originSource } : {}) },
    ...(v.codelist ? { codelist: v.codelist } : {}),
    ...(v.method ? { method: v.method } : {}),
    ...(v.comment ? { comment: v.comment } : {}),
    core: v.core,
    ...(k >= 0 ? { keySequence: k + 1 } : {}),
  };
}

export function domainMeta(d: SdtmDomainSpec, subjectPrefix?: string): DatasetMeta {
  const withMethods = d.variables.map((v) =>
    v.origin === "Derived" && !v.method ? { ...v, method: defaultMethod(d, v, subjectPrefix) } : v,
  );
  return {
    name: d.domain,
    label: d.label,
    standard: "SDTM",
    class: d.class,
    structure: d.structure,
    keys: d.keys,
    variables: withMethods.map((v) => variableMeta(v, d.keys)),
    purpose: "Tabulation",
    domain: d.domain,
  };
}

/** QNAMs of all sources of a domain, first definition wins. */
export function suppNames(d: SdtmDomainSpec): string[] {
  const out: string[] = [];
  for (const q of suppSpecs(d)) if (!out.includes(q.qnam)) out.push(q.qnam);
  return out;
}

/** Every SUPP-- qualifier of a domain (source- and record-level, then reference flags), in spec order. */
export function suppSpecs(d: SdtmDomainSpec): Omit<SuppSpec, "mapping">[] {
  return [
    ...d.sources.flatMap((s) => [...(s.supp ?? []), ...(s.records ?? []).flatMap((r) => r.supp ?? [])]),
    ...(d.referenceFlags ?? []).flatMap((r) => (r.supp ? [{ qnam: r.variable, ...r.supp }] : [])),
  ];
}

export function mapDomain(
  d: SdtmDomainSpec,
  env: MapEnv,
  subjects: ReadonlySet<string> | undefined,
): { frame: Frame; stats: DomainStats } {
  const frame = new Frame(domainMeta(d, env.subjectPrefix), suppNames(d).map(suppCol));
  const stats: DomainStats = { fromRaw: 0, rejected: 0 };
  const colNames = [...frame.cols.keys()];
  const cols = colNames.map((n) => frame.cols.get(n)!);
  const colIndex = new Map(colNames.map((n, i) => [n, i]));

  for (const src of d.sources) {
    const table = env.raw.tables.get(src.form);
    if (!table) continue; // a form with no export contributes no records; reconciliation covers the forms present
    const data = table.data;
    const srcRow = data.num("SOURCEROW");
    const consumed = env.consumed.get(src.form) ?? new Uint8Array(data.length);
    env.consumed.set(src.form, consumed);
    let bad = false;
    const reject = (row: number, column: string, code: string, reason: string, value?: string) => {
      bad = true;
      env.rejections.push({
        form: src.form,
        file: table.file,
        row: srcRow.get(row) ?? row + 1,
        column,
        code,
        reason,
        ...(value !== undefined ? { value } : {}),
      });
    };
    const field = (name: string): CharColumn => {
      if (!data.has(name))
        throw new UserError(`${env.specFile(d.domain)}: form ${src.form} has no field ${name}`);
      return data.char(name);
    };
    const dayFirst = table.form.dateOrder === "dayFirst";
    const ctxFor = (target: string): MapContext => ({
      form: src.form,
      target,
      field,
      ct: env.ct,
      reject,
      dayFirst,
    });
    const compile = (target: string, m: Mapping): Getter => {
      try {
        return compileMapping(m, ctxFor(`${d.domain}.${target}`));
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(`${env.specFile(d.domain)}: ${(e as Error).message}`);
      }
    };
    const plan = (map: Record<string, Mapping>) =>
      Object.entries(map).map(([v, m]) => ({
        col: colIndex.get(v)!,
        get: compile(v, m),
        num: frame.meta.variables.find((x) => x.name === v)?.type === "Num",
      }));
    const common = plan(src.map);
    const supp = (src.supp ?? []).map((q) => ({
      col: colIndex.get(suppCol(q.qnam))!,
      get: compile(q.qnam, q.mapping),
      num: false,
    }));
    const records = (src.records ?? [{ map: {} }]).map((r) => ({
      when: r.when ? compileConditions(r.when, field) : undefined,
      entries: [
        ...plan(r.map),
        ...(r.supp ?? []).map((q) => ({
          col: colIndex.get(suppCol(q.qnam))!,
          get: compile(q.qnam, q.mapping),
          num: false,
        })),
      ],
    }));
    const where = src.where ? compileConditions(src.where, field) : undefined;
    const subj = field(table.form.subjectField);
    const prefix = env.subjectPrefix ?? `${env.studyId}-`;
    const usubjOf = subj.dict.map((s) => `${prefix}${s}`);
    const fixed: [number, string | number][] = [];
    if (colIndex.has("STUDYID")) fixed.push([colIndex.get("STUDYID")!, env.studyId]);
    if (colIndex.has("DOMAIN")) fixed.push([colIndex.get("DOMAIN")!, d.domain]);
    const usubjCol = colIndex.get("USUBJID");
    const formCol = colIndex.get(FORM_COL)!;
    const rowCol = colIndex.get(ROW_COL)!;

    const values: (string | number | null)[] = new Array(cols.length).fill(null);
    const pending: (string | number | null)[][] = [];
    const single = records.length === 1;
    // Plain copies of a raw field into a text variable copy dictionary codes (no per-record hashing).
    const copied = new Map<number, CharColumn>();
    for (const e of common) {
      const overridden = records.some((r) => r.entries.some((x) => x.col === e.col));
      if (e.get.source && cols[e.col]!.kind === "Char" && !overridden) copied.set(e.col, e.get.source);
    }
    if (usubjCol !== undefined) copied.set(usubjCol, subj);
    const evaluated = common.filter((e) => !copied.has(e.col));
    const pushers = cols.map((c, k) => {
      const src = copied.get(k);
      if (!src) return makePusher(c, frame.meta.name, colNames[k]!);
      const text = k === usubjCol ? usubjOf : src.dict;
      return makeCodeCopier(c as CharColumn, src, text);
    });
    for (let i = 0; i < data.length; i++) {
      if (where && !where(i)) continue;
      if (consumed[i]! >= 2) continue; // rejected by another mapping, or deliberately not tabulated
      const usubjid = usubjOf[subj.codes[i]!]!;
      if (subjects && !subjects.has(usubjid)) {
        reject(
          i,
          table.form.subjectField,
          "SDTM.SUBJECT_NOT_IN_DM",
          `${d.domain}: subject ${subj.get(i)} has no DM record`,
          subj.get(i),
        );
        bad = false;
        consumed[i] = 2;
        stats.rejected++;
        continue;
      }
      bad = false;
      values.fill(null);
      for (const e of evaluated) values[e.col] = e.get(i);
      for (const e of supp) values[e.col] = e.get(i);
      pending.length = 0;
      for (const r of records) {
        if (r.when && !r.when(i)) continue;
        const rec = single ? values : values.slice();
        for (const e of r.entries) rec[e.col] = e.get(i);
        pending.push(rec);
      }
      if (bad) {
        consumed[i] = 2;
        stats.rejected++;
        continue;
      }
      if (pending.length === 0) continue; // no entry applies: another domain may carry the record
      for (const rec of pending) {
        for (const [c, v] of fixed) rec[c] = v;
        rec[formCol] = src.form;
        rec[rowCol] = srcRow.get(i) ?? i + 1;
        for (let c = 0; c < cols.length; c++) pushers[c]!(rec[c]!, i);
        frame.length++;
      }
      if (consumed[i] === 0) consumed[i] = 1;
      stats.fromRaw++;
    }
  }
  return { frame, stats };
}

/** Appends the text of raw record `row` of `src` (as `text[code]`) by dictionary code. */
function makeCodeCopier(
  col: CharColumn,
  src: CharColumn,
  text: readonly string[],
): (v: unknown, row: number) => void {
  const remap = new Int32Array(src.dict.length).fill(-1);
  return (_v, row) => {
    const rc = src.codes[row]!;
    let fc = remap[rc]!;
    if (fc < 0) {
      fc = col.codeOf(text[rc]!);
      remap[rc] = fc;
    }
    col.pushCode(fc);
  };
}

/** Appends values to one column; text columns remember the last value's code (runs of equal values). */
function makePusher(col: Column, ds: string, name: string): (v: string | number | null) => void {
  if (col.kind === "Num") {
    return (v) => {
      if (typeof v === "string" && v !== "" && !Number.isFinite(Number(v)))
        throw new UserError(`${ds}.${name}: "${v}" is not a number (numeric variable mapped from text)`);
      col.push(v);
    };
  }
  let last: string | undefined;
  let lastCode = 0;
  return (v) => {
    const s = v === null ? "" : typeof v === "string" ? v : String(v);
    if (s !== last) {
      last = s;
      lastCode = col.codeOf(s);
    }
    col.pushCode(lastCode);
  };
}
