/**
 * The benchmarks' 1,000,000-row x 25-column LB-like table (about 480 MB as XPT), deterministic (seeded LCG),
 * shared by bench/formats.ts and bench/convert.ts.
 */
import { CharColumn, type Column, Dataset, type DatasetMeta, NumColumn } from "@trialforge/core";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function makeLb(n: number): Dataset {
  const C = (name: string, label: string, length: number) => ({ name, label, type: "Char" as const, length });
  const Nm = (name: string, label: string, displayFormat?: string) => ({
    name,
    label,
    type: "Num" as const,
    length: 8,
    ...(displayFormat ? { displayFormat } : {}),
  });
  const meta: DatasetMeta = {
    name: "LB",
    label: "Laboratory Test Results",
    standard: "SDTM",
    class: "FINDINGS",
    structure: "One record per lab test per time point per visit per subject",
    keys: ["STUDYID", "USUBJID", "LBTESTCD", "VISITNUM"],
    variables: [
      C("STUDYID", "Study Identifier", 12),
      C("DOMAIN", "Domain Abbreviation", 2),
      C("USUBJID", "Unique Subject Identifier", 40),
      Nm("LBSEQ", "Sequence Number"),
      C("LBTESTCD", "Lab Test or Examination Short Name", 8),
      C("LBTEST", "Lab Test or Examination Name", 80),
      C("LBCAT", "Category for Lab Test", 40),
      C("LBORRES", "Result or Finding in Original Units", 40),
      C("LBORRESU", "Original Units", 20),
      C("LBORNRLO", "Reference Range Lower Limit in Orig Unit", 10),
      C("LBORNRHI", "Reference Range Upper Limit in Orig Unit", 10),
      C("LBSTRESC", "Character Result/Finding in Std Format", 40),
      Nm("LBSTRESN", "Numeric Result/Finding in Standard Units", "8.2"),
      C("LBSTRESU", "Standard Units", 20),
      Nm("LBSTNRLO", "Reference Range Lower Limit-Std Units"),
      Nm("LBSTNRHI", "Reference Range Upper Limit-Std Units"),
      C("LBNRIND", "Reference Range Indicator", 20),
      C("LBBLFL", "Baseline Flag", 1),
      Nm("VISITNUM", "Visit Number"),
      C("VISIT", "Visit Name", 40),
      Nm("VISITDY", "Planned Study Day of Visit"),
      C("LBDTC", "Date/Time of Specimen Collection", 19),
      Nm("LBDY", "Study Day of Specimen Collection"),
      C("LBFAST", "Fasting Status", 1),
      C("EPOCH", "Epoch", 20),
    ],
  };
  const rnd = lcg(20260101);
  const tests = Array.from(
    { length: 24 },
    (_, k) =>
      [
        `T${String(k).padStart(3, "0")}`,
        `Laboratory test number ${k} (serum, venous)`,
        k % 3 === 0 ? "HEMATOLOGY" : k % 3 === 1 ? "CHEMISTRY" : "URINALYSIS",
        ["g/L", "10^9/L", "mmol/L", "U/L"][k % 4]!,
      ] as const,
  );
  const cols = new Map<string, Column>();
  for (const v of meta.variables) cols.set(v.name, v.type === "Num" ? new NumColumn(n) : new CharColumn(n));
  const ch = (k: string) => cols.get(k) as CharColumn;
  const nu = (k: string) => cols.get(k) as NumColumn;
  const perSubject = 480; // 24 tests x 20 visits
  for (let i = 0; i < n; i++) {
    const subj = Math.floor(i / perSubject);
    const within = i % perSubject;
    const visit = Math.floor(within / 24) + 1;
    const t = tests[within % 24]!;
    const lo = 2 + (within % 24);
    const hi = lo * 3;
    const val = Math.round(rnd() * hi * 1.4 * 100) / 100;
    const day = visit * 7 - 6;
    const d = new Date(Date.UTC(2024, 0, 1 + (subj % 300) + day, 8 + (visit % 4), (subj * 7) % 60));
    ch("STUDYID").push("NCT05563545");
    ch("DOMAIN").push("LB");
    ch("USUBJID").push(
      `NCT05563545-${String(1 + (subj % 9)).padStart(3, "0")}-${String(subj).padStart(5, "0")}`,
    );
    nu("LBSEQ").push(within + 1);
    ch("LBTESTCD").push(t[0]);
    ch("LBTEST").push(t[1]);
    ch("LBCAT").push(t[2]);
    ch("LBORRES").push(rnd() < 0.02 ? "" : String(val));
    ch("LBORRESU").push(t[3]);
    ch("LBORNRLO").push(String(lo));
    ch("LBORNRHI").push(String(hi));
    ch("LBSTRESC").push(String(val));
    nu("LBSTRESN").push(val);
    ch("LBSTRESU").push(t[3]);
    nu("LBSTNRLO").push(lo);
    nu("LBSTNRHI").push(hi);
    ch("LBNRIND").push(val < lo ? "LOW" : val > hi ? "HIGH" : "NORMAL");
    ch("LBBLFL").push(visit === 1 ? "Y" : "");
    nu("VISITNUM").push(visit);
    ch("VISIT").push(`WEEK ${visit}`);
    nu("VISITDY").push(day);
    ch("LBDTC").push(d.toISOString().slice(0, 16));
    nu("LBDY").push(day);
    ch("LBFAST").push(rnd() < 0.5 ? "Y" : "N");
    ch("EPOCH").push(visit === 1 ? "SCREENING" : "TREATMENT");
  }
  for (const c of cols.values()) c.seal();
  return new Dataset(meta, cols, n);
}
