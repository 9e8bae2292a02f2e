/**
 * ADSL exposure variables from the spec's `adsl.exposure`: total dose received per drug (with optional unit
 * variable and percent of the planned arm's dose) and days of dosing. Drug names live in the spec's selectors,
 * planned doses in the study's arms; nothing here names a drug.
 */
import type { Dataset, Diagnostics, InputValue, VariableMeta } from "@trialforge/core";
import { UserError } from "@trialforge/core";
import type { AdamSelector, AdamSpec } from "@trialforge/spec";
import {
  computeAdministrations,
  computeDoseTotal,
  computeDosingDays,
  computePercentOfPlanned,
} from "../derivations/dose-received.ts";
import { charAt, dateAccessor, numAt, rowsBySubject, selectRows } from "../internal/frame.ts";
import { derivedOrigin } from "../internal/meta.ts";
import type { AdamStudy } from "../internal/study.ts";

/** Selector as method text: `EX records with EXCAT = "LYMPHODEPLETION" and EXTRT = "FLUDARABINE"`. */
function selectorText(sel: AdamSelector): string {
  const conds = Object.entries(sel.where).map(([v, vals]) =>
    vals.length === 1 ? `${v} = "${vals[0]}"` : `${v} in (${vals.map((x) => `"${x}"`).join(", ")})`,
  );
  return `${sel.domain} records${conds.length ? ` with ${conds.join(" and ")}` : ""}`;
}

const num = (name: string, label: string, method: string, dataType: "float" | "integer"): VariableMeta => ({
  name,
  label,
  type: "Num",
  length: 8,
  origin: derivedOrigin,
  dataType,
  method,
});

export interface AdslExposure {
  /** Metadata of the exposure variables, in spec order. */
  variables: VariableMeta[];
  /** Values of the exposure variables for one subject (USUBJID, DM.ARMCD). */
  valuesOf: (usubjid: string, armcd: string) => Record<string, InputValue>;
}

export function adslExposure(
  spec: AdamSpec,
  study: AdamStudy,
  sdtm: Map<string, Dataset>,
  diagnostics: Diagnostics,
  taken: readonly string[],
): AdslExposure {
  const exp = spec.adsl?.exposure;
  const file = `${spec.dir}/adsl.yaml`;
  const variables: VariableMeta[] = [];
  const fills: ((usubjid: string, armcd: string, out: Record<string, InputValue>) => void)[] = [];
  if (!exp) return { variables, valuesOf: () => ({}) };
  const names = new Set(taken);
  const claim = (name: string, path: string) => {
    if (names.has(name))
      throw new UserError(`${file}: exposure.${path}: ADSL variable ${name} is already defined`);
    names.add(name);
  };
  const rowsOf = (sel: AdamSelector, path: string) => {
    const ds = sdtm.get(sel.domain);
    const rows = selectRows(ds, sel);
    if (ds && ds.length > 0 && rows.length === 0)
      diagnostics.warning(
        "ADAM.EXPOSURE_NO_RECORDS",
        `no ${selectorText(sel)} in SDTM; ${path} is missing for every subject`,
        { file, path: `exposure.${path}`, dataset: "ADSL" },
      );
    return { ds, bySubject: rowsBySubject(ds, rows) };
  };
  const plannedOf = new Map((study.arms ?? []).map((a) => [a.armcd, a]));

  exp.doses.forEach((d, k) => {
    claim(d.name, `doses[${k}].name`);
    const dom = d.domain;
    const { ds, bySubject } = rowsOf(d, d.name);
    const startOf = dateAccessor(ds, `${dom}STDTC`);
    const endOf = dateAccessor(ds, `${dom}ENDTC`);
    variables.push(
      num(
        d.name,
        d.label,
        `Sum of ${dom}.${dom}DOSE x administrations over the subject's ${selectorText(d)}, all in ${dom}DOSU = "${d.unit}" (administrations: 1 for ${dom}DOSFRQ ONCE, else per-day count of QD/BID/TID/QID x days from ${dom}STDTC to ${dom}ENDTC); missing when there is no such record, a dose is missing, another unit is used or the administrations are unknown`,
        "float",
      ),
    );
    if (d.unitVar) {
      claim(d.unitVar, `doses[${k}].unitVar`);
      variables.push({
        name: d.unitVar,
        label: d.unitLabel ?? `${d.label.slice(0, 34)} Unit`,
        type: "Char",
        length: 1,
        origin: derivedOrigin,
        method: `"${d.unit}" when ${d.name} is present`,
      });
    }
    const pct = d.percentOfPlanned;
    if (pct) {
      claim(pct.name, `doses[${k}].percentOfPlanned.name`);
      variables.push(
        num(
          pct.name,
          pct.label,
          `${d.name} / planned dose of the arm of DM.ARMCD (study arms dose, in ${d.unit}) x 100`,
          "float",
        ),
      );
      for (const a of study.arms ?? [])
        if (a.doseUnit !== undefined && a.doseUnit !== d.unit)
          diagnostics.warning(
            "ADAM.PLANNED_DOSE_UNIT",
            `arm ${a.armcd} dose unit "${a.doseUnit}" is not "${d.unit}"; ${pct.name} is missing for its subjects`,
            { file, path: `exposure.doses[${k}].unit`, dataset: "ADSL", variable: pct.name },
          );
    }
    fills.push((usubjid, armcd, out) => {
      const rows = bySubject.get(usubjid) ?? [];
      const res = computeDoseTotal(
        rows.map((r) => ({
          dose: numAt(ds, `${dom}DOSE`, r),
          unit: charAt(ds, `${dom}DOSU`, r),
          administrations: computeAdministrations(charAt(ds, `${dom}DOSFRQ`, r), startOf(r), endOf(r)),
        })),
        d.unit,
      );
      if (res.problem)
        diagnostics.warning("ADAM.DOSE_TOTAL", `${d.name} of ${usubjid} is missing: ${res.problem}`, {
          dataset: "ADSL",
          variable: d.name,
          key: `USUBJID=${usubjid}`,
        });
      out[d.name] = res.total;
      if (d.unitVar) out[d.unitVar] = res.total === null ? "" : d.unit;
      if (pct) {
        const arm = plannedOf.get(armcd);
        const planned = arm && (arm.doseUnit === undefined || arm.doseUnit === d.unit) ? arm.dose : undefined;
        out[pct.name] = computePercentOfPlanned(res.total, planned);
      }
    });
  });

  exp.days.forEach((d, k) => {
    claim(d.name, `days[${k}].name`);
    const { ds, bySubject } = rowsOf(d, d.name);
    const startOf = dateAccessor(ds, `${d.domain}STDTC`);
    const endOf = dateAccessor(ds, `${d.domain}ENDTC`);
    variables.push(
      num(
        d.name,
        d.label,
        `Number of distinct days covered by the subject's ${selectorText(d)}, each from ${d.domain}STDTC to ${d.domain}ENDTC date inclusive (start day alone when the end is missing or partial); missing when none is dated`,
        "integer",
      ),
    );
    fills.push((usubjid, _armcd, out) => {
      out[d.name] = computeDosingDays(
        (bySubject.get(usubjid) ?? []).map((r) => ({ start: startOf(r), end: endOf(r) })),
      );
    });
  });

  return {
    variables,
    valuesOf: (usubjid, armcd) => {
      const out: Record<string, InputValue> = {};
      for (const f of fills) f(usubjid, armcd, out);
      return out;
    },
  };
}
