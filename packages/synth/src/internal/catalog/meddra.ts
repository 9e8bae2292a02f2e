/**
 * MedDRA-style coding dictionary for the adverse events a CAR cell therapy produces, shaped like an EDC
 * coding export (LLT, PT, HLT, HLGT, primary SOC with codes). MedDRA is licensed: names follow MedDRA
 * conventions, but the codes are illustrative and must not be taken as an authoritative MedDRA extract.
 */

export interface CodedTerm {
  llt: string;
  lltCode: number;
  pt: string;
  ptCode: number;
  hlt: string;
  hltCode: number;
  hlgt: string;
  hlgtCode: number;
  soc: string;
  socCode: number;
}

const SOC = {
  blood: ["Blood and lymphatic system disorders", 10005329],
  immune: ["Immune system disorders", 10021428],
  nervous: ["Nervous system disorders", 10029205],
  infections: ["Infections and infestations", 10021881],
  general: ["General disorders and administration site conditions", 10018065],
  vascular: ["Vascular disorders", 10047065],
  gi: ["Gastrointestinal disorders", 10017947],
  metabolism: ["Metabolism and nutrition disorders", 10027433],
  investigations: ["Investigations", 10022891],
  respiratory: ["Respiratory, thoracic and mediastinal disorders", 10038738],
  skin: ["Skin and subcutaneous tissue disorders", 10040785],
  cardiac: ["Cardiac disorders", 10007541],
} as const satisfies Record<string, readonly [string, number]>;

type SocKey = keyof typeof SOC;

function term(
  llt: [string, number],
  pt: [string, number],
  hlt: [string, number],
  hlgt: [string, number],
  soc: SocKey,
): CodedTerm {
  const [s, sc] = SOC[soc];
  return {
    llt: llt[0],
    lltCode: llt[1],
    pt: pt[0],
    ptCode: pt[1],
    hlt: hlt[0],
    hltCode: hlt[1],
    hlgt: hlgt[0],
    hlgtCode: hlgt[1],
    soc: s,
    socCode: sc,
  };
}
const same = (pt: [string, number]) => [pt, pt] as const;

const NEUTROPENIAS: [string, number] = ["Neutropenias", 10029363];
const WBC_DIS: [string, number] = ["White blood cell disorders", 10047954];
const PLT_HLT: [string, number] = ["Thrombocytopenias", 10043555];
const PLT_HLGT: [string, number] = ["Platelet disorders", 10035534];
const ANAEMIA_HLT: [string, number] = ["Anaemias NEC", 10002086];
const ANAEMIA_HLGT: [string, number] = ["Anaemias nonhaemolytic and marrow depression", 10002042];
const HAEM_INV_HLT: [string, number] = ["White blood cell analyses", 10047952];
const HAEM_INV_HLGT: [string, number] = ["Haematology investigations (incl blood groups)", 10018851];
const LIVER_HLT: [string, number] = ["Liver function analyses", 10024690];
const LIVER_HLGT: [string, number] = ["Hepatobiliary investigations", 10019811];
const INF_HLGT: [string, number] = ["Infections - pathogen unspecified", 10021879];
const GI_HLT: [string, number] = ["Nausea and vomiting symptoms", 10028817];
const GI_HLGT: [string, number] = ["Gastrointestinal signs and symptoms", 10018012];
const ELECTRO: [string, number] = ["Electrolyte and fluid balance conditions", 10014412];

/**
 * Dictionary keyed by an internal event id. `verbatims` are what investigators write; the coded term is
 * what the coding group assigned to that verbatim.
 */
// biome-ignore format: aligned table
export const AE_DICTIONARY = {
  CRS:       { verbatims: ["Cytokine release syndrome", "CRS", "Cytokine release syndrome (CRS)"],
               coded: term(...same(["Cytokine release syndrome", 10052015]), ["Immune and associated conditions NEC", 10027664], ["Immune disorders NEC", 10027665], "immune") },
  ICANS:     { verbatims: ["ICANS", "Immune effector cell-associated neurotoxicity syndrome", "Neurotoxicity (ICANS)"],
               coded: term(...same(["Immune effector cell-associated neurotoxicity syndrome", 10083062]), ["Encephalopathies toxic and metabolic", 10014627], ["Encephalopathies", 10014626], "nervous") },
  NEUTROPENIA: { verbatims: ["Neutropenia", "Neutropenia grade 4"],
               coded: term(...same(["Neutropenia", 10029354]), NEUTROPENIAS, WBC_DIS, "blood") },
  NEUTDEC:   { verbatims: ["Neutrophil count decreased", "Decreased ANC"],
               coded: term(["Neutrophil count decreased", 10029366], ["Neutrophil count decreased", 10029366], HAEM_INV_HLT, HAEM_INV_HLGT, "investigations") },
  THROMBOCYTOPENIA: { verbatims: ["Thrombocytopenia", "Low platelets"],
               coded: term(...same(["Thrombocytopenia", 10043554]), PLT_HLT, PLT_HLGT, "blood") },
  ANAEMIA:   { verbatims: ["Anaemia", "Anemia"],
               coded: term(...same(["Anaemia", 10002034]), ANAEMIA_HLT, ANAEMIA_HLGT, "blood") },
  LYMPHOPENIA: { verbatims: ["Lymphopenia"],
               coded: term(...same(["Lymphopenia", 10025327]), ["Lymphopenias", 10025328], WBC_DIS, "blood") },
  FEBNEUT:   { verbatims: ["Febrile neutropenia", "Neutropenic fever"],
               coded: term(["Febrile neutropenia", 10016288], ["Febrile neutropenia", 10016288], NEUTROPENIAS, WBC_DIS, "blood") },
  PYREXIA:   { verbatims: ["Fever", "Pyrexia"],
               coded: term(["Fever", 10016558], ["Pyrexia", 10037660], ["Febrile disorders", 10016286], ["Body temperature conditions", 10005908], "general") },
  HYPOTENSION: { verbatims: ["Hypotension", "Low blood pressure"],
               coded: term(...same(["Hypotension", 10021097]), ["Vascular hypotensive disorders", 10047085], ["Decreased and nonspecific blood pressure disorders and shock", 10011954], "vascular") },
  PNEUMONIA: { verbatims: ["Pneumonia", "Lung infection"],
               coded: term(...same(["Pneumonia", 10035664]), ["Lower respiratory tract and lung infections", 10024970], INF_HLGT, "infections") },
  SEPSIS:    { verbatims: ["Sepsis", "Septic shock"],
               coded: term(...same(["Sepsis", 10040047]), ["Sepsis, bacteraemia, viraemia and fungaemia NEC", 10040049], INF_HLGT, "infections") },
  URTI:      { verbatims: ["Upper respiratory tract infection", "URTI"],
               coded: term(...same(["Upper respiratory tract infection", 10046306]), ["Upper respiratory tract infections", 10046309], INF_HLGT, "infections") },
  CMV:       { verbatims: ["CMV reactivation", "Cytomegalovirus infection reactivation"],
               coded: term(...same(["Cytomegalovirus infection reactivation", 10075619]), ["Cytomegaloviral infections", 10011832], ["Viral infectious disorders", 10047438], "infections") },
  NAUSEA:    { verbatims: ["Nausea"],
               coded: term(...same(["Nausea", 10028813]), GI_HLT, GI_HLGT, "gi") },
  VOMITING:  { verbatims: ["Vomiting", "Emesis"],
               coded: term(["Vomiting", 10047700], ["Vomiting", 10047700], GI_HLT, GI_HLGT, "gi") },
  DIARRHOEA: { verbatims: ["Diarrhoea", "Diarrhea"],
               coded: term(...same(["Diarrhoea", 10012735]), ["Diarrhoea (excl infective)", 10012736], GI_HLGT, "gi") },
  FATIGUE:   { verbatims: ["Fatigue", "Tiredness"],
               coded: term(...same(["Fatigue", 10016256]), ["Asthenic conditions", 10003550], ["General system disorders NEC", 10018073], "general") },
  HEADACHE:  { verbatims: ["Headache"],
               coded: term(...same(["Headache", 10019211]), ["Headaches NEC", 10019233], ["Headaches", 10019231], "nervous") },
  HYPOKALAEMIA: { verbatims: ["Hypokalaemia", "Low potassium"],
               coded: term(...same(["Hypokalaemia", 10021015]), ["Potassium imbalance", 10036451], ELECTRO, "metabolism") },
  APPETITE:  { verbatims: ["Decreased appetite", "Poor appetite"],
               coded: term(...same(["Decreased appetite", 10061428]), ["Appetite disorders", 10003019], ["Appetite and general nutritional disorders", 10003018], "metabolism") },
  ALT:       { verbatims: ["ALT increased", "Elevated ALT"],
               coded: term(...same(["Alanine aminotransferase increased", 10001551]), LIVER_HLT, LIVER_HLGT, "investigations") },
  AST:       { verbatims: ["AST increased", "Elevated AST"],
               coded: term(...same(["Aspartate aminotransferase increased", 10003481]), LIVER_HLT, LIVER_HLGT, "investigations") },
  RASH:      { verbatims: ["Rash"],
               coded: term(...same(["Rash", 10037844]), ["Rashes, eruptions and exanthems NEC", 10052566], ["Epidermal and dermal conditions", 10014982], "skin") },
  COUGH:     { verbatims: ["Cough"],
               coded: term(...same(["Cough", 10011224]), ["Coughing and associated symptoms", 10011232], ["Respiratory disorders NEC", 10038716], "respiratory") },
  HYPOXIA:   { verbatims: ["Hypoxia", "Desaturation"],
               coded: term(...same(["Hypoxia", 10021143]), ["Breathing abnormalities", 10006334], ["Respiratory disorders NEC", 10038716], "respiratory") },
  TACHYCARDIA: { verbatims: ["Tachycardia", "Sinus tachycardia"],
               coded: term(...same(["Tachycardia", 10043071]), ["Rate and rhythm disorders NEC", 10037908], ["Cardiac arrhythmias", 10007521], "cardiac") },
} as const satisfies Record<string, { verbatims: readonly string[]; coded: CodedTerm }>;

export type AeEventId = keyof typeof AE_DICTIONARY;
