/**
 * Central-lab test catalogue for a CAR cell-therapy study: haematology, chemistry, coagulation. Some
 * chemistry results are in conventional units (mg/dL, g/dL), as US-style lab transfers deliver them, so
 * SDTM must convert to SI. Reference ranges are typical adult ranges (illustrative, not a lab's manual).
 */

/** How a test moves after lymphodepletion and infusion; `none` = stable with visit-to-visit noise. */
export type LabEffect =
  | "pct"
  | "none"
  | "anc"
  | "lym"
  | "wbc"
  | "plt"
  | "hgb"
  | "liver"
  | "ldh"
  | "crs_up"
  | "crs_down";

export interface LabTest {
  code: string;
  name: string;
  category: "HEMATOLOGY" | "CHEMISTRY" | "COAGULATION";
  specimen: "BLOOD" | "SERUM" | "PLASMA";
  unit: string;
  low: number;
  high: number;
  /** Lower limit of quantitation; results below are reported "<LLOQ". */
  lloq: number;
  /** Typical baseline in this population, and its between-subject SD. */
  mean: number;
  sd: number;
  decimals: number;
  effect: LabEffect;
  /** For `pct`: the absolute count this differential percentage is computed from (as a share of WBC). */
  of?: string;
}

// biome-ignore format: aligned table
export const LAB_TESTS: readonly LabTest[] = [
  { code: "WBC",     name: "Leukocytes",                 category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "10^9/L", low: 4.0,  high: 10.0, lloq: 0.01, mean: 4.5,  sd: 2.5,  decimals: 2, effect: "wbc" },
  { code: "NEUT",    name: "Neutrophils",                category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "10^9/L", low: 1.8,  high: 7.5,  lloq: 0.01, mean: 2.0,  sd: 1.0,  decimals: 2, effect: "anc" },
  { code: "LYM",     name: "Lymphocytes",                category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "10^9/L", low: 1.0,  high: 4.0,  lloq: 0.01, mean: 1.2,  sd: 0.5,  decimals: 2, effect: "lym" },
  { code: "MONO",    name: "Monocytes",                  category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "10^9/L", low: 0.2,  high: 1.0,  lloq: 0.01, mean: 0.4,  sd: 0.2,  decimals: 2, effect: "wbc" },
  { code: "EOS",     name: "Eosinophils",                category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "10^9/L", low: 0.0,  high: 0.5,  lloq: 0.01, mean: 0.1,  sd: 0.06, decimals: 2, effect: "wbc" },
  { code: "BASO",    name: "Basophils",                  category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "10^9/L", low: 0.0,  high: 0.1,  lloq: 0.01, mean: 0.03, sd: 0.02, decimals: 2, effect: "wbc" },
  { code: "NEUTLE",  name: "Neutrophils/Leukocytes",     category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "%",      low: 40,   high: 75,   lloq: 0.1,  mean: 0,    sd: 0,    decimals: 1, effect: "pct", of: "NEUT" },
  { code: "LYMLE",   name: "Lymphocytes/Leukocytes",     category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "%",      low: 20,   high: 45,   lloq: 0.1,  mean: 0,    sd: 0,    decimals: 1, effect: "pct", of: "LYM" },
  { code: "MONOLE",  name: "Monocytes/Leukocytes",       category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "%",      low: 2,    high: 10,   lloq: 0.1,  mean: 0,    sd: 0,    decimals: 1, effect: "pct", of: "MONO" },
  { code: "EOSLE",   name: "Eosinophils/Leukocytes",     category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "%",      low: 0,    high: 6,    lloq: 0.1,  mean: 0,    sd: 0,    decimals: 1, effect: "pct", of: "EOS" },
  { code: "BASOLE",  name: "Basophils/Leukocytes",       category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "%",      low: 0,    high: 2,    lloq: 0.1,  mean: 0,    sd: 0,    decimals: 1, effect: "pct", of: "BASO" },
  { code: "BLAST",   name: "Blasts",                     category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "%",      low: 0,    high: 0,    lloq: 0.5,  mean: 8,    sd: 10,   decimals: 1, effect: "none" },
  { code: "RBC",     name: "Erythrocytes",               category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "10^12/L", low: 4.0, high: 5.5,  lloq: 0.01, mean: 3.3,  sd: 0.5,  decimals: 2, effect: "hgb" },
  { code: "HGB",     name: "Hemoglobin",                 category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "g/dL",   low: 12.0, high: 16.0, lloq: 0.1,  mean: 9.8,  sd: 1.4,  decimals: 1, effect: "hgb" },
  { code: "HCT",     name: "Hematocrit",                 category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "%",      low: 36,   high: 48,   lloq: 1,    mean: 29,   sd: 4,    decimals: 1, effect: "hgb" },
  { code: "MCV",     name: "Ery. Mean Corpuscular Volume", category: "HEMATOLOGY", specimen: "BLOOD", unit: "fL",     low: 80,   high: 100,  lloq: 1,    mean: 90,   sd: 5,    decimals: 1, effect: "none" },
  { code: "MCH",     name: "Ery. Mean Corpuscular Hemoglobin", category: "HEMATOLOGY", specimen: "BLOOD", unit: "pg", low: 27,   high: 33,   lloq: 1,    mean: 30,   sd: 1.5,  decimals: 1, effect: "none" },
  { code: "MCHC",    name: "Ery. Mean Corpuscular HGB Concentration", category: "HEMATOLOGY", specimen: "BLOOD", unit: "g/dL", low: 32, high: 36, lloq: 1, mean: 33.5, sd: 1, decimals: 1, effect: "none" },
  { code: "PLAT",    name: "Platelets",                  category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "10^9/L", low: 150,  high: 400,  lloq: 1,    mean: 95,   sd: 50,   decimals: 0, effect: "plt" },
  { code: "RETI",    name: "Reticulocytes",              category: "HEMATOLOGY",  specimen: "BLOOD",  unit: "%",      low: 0.5,  high: 2.5,  lloq: 0.1,  mean: 1.2,  sd: 0.5,  decimals: 1, effect: "hgb" },
  { code: "SODIUM",  name: "Sodium",                     category: "CHEMISTRY",   specimen: "SERUM",  unit: "mmol/L", low: 135,  high: 145,  lloq: 50,   mean: 139,  sd: 2.5,  decimals: 0, effect: "none" },
  { code: "K",       name: "Potassium",                  category: "CHEMISTRY",   specimen: "SERUM",  unit: "mmol/L", low: 3.5,  high: 5.1,  lloq: 1,    mean: 4.0,  sd: 0.35, decimals: 1, effect: "none" },
  { code: "CL",      name: "Chloride",                   category: "CHEMISTRY",   specimen: "SERUM",  unit: "mmol/L", low: 98,   high: 107,  lloq: 50,   mean: 102,  sd: 2.5,  decimals: 0, effect: "none" },
  { code: "BICARB",  name: "Bicarbonate",                category: "CHEMISTRY",   specimen: "SERUM",  unit: "mmol/L", low: 22,   high: 29,   lloq: 5,    mean: 25,   sd: 2,    decimals: 0, effect: "none" },
  { code: "BUN",     name: "Blood Urea Nitrogen",        category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 7,    high: 20,   lloq: 2,    mean: 13,   sd: 4,    decimals: 0, effect: "none" },
  { code: "CREAT",   name: "Creatinine",                 category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 0.6,  high: 1.2,  lloq: 0.1,  mean: 0.75, sd: 0.18, decimals: 2, effect: "none" },
  { code: "GLUC",    name: "Glucose",                    category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 70,   high: 99,   lloq: 10,   mean: 92,   sd: 12,   decimals: 0, effect: "none" },
  { code: "CA",      name: "Calcium",                    category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 8.6,  high: 10.3, lloq: 1,    mean: 9.2,  sd: 0.4,  decimals: 1, effect: "none" },
  { code: "PHOS",    name: "Phosphate",                  category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 2.5,  high: 4.5,  lloq: 0.5,  mean: 3.5,  sd: 0.5,  decimals: 1, effect: "none" },
  { code: "MG",      name: "Magnesium",                  category: "CHEMISTRY",   specimen: "SERUM",  unit: "mmol/L", low: 0.66, high: 1.07, lloq: 0.1,  mean: 0.85, sd: 0.08, decimals: 2, effect: "none" },
  { code: "ALB",     name: "Albumin",                    category: "CHEMISTRY",   specimen: "SERUM",  unit: "g/dL",   low: 3.5,  high: 5.2,  lloq: 0.5,  mean: 3.9,  sd: 0.4,  decimals: 1, effect: "crs_down" },
  { code: "PROT",    name: "Protein",                    category: "CHEMISTRY",   specimen: "SERUM",  unit: "g/dL",   low: 6.4,  high: 8.3,  lloq: 1,    mean: 6.6,  sd: 0.5,  decimals: 1, effect: "none" },
  { code: "BILI",    name: "Bilirubin",                  category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 0.1,  high: 1.2,  lloq: 0.1,  mean: 0.6,  sd: 0.25, decimals: 1, effect: "liver" },
  { code: "BILDIR",  name: "Direct Bilirubin",           category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 0.0,  high: 0.3,  lloq: 0.1,  mean: 0.15, sd: 0.08, decimals: 1, effect: "liver" },
  { code: "ALT",     name: "Alanine Aminotransferase",   category: "CHEMISTRY",   specimen: "SERUM",  unit: "U/L",    low: 7,    high: 40,   lloq: 5,    mean: 24,   sd: 10,   decimals: 0, effect: "liver" },
  { code: "AST",     name: "Aspartate Aminotransferase", category: "CHEMISTRY",   specimen: "SERUM",  unit: "U/L",    low: 10,   high: 40,   lloq: 5,    mean: 25,   sd: 9,    decimals: 0, effect: "liver" },
  { code: "ALP",     name: "Alkaline Phosphatase",       category: "CHEMISTRY",   specimen: "SERUM",  unit: "U/L",    low: 40,   high: 130,  lloq: 5,    mean: 90,   sd: 30,   decimals: 0, effect: "none" },
  { code: "GGT",     name: "Gamma Glutamyl Transferase", category: "CHEMISTRY",   specimen: "SERUM",  unit: "U/L",    low: 8,    high: 61,   lloq: 3,    mean: 30,   sd: 15,   decimals: 0, effect: "liver" },
  { code: "LDH",     name: "Lactate Dehydrogenase",      category: "CHEMISTRY",   specimen: "SERUM",  unit: "U/L",    low: 135,  high: 225,  lloq: 10,   mean: 320,  sd: 150,  decimals: 0, effect: "ldh" },
  { code: "URATE",   name: "Urate",                      category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 3.5,  high: 7.2,  lloq: 0.5,  mean: 4.8,  sd: 1.3,  decimals: 1, effect: "none" },
  { code: "TRIG",    name: "Triglycerides",              category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 0,    high: 150,  lloq: 10,   mean: 140,  sd: 50,   decimals: 0, effect: "none" },
  { code: "CHOL",    name: "Cholesterol",                category: "CHEMISTRY",   specimen: "SERUM",  unit: "mg/dL",  low: 0,    high: 200,  lloq: 10,   mean: 160,  sd: 35,   decimals: 0, effect: "none" },
  { code: "AMYLASE", name: "Amylase",                    category: "CHEMISTRY",   specimen: "SERUM",  unit: "U/L",    low: 28,   high: 100,  lloq: 5,    mean: 60,   sd: 20,   decimals: 0, effect: "none" },
  { code: "LIPASE",  name: "Lipase",                     category: "CHEMISTRY",   specimen: "SERUM",  unit: "U/L",    low: 13,   high: 60,   lloq: 3,    mean: 32,   sd: 12,   decimals: 0, effect: "none" },
  { code: "CK",      name: "Creatine Kinase",            category: "CHEMISTRY",   specimen: "SERUM",  unit: "U/L",    low: 30,   high: 200,  lloq: 10,   mean: 80,   sd: 40,   decimals: 0, effect: "none" },
  { code: "PT",      name: "Prothrombin Time",           category: "COAGULATION", specimen: "PLASMA", unit: "s",      low: 11,   high: 13.5, lloq: 5,    mean: 12.4, sd: 0.8,  decimals: 1, effect: "crs_up" },
  { code: "INR",     name: "Prothrombin Intl. Normalized Ratio", category: "COAGULATION", specimen: "PLASMA", unit: "",   low: 0.8, high: 1.2, lloq: 0.5, mean: 1.05, sd: 0.08, decimals: 2, effect: "crs_up" },
  { code: "APTT",    name: "Activated Partial Thromboplastin Time", category: "COAGULATION", specimen: "PLASMA", unit: "s", low: 25, high: 37, lloq: 10, mean: 31, sd: 3, decimals: 1, effect: "crs_up" },
  { code: "FIBRINO", name: "Fibrinogen",                 category: "COAGULATION", specimen: "PLASMA", unit: "g/L",    low: 2.0,  high: 4.0,  lloq: 0.3,  mean: 3.0,  sd: 0.7,  decimals: 2, effect: "crs_down" },
  { code: "DDIMER",  name: "D-Dimer",                    category: "COAGULATION", specimen: "PLASMA", unit: "mg/L FEU", low: 0, high: 0.5,  lloq: 0.15, mean: 0.6,  sd: 0.4,  decimals: 2, effect: "crs_up" },
];

/** Cytokine / inflammation vendor analytes. */
export interface CytokineTest {
  code: "IL6" | "IFNG" | "FERRITIN" | "CRP";
  name: string;
  unit: string;
  low: number;
  high: number;
  lloq: number;
  /** Baseline median and log-scale sigma; CRS multiplies by up to `crsFold` at grade 4. */
  median: number;
  sigma: number;
  crsFold: number;
  decimals: number;
}

// biome-ignore format: aligned table
export const CYTOKINE_TESTS: readonly CytokineTest[] = [
  { code: "IL6",      name: "Interleukin 6",      unit: "pg/mL", low: 0, high: 7,   lloq: 1.5, median: 4,   sigma: 0.6, crsFold: 150, decimals: 1 },
  { code: "IFNG",     name: "Interferon Gamma",   unit: "pg/mL", low: 0, high: 15,  lloq: 1.0, median: 3,   sigma: 0.6, crsFold: 60,  decimals: 1 },
  { code: "FERRITIN", name: "Ferritin",           unit: "ng/mL", low: 30, high: 400, lloq: 5,  median: 700, sigma: 0.7, crsFold: 12,  decimals: 0 },
  { code: "CRP",      name: "C Reactive Protein", unit: "mg/L",  low: 0, high: 5,   lloq: 0.5, median: 6,   sigma: 0.8, crsFold: 30,  decimals: 1 },
];
