/**
 * The analysis "programs" of a trialforge build: the study's specifications (the only study-specific input;
 * the tool runs them as data) and the exact tool version, as .txt files with a README on re-running.
 */

/** `sdtm/ae.yaml` → `sdtm_ae.txt`; `study.yaml` → `study.txt` (lower case, no folders, .txt as FDA asks). */
export function programFileName(specPath: string): string {
  return `${specPath
    .replace(/\.(ya?ml|json)$/i, "")
    .replace(/[\\/]/g, "_")
    .replace(/[^A-Za-z0-9_-]/g, "-")
    .toLowerCase()}.txt`;
}

export interface ProgramsReadmeInput {
  studyId: string;
  studyDir: string;
  tool: { name: string; version: string; sourceHash: string };
  timestamp: string;
  mode: string;
  synth?: { seed: number; subjects?: number };
  ctPackages: Record<string, string>;
  /** spec path → program file name and its SHA-256. */
  files: { spec: string; program: string; sha256: string }[];
}

/** README.txt of analysis/adam/programs. */
export function programsReadme(r: ProgramsReadmeInput): string {
  const epoch = Math.floor(Date.parse(r.timestamp) / 1000);
  const source =
    r.mode === "synth"
      ? `(no --raw: the build synthesised its raw data with seed ${r.synth?.seed ?? 1}${r.synth?.subjects ? ` and ${r.synth.subjects} subjects` : ""})`
      : r.mode === "sdtm"
        ? "--sdtm <folder of the delivered SDTM datasets>"
        : "--raw <folder of the raw exports>";
  const lines = [
    `Analysis programs of study ${r.studyId}`,
    "",
    `The SDTM and ADaM datasets, define.xml files and outputs of this submission were made by ${r.tool.name} ${r.tool.version}`,
    `(tool source fingerprint ${r.tool.sourceHash}). The tool holds no study-specific code: everything specific to`,
    "the study is in the specification files below, which the tool reads as data (YAML) and never executes.",
    "",
    "Files (program file <- specification path in the study folder, SHA-256 of the specification):",
    ...r.files.map((f) => `  ${f.program.padEnd(28)} <- ${f.spec}  ${f.sha256}`),
    "  tool-version.txt             the tool version, fingerprint and controlled terminology packages",
    "",
    "To re-run the build:",
    `  1. Get ${r.tool.name} at version ${r.tool.version} with source fingerprint ${r.tool.sourceHash.slice(0, 16)}...`,
    "     (pnpm install --frozen-lockfile in its repository).",
    `  2. Put each .txt file back at its specification path under a study folder, e.g. ${r.studyDir}/`,
    "     (sdtm_ae.txt -> sdtm/ae.yaml, study.txt -> study.yaml).",
    `  3. SOURCE_DATE_EPOCH=${epoch} pnpm trialforge build --study ${r.studyDir} ${source} --out OUT`,
    `     (SOURCE_DATE_EPOCH fixes the build timestamp ${r.timestamp}; the outputs are then byte-identical).`,
    `  4. pnpm trialforge package --study ${r.studyDir} --out OUT`,
    "",
    `Controlled terminology: ${Object.entries(r.ctPackages)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "",
  ];
  return lines.join("\n");
}
