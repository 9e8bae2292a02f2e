/**
 * Method text (define.xml MethodDef) for derived variables the spec leaves without one: each names the
 * shared derivation that sets the variable, with the domain spec's own settings filled in.
 */
import type { SdtmDomainSpec, SdtmVariable } from "@trialforge/spec";

export function defaultMethod(
  d: SdtmDomainSpec,
  v: SdtmVariable,
  subjectPrefix?: string,
): string | undefined {
  const n = v.name;
  const p = d.domain;
  if (d.seq && n === d.seq.variable)
    return `Sequential number 1..n within USUBJID, records ordered by ${d.seq.order.join(", ")}`;
  if (n === "USUBJID")
    return subjectPrefix === undefined
      ? "STUDYID and the raw subject identifier joined by a hyphen"
      : `"${subjectPrefix}" followed by the raw subject identifier`;
  if (n === "EPOCH" && d.epoch)
    return `EPOCH of the subject's SE element whose start/end holds ${d.epoch.dtc}`;
  if (n === "VISITNUM" || n === "VISIT") {
    if (d.visit)
      return `Nominal visit as collected when it names a planned visit (TV); otherwise the visit whose window (days from the anchor event) holds ${d.visit.dtc}; unscheduled: preceding VISITNUM + 0.01 per date, VISIT "UNSCHEDULED" and the number`;
  }
  if (/DY$/.test(n) && v.type === "Num" && n !== "VISITDY") {
    return `${n.slice(0, -2)}DTC minus DM.RFSTDTC (+1 on or after RFSTDTC; no day 0); missing for partial dates`;
  }
  const ref = d.subjectRefs?.find((r) => r.variable === n);
  if (ref && "form" in ref)
    return `${ref.pick === "first" ? "Earliest" : "Latest"} ${ref.date} of raw form ${ref.form}`;
  if (ref) {
    const where = ref.where?.map((w) => `${w.variable} = ${w.equals ?? w.in?.join("/")}`).join(" and ");
    return `${ref.pick === "first" ? "Earliest" : "Latest"} ${ref.domain}.${ref.dtc}${where ? ` where ${where}` : ""}`;
  }
  if (d.standardize) {
    if (n === `${p}STRESC`)
      return `${p}ORRES converted to the standard unit by the spec's factor per ${p}TESTCD and ${p}ORRESU; limit results ("<x") keep the sign with the limit converted; text results upper-cased`;
    if (n === `${p}STRESN`) return `Numeric value of ${p}STRESC; missing for text and limit results`;
    if (n === `${p}STRESU`) return "Standard unit of the conversion applied";
    if (n === `${p}STNRLO` || n === `${p}STNRHI`)
      return `${p}ORNR${n.slice(-2)} converted by the same factor as the result`;
  }
  if (d.nrind && n === `${p}NRIND`)
    return `LOW when ${p}STRESN < ${p}STNRLO, HIGH when > ${p}STNRHI, else NORMAL. Limit results ("<x", taken as 0 <= value < x; ">x"): LOW when x <= ${p}STNRLO, HIGH when x >= ${p}STNRHI, NORMAL when the whole interval lies within the range; otherwise blank, because the value could fall either side of a reference limit (e.g. "<0.5" against 0-0)`;
  if (d.baselineFlag && n === d.baselineFlag.variable)
    return `"Y" on the last non-missing result on or before DM.${d.baselineFlag.reference} per USUBJID, ${d.baselineFlag.by.join(", ")}`;
  if (d.elapsed) {
    // SDTMIG: --ELTM is planned; deriveElapsed takes the nominal hours when the spec names them.
    if (n === d.elapsed.eltm)
      return d.elapsed.plannedHours
        ? `ISO 8601 duration of the planned elapsed time ${d.elapsed.plannedHours} (hours) after the anchor event`
        : `ISO 8601 duration from the anchor event start to ${d.elapsed.dtc}`;
    if (n === d.elapsed.tptref) return "Name of the reference event: the study's anchor event";
    if (n === d.elapsed.rftdtc) return "Start date/time of the anchor event";
  }
  const flag = d.referenceFlags?.find((r) => r.variable === n && !r.supp);
  if (flag)
    return `"Y" when ${flag.dtc} is on or after DM.${flag.reference} at their common precision, "N" before`;
  const look = d.lookups?.find((l) => l.variable === n);
  if (look) return `${look.domain}.${look.value} of the ${look.domain} record with the same ${look.by}`;
  return undefined;
}
