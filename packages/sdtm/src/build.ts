/**
 * buildSdtm: raw tables → SDTM datasets, driven by the study's mapping spec.
 *
 * Order: DM mappings (the subject list) → every mapped domain (records of subjects not in DM are rejected)
 * → DM reference dates, arms and flags → SE (element spans) → per domain: visits, EPOCH, --DY, standard
 * results, --NRIND, --LOBXFL, elapsed times → SV → trial design → --SEQ and SUPP--. Every raw record is
 * carried, rejected with its reason, or deliberately not tabulated with the spec's reason.
 */
import { type Dataset, type Diagnostics, UserError } from "@trialforge/core";
import type { SdtmDomainSpec, SdtmSpec, Study } from "@trialforge/spec";
import type { Terminology } from "@trialforge/terminology";
import { deriveLastObsBeforeExposureFlag } from "./algorithms/baseline-flag.ts";
import { deriveElapsed } from "./algorithms/elapsed.ts";
import { deriveEpoch, type ElementSpan } from "./algorithms/epoch.ts";
import { deriveLookup } from "./algorithms/lookup.ts";
import { deriveSeq, sortRecords } from "./algorithms/seq.ts";
import { deriveNrind, deriveStandardResults } from "./algorithms/standardize.ts";
import { deriveStudyDays } from "./algorithms/study-day.ts";
import { computeSubjectDates, matchesAll } from "./algorithms/subject-refs.ts";
import { buildSupp } from "./algorithms/supp.ts";
import { deriveVisits } from "./algorithms/visit.ts";
import { dedupeSubjects, deriveArms, deriveDmFlags, deriveDmReferences } from "./domains/dm.ts";
import { buildSe } from "./domains/se.ts";
import { buildSv } from "./domains/sv.ts";
import { buildTa, buildTe, buildTi, buildTs, buildTv } from "./domains/trial-design.ts";
import { compileConditions } from "./internal/condition.ts";
import { CtChecker, type CtExtension, type CtSource } from "./internal/ct.ts";
import { Frame } from "./internal/frame.ts";
import { type Consumed, type DomainStats, domainMeta, mapDomain, suppNames } from "./internal/map-domain.ts";
import { computeOrigins, type RecordOrigins } from "./internal/origins.ts";
import type { RawInput, Rejection } from "./internal/types.ts";

export interface BuildSdtmInput {
  study: Study;
  spec: SdtmSpec;
  raw: RawInput;
  /** CDISC CT (loadTerminology()), or any CtSource. */
  terminology: Terminology | CtSource;
  diagnostics: Diagnostics;
}

export interface DomainCount {
  dataset: string;
  records: number;
  /** Distinct raw records that fed this dataset. */
  fromRaw?: number;
  /** Raw records rejected while mapping this dataset. */
  rejected?: number;
}

/** Per raw form: rawIn (records ingest accepted) = carried + rejected + notTabulated. */
export interface SourceReconciliation {
  form: string;
  file: string;
  rawIn: number;
  carried: number;
  rejected: number;
  notTabulated: number;
  /** Domains the form feeds. */
  domains: string[];
}

export interface FlaggedRecord {
  dataset: string;
  usubjid: string;
  form: string;
  file: string;
  row: number;
  code: string;
  reason: string;
}

export interface SdtmResult {
  datasets: Map<string, Dataset>;
  rejections: Rejection[];
  counts: DomainCount[];
  sources: SourceReconciliation[];
  /** Terms kept in extensible codelists that the study's extension list does not name. */
  extensions: CtExtension[];
  /** Carried records with a data issue worth a reviewer's look (e.g. a visit done out of window). */
  flagged: FlaggedRecord[];
  /** Raw records deliberately not tabulated, with the reason. */
  notTabulated: { form: string; file: string; row: number; reason: string }[];
  /** Per domain, the raw file and row of every record (keyed by USUBJID and --SEQ, or the domain's keys). */
  origins: RecordOrigins[];
}

const TRIAL_DESIGN = { ta: buildTa, te: buildTe, tv: buildTv, ti: buildTi } as const;

export function buildSdtm(input: BuildSdtmInput): SdtmResult {
  const { study, spec, raw, diagnostics } = input;
  const ct = new CtChecker(asCtSource(input.terminology), spec.config.codelists, diagnostics);
  const rejections: Rejection[] = [];
  const consumed: Consumed = new Map();
  const fileOf = (form: string) => raw.tables.get(form)?.file ?? form;
  const specFile = (domain: string) => `${spec.dir}/${domain.toLowerCase()}.yaml`;
  const env = { studyId: study.studyId, raw, ct, rejections, consumed, specFile };
  checkSpec(spec, raw, diagnostics);

  // Records deliberately not tabulated are marked first, so no mapping takes them.
  const notTabulated: SdtmResult["notTabulated"] = [];
  const flagged: FlaggedRecord[] = [];
  for (const nt of spec.config.notTabulated) {
    const t = raw.tables.get(nt.form);
    if (!t) continue;
    const test = compileConditions(nt.when, (f) => {
      if (!t.data.has(f)) throw new UserError(`${spec.dir}/_config.yaml: form ${nt.form} has no field ${f}`);
      return t.data.char(f);
    });
    const status = consumed.get(nt.form) ?? new Uint8Array(t.data.length);
    consumed.set(nt.form, status);
    const row = t.data.num("SOURCEROW");
    for (let i = 0; i < t.data.length; i++) {
      if (status[i] || !test(i)) continue;
      status[i] = 3;
      notTabulated.push({ form: nt.form, file: t.file, row: row.get(i) ?? i + 1, reason: nt.reason });
    }
  }

  // DM first: its subjects are the study's subjects.
  const dmSpec = spec.domains.find((d) => d.module === "dm");
  if (!dmSpec) throw new UserError(`SDTM spec ${spec.dir} has no domain with module: dm`);
  const frames = new Map<string, Frame>();
  const stats = new Map<string, DomainStats>();
  const dmMapped = mapDomain(dmSpec, env, undefined);
  const dm = dmMapped.frame;
  const dups = dedupeSubjects(dm, rejections, fileOf);
  dmMapped.stats.rejected += dups;
  dmMapped.stats.fromRaw -= dups;
  frames.set(dmSpec.domain, dm);
  stats.set(dmSpec.domain, dmMapped.stats);
  // Duplicated DM records are rejected: mark them so reconciliation agrees.
  markRejected(consumed, rejections, "SDTM.DUPLICATE_SUBJECT", raw);
  const subjects = new Set<string>();
  for (let i = 0; i < dm.length; i++) subjects.add(dm.char("USUBJID").get(i));

  const mapped = spec.domains.filter((d) => !d.module);
  for (const d of mapped) {
    const r = mapDomain(d, env, subjects);
    frames.set(d.domain, r.frame);
    stats.set(d.domain, r.stats);
  }

  // Anchor (visit windows, elapsed times) and DM's derived variables.
  const anchorFrame = frames.get(spec.config.anchor.domain);
  const anchors = anchorFrame
    ? computeSubjectDates(anchorFrame, spec.config.anchor.dtc, "first", spec.config.anchor.where)
    : new Map<string, string>();
  deriveDmReferences(dm, dmSpec, frames);
  deriveDmFlags(dm, study);
  if (dm.has("ARMCD")) {
    deriveArms(dm, {
      study,
      actualDose: anchorDoses(anchorFrame, spec),
      doseTolerance: spec.config.anchor.doseTolerance,
      screenFailures: screenFailures(frames, spec),
    });
  }

  // SE: element spans per subject (actual arm, else planned).
  const seSpec = spec.domains.find((d) => d.module === "se");
  let spans = new Map<string, ElementSpan[]>();
  if (seSpec) {
    const se = new Frame(domainMeta(seSpec));
    const subj = dm.char("USUBJID");
    const act = dm.has("ACTARMCD") ? dm.char("ACTARMCD") : undefined;
    const pl = dm.has("ARMCD") ? dm.char("ARMCD") : undefined;
    const list = Array.from({ length: dm.length }, (_, i) => ({
      usubjid: subj.get(i),
      armcd: act?.get(i) || pl?.get(i) || "",
    }));
    spans = buildSe(se, study, spec.config, frames, list);
    frames.set(seSpec.domain, se);
  }

  // Trial design (TS after DM: SSTDTC and ACTSUB come from the data).
  for (const d of spec.domains) {
    if (!d.module || !(d.module in TRIAL_DESIGN)) continue;
    const f = new Frame(domainMeta(d));
    TRIAL_DESIGN[d.module as keyof typeof TRIAL_DESIGN](f, study);
    frames.set(d.domain, f);
  }

  // Per-domain derivations, each switched on by the domain spec.
  const rfstdtc = subjectColumn(dm, "RFSTDTC");
  const visitWindows = study.visits.map((v) => ({
    VISITNUM: v.VISITNUM,
    VISIT: v.VISIT,
    day: v.day,
    windowLow: v.windowLow,
    windowHigh: v.windowHigh,
  }));
  const derive = (d: SdtmDomainSpec, f: Frame) => {
    const prefix = d.domain;
    if (d.visit) {
      const late = deriveVisits(f, d.visit.dtc, anchors, visitWindows, spec.config.unscheduledStep);
      const subj = f.char("USUBJID");
      const form = f.char("__FORM");
      const row = f.num("__ROW");
      for (const o of late) {
        flagged.push({
          dataset: d.domain,
          usubjid: subj.get(o.row),
          form: form.get(o.row),
          file: fileOf(form.get(o.row)),
          row: row.get(o.row) ?? 0,
          code: "SDTM.VISIT_OUT_OF_WINDOW",
          reason: `${o.visit} done on protocol day ${o.protocolDay}, outside its window; kept as the nominal visit`,
        });
      }
      if (late.length > 0)
        diagnostics.warning(
          "SDTM.VISIT_OUT_OF_WINDOW",
          `${late.length} ${d.domain} records were done outside their visit window (kept as the nominal visit; listed in the result's flagged records)`,
          { dataset: d.domain },
        );
    }
    if (d.epoch) deriveEpoch(f, d.epoch.dtc, spans);
    deriveStudyDays(f, rfstdtc);
    if (d.standardize)
      deriveStandardResults(f, prefix, d.standardize.conversions, d.standardize.ranges, diagnostics);
    if (d.nrind) deriveNrind(f, prefix);
    if (d.baselineFlag) {
      const b = d.baselineFlag;
      deriveLastObsBeforeExposureFlag(
        f,
        b.variable,
        b.dtc,
        f.has(`${prefix}STRESC`) ? `${prefix}STRESC` : `${prefix}ORRES`,
        b.by,
        subjectColumn(dm, b.reference),
      );
    }
    for (const l of d.lookups ?? []) deriveLookup(f, l.variable, l.by, frames.get(l.domain), l.value);
    if (d.elapsed)
      deriveElapsed(
        f,
        d.elapsed.dtc,
        d.elapsed.eltm,
        d.elapsed.tptref,
        d.elapsed.rftdtc,
        anchors,
        spec.config.anchor.label,
        d.elapsed.plannedHours,
      );
  };
  for (const d of [dmSpec, ...mapped]) derive(d, frames.get(d.domain)!);
  if (seSpec) derive(seSpec, frames.get(seSpec.domain)!);

  const tsSpec = spec.domains.find((d) => d.module === "ts");
  if (tsSpec) {
    const f = new Frame(domainMeta(tsSpec));
    buildTs(f, study, { firstConsent: firstConsent(dm), treated: anchors.size });
    frames.set(tsSpec.domain, f);
  }

  // SV from every domain that has visits.
  const svSpec = spec.domains.find((d) => d.module === "sv");
  if (svSpec) {
    const sv = new Frame(domainMeta(svSpec));
    buildSv(
      sv,
      study,
      mapped.filter((d) => d.visit).map((d) => ({ frame: frames.get(d.domain)!, dtc: d.visit!.dtc })),
    );
    derive(svSpec, sv);
    frames.set(svSpec.domain, sv);
  }

  // Order, --SEQ, datasets, SUPP--.
  const datasets = new Map<string, Dataset>();
  const counts: DomainCount[] = [];
  const origins: RecordOrigins[] = [];
  for (const d of spec.domains) {
    const f = frames.get(d.domain);
    if (!f) continue;
    if (d.seq) deriveSeq(f, d.seq.variable, d.seq.order);
    else f.reorder(sortRecords(f, [...d.keys, "__FORM", "__ROW"]));
    const idVars = d.seq ? ["USUBJID", d.seq.variable] : d.keys.filter((k) => k !== "STUDYID");
    origins.push(computeOrigins(f, idVars, fileOf));
    const nonAscii = new Map<string, number>();
    const ds = f.toDataset(nonAscii);
    for (const [v, n] of nonAscii)
      diagnostics.info(
        "SDTM.NON_ASCII",
        `${n} values had non-ASCII characters, written in ASCII (e.g. ≥ as >=)`,
        { dataset: d.domain, variable: v },
      );
    checkDataset(ds, d, diagnostics);
    datasets.set(d.domain, ds);
    const st = stats.get(d.domain);
    counts.push({
      dataset: d.domain,
      records: ds.length,
      ...(st ? { fromRaw: st.fromRaw, rejected: st.rejected } : {}),
    });
    if (suppNames(d).length > 0) {
      const supp = buildSupp(f, d, study.studyId);
      if (supp) {
        datasets.set(supp.name, supp);
        counts.push({ dataset: supp.name, records: supp.length });
      }
    }
  }

  const sources = reconcile(raw, consumed, spec, rejections, diagnostics);
  return {
    datasets,
    rejections,
    counts,
    sources,
    extensions: ct.extensions(),
    notTabulated,
    flagged,
    origins,
  };
}

/** The CT package seen through what the mappings need (submission value by lookup, synonyms allowed). */
export function asCtSource(t: Terminology | CtSource): CtSource {
  if ("find" in t) return t;
  return {
    find: (codelist, value) => t.lookup(codelist, value)?.term.value,
    isExtensible: (codelist) => t.codelist(codelist)?.extensible,
  };
}

function subjectColumn(dm: Frame, name: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!dm.has(name)) return out;
  const subj = dm.char("USUBJID");
  const v = dm.char(name);
  for (let i = 0; i < dm.length; i++) if (v.get(i)) out.set(subj.get(i), v.get(i));
  return out;
}

function anchorDoses(f: Frame | undefined, spec: SdtmSpec): Map<string, number> {
  const out = new Map<string, number>();
  const a = spec.config.anchor;
  if (!f || !a.dose) return out;
  const ok = matchesAll(f, a.where);
  const subj = f.char("USUBJID");
  const dose = f.num(a.dose);
  for (let i = 0; i < f.length; i++) {
    const x = dose.get(i);
    if (ok(i) && x !== null && !out.has(subj.get(i))) out.set(subj.get(i), x);
  }
  return out;
}

function screenFailures(frames: ReadonlyMap<string, Frame>, spec: SdtmSpec): Set<string> {
  const out = new Set<string>();
  const sf = spec.config.screenFailure;
  const f = sf ? frames.get(sf.domain) : undefined;
  if (!sf || !f) return out;
  const ok = matchesAll(f, sf.where);
  const subj = f.char("USUBJID");
  for (let i = 0; i < f.length; i++) if (ok(i)) out.add(subj.get(i));
  return out;
}

function firstConsent(dm: Frame): string | undefined {
  if (!dm.has("RFICDTC")) return undefined;
  const c = dm.char("RFICDTC");
  let min: string | undefined;
  for (let i = 0; i < dm.length; i++) {
    const d = c.get(i).slice(0, 10);
    if (d.length === 10 && (!min || d < min)) min = d;
  }
  return min;
}

function markRejected(
  consumed: Consumed,
  rejections: readonly Rejection[],
  code: string,
  raw: RawInput,
): void {
  for (const r of rejections) {
    if (r.code !== code) continue;
    const t = raw.tables.get(r.form);
    const status = consumed.get(r.form);
    if (!t || !status) continue;
    const rows = t.data.num("SOURCEROW");
    for (let i = 0; i < t.data.length; i++) if (rows.get(i) === r.row) status[i] = 2;
  }
}

/** Spec-against-data checks that need the raw forms: every mapped form exists in the study. */
function checkSpec(spec: SdtmSpec, raw: RawInput, diagnostics: Diagnostics): void {
  for (const d of spec.domains) {
    for (const s of d.sources) {
      if (!raw.tables.has(s.form))
        diagnostics.warning(
          "SDTM.NO_RAW_FORM",
          `${d.domain}: raw form ${s.form} is not in the raw data; no records from it`,
          { dataset: d.domain },
        );
    }
  }
}

/** Lengths within the spec's maxima; Req variables populated (SDTMIG 4.1: Req may never be null). */
function checkDataset(ds: Dataset, d: SdtmDomainSpec, diagnostics: Diagnostics): void {
  for (const v of d.variables) {
    const meta = ds.meta.variables.find((x) => x.name === v.name)!;
    if (v.type === "Char" && v.length !== undefined && meta.length > v.length) {
      diagnostics.warning(
        "SDTM.LENGTH",
        `${d.domain}.${v.name}: longest value has ${meta.length} bytes, spec allows ${v.length}`,
        { dataset: d.domain, variable: v.name },
      );
    }
    if (v.core !== "Req" || ds.length === 0) continue;
    const col = ds.column(v.name);
    let missing = 0;
    for (let i = 0; i < ds.length; i++) if (col.get(i) === null || col.get(i) === "") missing++;
    if (missing > 0)
      diagnostics.warning(
        "SDTM.REQ_MISSING",
        `${d.domain}.${v.name} is required but missing in ${missing} of ${ds.length} records`,
        { dataset: d.domain, variable: v.name },
      );
  }
}

/**
 * Per form: raw in = carried + rejected + not tabulated. A record nothing took is rejected with
 * SDTM.NOT_MAPPED so it is never silently lost.
 */
function reconcile(
  raw: RawInput,
  consumed: Consumed,
  spec: SdtmSpec,
  rejections: Rejection[],
  diagnostics: Diagnostics,
): SourceReconciliation[] {
  const out: SourceReconciliation[] = [];
  const forms = [...raw.tables.keys()].sort();
  for (const form of forms) {
    const t = raw.tables.get(form)!;
    const status = consumed.get(form) ?? new Uint8Array(t.data.length);
    const rows = t.data.num("SOURCEROW");
    let carried = 0;
    let rejected = 0;
    let nt = 0;
    let unmapped = 0;
    for (let i = 0; i < t.data.length; i++) {
      const s = status[i]!;
      if (s === 1) carried++;
      else if (s === 2) rejected++;
      else if (s === 3) nt++;
      else {
        unmapped++;
        rejected++;
        rejections.push({
          form,
          file: t.file,
          row: rows.get(i) ?? i + 1,
          code: "SDTM.NOT_MAPPED",
          reason: `no SDTM mapping takes this ${form} record (check the sources' where conditions)`,
        });
      }
    }
    if (unmapped > 0)
      diagnostics.warning(
        "SDTM.NOT_MAPPED",
        `${unmapped} ${form} records are taken by no SDTM mapping; rejected`,
        { file: t.file },
      );
    const domains = spec.domains.filter((d) => d.sources.some((s) => s.form === form)).map((d) => d.domain);
    out.push({ form, file: t.file, rawIn: t.data.length, carried, rejected, notTabulated: nt, domains });
  }
  return out;
}
