/**
 * DM beyond its mappings: one record per subject, reference dates from other domains (spec subjectRefs),
 * DTHFL, ARM/ACTARM by dose level, COUNTRY from the site list. SDTMIG 3.4 section 5.2.
 */
import { compareValues } from "@trialforge/core";
import type { SdtmDomainSpec, Study } from "@trialforge/spec";
import { computeSubjectDates } from "../algorithms/subject-refs.ts";
import type { Frame } from "../internal/frame.ts";
import type { Rejection } from "../internal/types.ts";

/** Keeps the first DM record per subject; later ones are rejected (DM is one record per subject). */
export function dedupeSubjects(dm: Frame, rejections: Rejection[], fileOf: (form: string) => string): number {
  const subj = dm.char("USUBJID");
  const form = dm.char("__FORM");
  const row = dm.num("__ROW");
  const seen = new Set<string>();
  const keep: number[] = [];
  let dropped = 0;
  for (let i = 0; i < dm.length; i++) {
    const s = subj.get(i);
    if (seen.has(s)) {
      dropped++;
      rejections.push({
        form: form.get(i),
        file: fileOf(form.get(i)),
        row: row.get(i) ?? 0,
        column: "SUBJID",
        code: "SDTM.DUPLICATE_SUBJECT",
        reason: `DM: second demographics record for ${s}`,
        value: s,
      });
      continue;
    }
    seen.add(s);
    keep.push(i);
  }
  if (dropped) dm.reorder(keep);
  return dropped;
}

/** Subject-level reference dates named in the DM spec, taken from the built domains. */
export function deriveDmReferences(
  dm: Frame,
  spec: SdtmDomainSpec,
  frames: ReadonlyMap<string, Frame>,
  formDates: (form: string, field: string, pick: "first" | "last") => Map<string, string>,
): void {
  const subj = dm.char("USUBJID");
  for (const ref of spec.subjectRefs ?? []) {
    if ("form" in ref) {
      const dates = formDates(ref.form, ref.date, ref.pick);
      dm.setChar(ref.variable, (i) => dates.get(subj.get(i)) ?? "");
      continue;
    }
    const src = ref.domain === spec.domain ? dm : frames.get(ref.domain);
    const dates = src ? computeSubjectDates(src, ref.dtc, ref.pick, ref.where) : new Map<string, string>();
    dm.setChar(ref.variable, (i) => dates.get(subj.get(i)) ?? "");
  }
}

export interface ArmInputs {
  study: Study;
  /** Dose at the anchor exposure (the investigational product) per subject. */
  actualDose: ReadonlyMap<string, number>;
  /** Largest relative dose difference that still matches an arm's planned dose. */
  doseTolerance: number;
  /** Subjects with a screen-failure disposition. */
  screenFailures: ReadonlySet<string>;
}

/**
 * ARM from ARMCD; ACTARMCD/ACTARM from the dose actually infused matched to the arms' planned dose;
 * ARMNRS/ACTARMUD when no arm applies (SDTMIG 3.4 5.2: SCREEN FAILURE, ASSIGNED, NOT TREATED, UNPLANNED
 * TREATMENT).
 */
export function deriveArms(dm: Frame, x: ArmInputs): void {
  const subj = dm.char("USUBJID");
  const armcd = dm.char("ARMCD");
  const byCd = new Map(x.study.arms.map((a) => [a.armcd, a]));
  const n = dm.length;
  const arm: string[] = [];
  const act: string[] = [];
  const actArm: string[] = [];
  const nrs: string[] = [];
  const ud: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = subj.get(i);
    const planned = byCd.get(armcd.get(i));
    const dose = x.actualDose.get(s);
    const actual = dose === undefined ? undefined : nearestArm(x.study.arms, dose, x.doseTolerance);
    arm[i] = planned?.arm ?? "";
    act[i] = actual?.armcd ?? "";
    actArm[i] = actual?.arm ?? "";
    ud[i] = dose !== undefined && !actual ? `${dose} ${x.study.arms[0]!.doseUnit}` : "";
    nrs[i] = !planned
      ? x.screenFailures.has(s)
        ? "SCREEN FAILURE"
        : "NOT ASSIGNED"
      : dose === undefined
        ? "ASSIGNED, NOT TREATED"
        : !actual
          ? "UNPLANNED TREATMENT"
          : "";
  }
  if (dm.has("ARM")) dm.setChar("ARM", (i) => arm[i]!);
  if (dm.has("ACTARMCD")) dm.setChar("ACTARMCD", (i) => act[i]!);
  if (dm.has("ACTARM")) dm.setChar("ACTARM", (i) => actArm[i]!);
  if (dm.has("ARMNRS")) dm.setChar("ARMNRS", (i) => nrs[i]!);
  if (dm.has("ACTARMUD")) dm.setChar("ACTARMUD", (i) => ud[i]!);
  // SDTMIG 3.4 5.2 (CORE-000192): RFENDTC is null for screen failures and unassigned subjects
  if (dm.has("RFENDTC")) {
    const end = dm.char("RFENDTC");
    const noArm = (i: number) => nrs[i] === "SCREEN FAILURE" || nrs[i] === "NOT ASSIGNED";
    dm.setChar("RFENDTC", (i) => (noArm(i) ? "" : end.get(i)));
  }
}

/** The arm whose planned dose is nearest the given dose, within the relative tolerance. */
export function nearestArm<A extends { dose: number }>(
  arms: readonly A[],
  dose: number,
  tolerance: number,
): A | undefined {
  let best: A | undefined;
  for (const a of arms) {
    const rel = Math.abs(dose - a.dose) / a.dose;
    if (rel <= tolerance + 1e-12 && (!best || Math.abs(dose - a.dose) < Math.abs(dose - best.dose))) best = a;
  }
  return best;
}

/** DTHFL = "Y" when DTHDTC is known (SDTMIG: null otherwise); COUNTRY from the site when not collected. */
export function deriveDmFlags(dm: Frame, study: Study): void {
  if (dm.has("DTHFL") && dm.has("DTHDTC")) {
    const d = dm.char("DTHDTC");
    dm.setChar("DTHFL", (i) => (d.get(i) ? "Y" : ""));
  }
  if (dm.has("COUNTRY") && dm.has("SITEID")) {
    const c = dm.char("COUNTRY");
    const site = dm.char("SITEID");
    const bySite = new Map(study.sites.map((s) => [s.siteId, s.country]));
    dm.setChar("COUNTRY", (i) => c.get(i) || bySite.get(site.get(i)) || "");
  }
}

/** Sorted subject ids, for deterministic iteration. */
export function subjectsOf(dm: Frame): string[] {
  const subj = dm.char("USUBJID");
  const out: string[] = [];
  for (let i = 0; i < dm.length; i++) out.push(subj.get(i));
  return out.sort(compareValues);
}
