/**
 * Messy mode: the handful of real-world export defects ingest and SDTM must cope with, each injected once
 * (or twice) at a seeded subject and reported in the manifest: partial dates, stray case and spaces in
 * coded values, one duplicate record, one term outside the pick list, one out-of-window visit.
 * An injection whose chosen subject lacks the needed record moves on to the next subject.
 */
import type { Study } from "@trialforge/spec";
import type { Rng } from "../prng.ts";
import type { EdcRecord } from "./edc.ts";
import type { Profile } from "./subject.ts";

export type MessyKind =
  | "partial-date"
  | "stray-case"
  | "stray-space"
  | "duplicate-record"
  | "unknown-term"
  | "out-of-window-visit";

export interface MessyRecord {
  kind: MessyKind;
  form: string;
  subject: string;
  field: string;
  /** Value written (for the duplicate: the key). */
  value: string;
  /** Index of the affected record among the subject's records of that form (0-based). */
  recordIndex: number;
  /** 1-based data row in the CSV (filled in by the writer); for vendor/visit shifts, absent. */
  row?: number;
  note: string;
}

interface Injection {
  /** Profile injections run before records are drawn; record injections edit the EDC records. */
  stage: "profile" | "records";
  target: number;
  done: boolean;
  /** Edits records / profile; returns what was changed, or undefined when this subject cannot take it. */
  apply(p: Profile, recs: Map<string, EdcRecord[]>): MessyRecord[] | undefined;
}

function first<T>(list: T[] | undefined, pred: (t: T) => boolean): number {
  return list ? list.findIndex(pred) : -1;
}

export class MessyPlan {
  private readonly injections: Injection[] = [];
  readonly applied: MessyRecord[] = [];

  constructor(rng: Rng, study: Study, treatedIndexes: number[]) {
    const pick = () => treatedIndexes[rng.int(0, treatedIndexes.length - 1)] ?? 0;
    const add = (apply: Injection["apply"]) =>
      this.injections.push({ stage: "records", target: pick(), done: false, apply });

    add((p, recs) => {
      const ae = recs.get("AE");
      const i = first(ae, (r) => /^\d{2}-[A-Z]{3}-\d{4}$/.test(r.AESTDAT ?? ""));
      if (i < 0) return undefined;
      const v = `UN${ae![i]!.AESTDAT!.slice(2)}`;
      ae![i]!.AESTDAT = v;
      return [
        {
          kind: "partial-date",
          form: "AE",
          subject: p.subjid,
          field: "AESTDAT",
          value: v,
          recordIndex: i,
          note: "start day unknown",
        },
      ];
    });
    add((p, recs) => {
      const ae = recs.get("AE");
      const i = first(ae, (r) => /^\d{2}-[A-Z]{3}-\d{4}$/.test(r.AEENDAT ?? ""));
      if (i < 0) return undefined;
      const v = `UN${ae![i]!.AEENDAT!.slice(2)}`;
      ae![i]!.AEENDAT = v;
      return [
        {
          kind: "partial-date",
          form: "AE",
          subject: p.subjid,
          field: "AEENDAT",
          value: v,
          recordIndex: i,
          note: "end day unknown",
        },
      ];
    });
    add((p, recs) => {
      const cm = recs.get("CM_PRIOR");
      const i = first(cm, (r) => /^\d{2}-[A-Z]{3}-\d{4}$/.test(r.CMSTDAT ?? ""));
      if (i < 0) return undefined;
      const v = `UN-UNK-${cm![i]!.CMSTDAT!.slice(7)}`;
      cm![i]!.CMSTDAT = v;
      return [
        {
          kind: "partial-date",
          form: "CM_PRIOR",
          subject: p.subjid,
          field: "CMSTDAT",
          value: v,
          recordIndex: i,
          note: "start day and month unknown",
        },
      ];
    });
    add((p, recs) => {
      const dm = recs.get("DM")?.[0];
      if (!dm?.SEX) return undefined;
      dm.SEX = ` ${dm.SEX.toLowerCase()}`;
      return [
        {
          kind: "stray-case",
          form: "DM",
          subject: p.subjid,
          field: "SEX",
          value: dm.SEX,
          recordIndex: 0,
          note: "lower case with a leading space",
        },
      ];
    });
    add((p, recs) => {
      const ae = recs.get("AE");
      if (!ae || ae.length === 0) return undefined;
      const r = ae[0]!;
      r.AESER = `${(r.AESER ?? "N").toLowerCase()} `;
      r.AEREL = (r.AEREL ?? "").toLowerCase();
      return [
        {
          kind: "stray-space",
          form: "AE",
          subject: p.subjid,
          field: "AESER",
          value: r.AESER,
          recordIndex: 0,
          note: "lower case with a trailing space",
        },
        {
          kind: "stray-case",
          form: "AE",
          subject: p.subjid,
          field: "AEREL",
          value: r.AEREL,
          recordIndex: 0,
          note: "lower case",
        },
      ];
    });
    add((p, recs) => {
      const ds = recs.get("DS")?.[0];
      if (!ds?.DSDECOD) return undefined;
      ds.DSDECOD = `${ds.DSDECOD.charAt(0)}${ds.DSDECOD.slice(1).toLowerCase()} `;
      return [
        {
          kind: "stray-case",
          form: "DS",
          subject: p.subjid,
          field: "DSDECOD",
          value: ds.DSDECOD,
          recordIndex: 0,
          note: "mixed case with a trailing space",
        },
      ];
    });
    add((p, recs) => {
      const ae = recs.get("AE");
      if (!ae || ae.length === 0) return undefined;
      const i = ae.length - 1;
      ae.splice(i + 1, 0, { ...ae[i]! });
      return [
        {
          kind: "duplicate-record",
          form: "AE",
          subject: p.subjid,
          field: "AESPID",
          value: ae[i]!.AESPID ?? "",
          recordIndex: i + 1,
          note: "exact copy of the previous record (same key)",
        },
      ];
    });
    add((p, recs) => {
      const ae = recs.get("AE");
      const i = first(ae, (r) => r.AEOUT === "RECOVERED/RESOLVED");
      if (i < 0) return undefined;
      ae![i]!.AEOUT = "RESOLVED";
      return [
        {
          kind: "unknown-term",
          form: "AE",
          subject: p.subjid,
          field: "AEOUT",
          value: "RESOLVED",
          recordIndex: i,
          note: "term not in the AEOUT pick list / CT",
        },
      ];
    });
    // The first post-infusion visit with a window, taken one day past its upper bound.
    const shifted = study.visits.find((v) => v.day > 0 && v.windowHigh > 0);
    if (shifted) {
      this.injections.push({
        stage: "profile",
        target: pick(),
        done: false,
        apply: (p) => {
          if (!p.visitDays.has(shifted.VISITNUM)) return undefined;
          const day = shifted.day + shifted.windowHigh + 1;
          p.visitDays.set(shifted.VISITNUM, day);
          return [
            {
              kind: "out-of-window-visit",
              form: "*",
              subject: p.subjid,
              field: "VISIT",
              value: shifted.VISIT,
              recordIndex: -1,
              note: `${shifted.VISIT} done on day ${day}, window is day ${shifted.day + shifted.windowLow} to ${shifted.day + shifted.windowHigh}`,
            },
          ];
        },
      });
    }
  }

  /** Visit shifts must happen before any record is drawn from the profile. */
  applyToProfile(p: Profile): void {
    for (const inj of this.injections) {
      if (inj.done || p.index < inj.target || inj.stage !== "profile") continue;
      const r = inj.apply(p, new Map());
      if (r) {
        inj.done = true;
        this.applied.push(...r);
      }
    }
  }

  applyToRecords(p: Profile, recs: Map<string, EdcRecord[]>): MessyRecord[] {
    const out: MessyRecord[] = [];
    for (const inj of this.injections) {
      if (inj.done || p.index < inj.target || inj.stage !== "records") continue;
      const r = inj.apply(p, recs);
      if (r) {
        inj.done = true;
        out.push(...r);
      }
    }
    return out;
  }
}
