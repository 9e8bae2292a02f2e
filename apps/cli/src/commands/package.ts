/**
 * `trialforge package`: the submission a reviewer receives, in the eCTD module 5 layout:
 * m5/datasets/<study>/tabulations/sdtm/{*.xpt, define.xml, define.html, acrf.pdf, csdrg.pdf} and
 * m5/datasets/<study>/analysis/adam/{datasets/{*.xpt, define.xml, define.html, adrg.pdf}, programs/*.txt},
 * plus a SHA-256 checksum list. The FDA Technical Rejection Criteria are checked first (a failing study is
 * refused unless --force); the agency's dataset size limit splits large datasets. Documents come from
 * @trialforge/submission; this command only reads the build and writes the files.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { type Dataset, takeRows, UserError } from "@trialforge/core";
import { attachDocuments, attachDocumentsHtml, readDefineSummary } from "@trialforge/define";
import { loadSdtmSpec, loadStudy, loadTlfShells, type Study } from "@trialforge/spec";
import {
  AGENCIES,
  AGENCY_RULES,
  type Agency,
  acrfPagesOf,
  annotateForms,
  buildAdrg,
  buildCsdrg,
  type CriterionResult,
  checkRejectionCriteria,
  type GuideFacts,
  planSplit,
  programFileName,
  programsReadme,
  renderAcrfPdf,
  renderGuidePdf,
  splitFileStem,
} from "@trialforge/submission";
import { planXpt, readXpt, writeXpt } from "@trialforge/xport";
import { type Command, InvalidArgumentError, Option } from "commander";
import { sha256File } from "../pipeline/inputs.ts";
import { type Manifest, readBuildManifest } from "../pipeline/manifest.ts";
import { assertBuildFolder } from "../pipeline/out-guard.ts";

export interface PackageOptions {
  studyDir: string;
  agency: Agency;
  force: boolean;
  /** Overrides the agency's per-dataset limit (bytes); tests use it to run the split path on small data. */
  maxDatasetBytes?: number;
}

export function registerPackage(program: Command): void {
  program
    .command("package")
    .description(
      "lay out a build as the eCTD m5 submission (datasets, define.xml, aCRF, reviewer's guides, programs) with checksums",
    )
    .requiredOption("--study <dir>", "study spec folder")
    .requiredOption("--out <dir>", "build folder (made by trialforge build)")
    .addOption(
      new Option("--agency <agency>", "agency whose size and naming rules apply")
        .choices(AGENCIES)
        .default("fda"),
    )
    .option(
      "--force",
      "package even when FDA Technical Rejection Criteria fail (they are listed in the cSDRG)",
    )
    .addOption(
      new Option("--max-dataset-size <bytes>", "override the agency's per-dataset size limit")
        .argParser(parseBytes)
        .hideHelp(),
    )
    .action(
      async (opts: {
        study: string;
        out: string;
        agency: Agency;
        force?: boolean;
        maxDatasetSize?: number;
      }) => {
        // package replaces OUT/submission: only inside a build trialforge wrote.
        const out = assertBuildFolder("--out", opts.out, [{ flag: "--study", path: opts.study }], true);
        const maxDatasetBytes = opts.maxDatasetSize;
        const summary = await packageBuild(isAbsolute(out) ? out : resolve(out), {
          studyDir: opts.study,
          agency: opts.agency,
          force: opts.force === true,
          ...(maxDatasetBytes !== undefined ? { maxDatasetBytes } : {}),
        });
        process.stderr.write(`${summary}\n`);
      },
    );
}

/** A usage error (exit 2) unless the value is a positive whole number of bytes. */
function parseBytes(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("a positive number of bytes");
  return n;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function listFiles(dir: string, pattern: RegExp): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => pattern.test(f))
        .sort(byName)
    : [];
}

/** TS records (TSPARMCD, TSPARM, TSVAL) of the build, or undefined when there is no readable ts.xpt. */
async function readTrialSummary(sdtmDir: string): Promise<GuideFacts["trialSummary"] | undefined> {
  const p = join(sdtmDir, "ts.xpt");
  if (!existsSync(p)) return undefined;
  const ds = await readXpt(p);
  return ds.toRows().map((r) => ({
    TSPARMCD: String(r.TSPARMCD ?? ""),
    TSPARM: String(r.TSPARM ?? ""),
    TSVAL: String(r.TSVAL ?? ""),
  }));
}

function rejectionMessage(failed: CriterionResult[]): string {
  return [
    `FDA Technical Rejection Criteria failed (${failed.length}); the gateway would reject this submission:`,
    ...failed.map((c) => `  ${c.id}: ${c.title}: ${c.detail}`),
    "Fix the study data, or package anyway with --force (the failures are then listed in the cSDRG).",
  ].join("\n");
}

interface SplitResult {
  dataset: string;
  bytes: number;
  parts: string[];
}

/**
 * Splits every dataset file in `dir` over the limit into parts (whole subjects per part), written where the
 * agency wants them; the unsplit file stays when the agency keeps it.
 */
async function splitLargeDatasets(
  dir: string,
  agency: Agency,
  maxBytes: number,
  timestamp: string,
): Promise<SplitResult[]> {
  const rules = AGENCY_RULES[agency];
  const out: SplitResult[] = [];
  for (const f of listFiles(dir, /\.xpt$/)) {
    const path = join(dir, f);
    const bytes = statSync(path).size;
    if (bytes <= maxBytes) continue;
    const ds: Dataset = await readXpt(path);
    const rowBytes = planXpt(ds).rowLength;
    const headerBytes = bytes - Math.ceil((ds.length * rowBytes) / 80) * 80;
    const subjects: string[] = [];
    const subj = ds.has("USUBJID") ? ds.char("USUBJID") : undefined;
    for (let i = 0; i < ds.length; i++) subjects.push(subj ? subj.get(i) : String(i));
    const plan = planSplit(subjects, rowBytes, headerBytes, maxBytes);
    if (plan.length < 2) continue;
    const target = rules.splitFolder ? join(dir, rules.splitFolder) : dir;
    mkdirSync(target, { recursive: true });
    const stem = f.replace(/\.xpt$/, "");
    const parts: string[] = [];
    for (const [k, p] of plan.entries()) {
      const idx = Array.from({ length: p.end - p.start }, (_, j) => p.start + j);
      const name = `${splitFileStem(stem, k + 1)}.xpt`;
      await writeXpt(takeRows(ds, idx), join(target, name), { timestamp, encoding: "windows-1252" });
      parts.push(rules.splitFolder ? `${rules.splitFolder}/${name}` : name);
    }
    if (!rules.keepUnsplit) rmSync(path);
    out.push({ dataset: ds.meta.name, bytes, parts });
  }
  return out;
}

/** define.html beside define.xml shows the same documents and aCRF page links. */
function attachHtml(path: string, documents: Parameters<typeof attachDocumentsHtml>[1]): void {
  if (existsSync(path)) writeFileSync(path, attachDocumentsHtml(readFileSync(path, "utf8"), documents));
}

/** The PARAMCD values of a BDS dataset (none for other classes), sorted. */
async function parametersOf(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const ds = await readXpt(path);
  if (!ds.has("PARAMCD")) return [];
  const col = ds.char("PARAMCD");
  const seen = new Set<string>();
  for (let i = 0; i < ds.length; i++) seen.add(col.get(i));
  seen.delete("");
  return [...seen].sort(byName);
}

/** ADSL's *FL flags with their Y / N / missing counts. */
async function populationFlags(adamDir: string): Promise<NonNullable<GuideFacts["populationFlags"]>> {
  const p = join(adamDir, "adsl.xpt");
  if (!existsSync(p)) return [];
  const ds = await readXpt(p);
  const out: NonNullable<GuideFacts["populationFlags"]> = [];
  for (const v of ds.meta.variables) {
    // ADaMIG: subject-level population and other flags are the character variables named *FL.
    if (!v.name.endsWith("FL") || v.type !== "Char") continue;
    const col = ds.char(v.name);
    let y = 0;
    let n = 0;
    let missing = 0;
    for (let i = 0; i < ds.length; i++) {
      const x = col.get(i);
      if (x === "Y") y++;
      else if (x === "N") n++;
      else missing++;
    }
    out.push({ variable: v.name, label: v.label, y, n, missing });
  }
  return out;
}

/** Findings of the build's validation, by rule, for the datasets of one standard (with any recorded explanation). */
function findingsFor(outDir: string, datasets: Set<string>): GuideFacts["findings"] {
  const p = join(outDir, "validation", "issues.json");
  if (!existsSync(p)) return [];
  const report = JSON.parse(readFileSync(p, "utf8")) as {
    summary?: {
      byRule?: { rule: string; severity: string; count: number; message: string; explanation?: string }[];
    };
    findings?: { rule: string; dataset?: string; explanation?: string }[];
  };
  const ruleDatasets = new Map<string, Set<string>>();
  const explanations = new Map<string, string>();
  for (const f of report.findings ?? []) {
    const set = ruleDatasets.get(f.rule) ?? new Set<string>();
    if (f.dataset) set.add(f.dataset.toUpperCase());
    ruleDatasets.set(f.rule, set);
    if (f.explanation && !explanations.has(f.rule)) explanations.set(f.rule, f.explanation);
  }
  return (report.summary?.byRule ?? [])
    .filter((r) => {
      const ds = ruleDatasets.get(r.rule);
      return !ds || ds.size === 0 || [...ds].some((d) => datasets.has(d));
    })
    .map((r) => {
      const explanation = r.explanation ?? explanations.get(r.rule);
      return {
        rule: r.rule,
        severity: r.severity,
        count: r.count,
        message: r.message,
        ...(explanation ? { explanation } : {}),
      };
    });
}

/** Every `dataset` an output shell names (the main dataset, item datasets) plus ADSL for its population. */
function shellDatasets(shell: unknown): string[] {
  const found = new Set<string>();
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === "object")
      for (const [k, v] of Object.entries(x)) {
        if (k === "dataset" && typeof v === "string") found.add(v);
        else walk(v);
      }
  };
  walk(shell);
  found.add("ADSL");
  return [...found].sort(byName);
}

/** Writes analysis/adam/programs: the specs the build used, the tool version and a README. */
function writePrograms(dir: string, m: Manifest, studyDir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: { spec: string; program: string; sha256: string }[] = [];
  for (const [spec, hash] of Object.entries(m.inputs.specs).sort(([a], [b]) => byName(a, b))) {
    const src = join(studyDir, spec);
    if (!existsSync(src) || sha256File(src) !== hash)
      throw new UserError(
        `spec ${spec} changed since the build (its hash differs from manifest.json); rebuild before packaging`,
      );
    const program = programFileName(spec);
    copyFileSync(src, join(dir, program));
    files.push({ spec, program, sha256: hash });
  }
  writeFileSync(
    join(dir, "tool-version.txt"),
    `${[
      `${m.tool.name} ${m.tool.version}`,
      `source fingerprint ${m.tool.sourceHash}`,
      `build timestamp ${m.timestamp}`,
      ...Object.entries(m.ctPackages)
        .sort(([a], [b]) => byName(a, b))
        .map(([k, v]) => `CT ${k} ${v}`),
    ].join("\n")}\n`,
  );
  writeFileSync(
    join(dir, "readme.txt"),
    programsReadme({
      studyId: m.study.id,
      studyDir: m.study.dir,
      tool: m.tool,
      timestamp: m.timestamp,
      mode: m.mode,
      ...(m.synth ? { synth: m.synth } : {}),
      ctPackages: m.ctPackages,
      files,
    }),
  );
  return ["readme.txt", "tool-version.txt", ...files.map((f) => f.program)];
}

function baseFacts(
  m: Manifest,
  study: Study,
  ts: GuideFacts["trialSummary"],
  defineXml: string,
  standard: "sdtm" | "adam",
  outDir: string,
): GuideFacts {
  const summary = readDefineSummary(defineXml);
  const entries = m.datasets[standard];
  return {
    studyId: study.studyId,
    studyTitle: study.title,
    sponsor: study.sponsor,
    phase: study.phase,
    indication: study.indication,
    arms: study.arms.map((a) => ({ armcd: a.armcd, arm: a.arm })),
    epochs: study.epochs.map((e) => e.epoch),
    visits: study.visits.map((v) => v.VISIT),
    plannedEnrolment: study.plannedEnrolment,
    actualEnrolment: study.actualEnrolment,
    trialSummary: ts,
    tool: m.tool,
    ctPackages: m.ctPackages,
    standards: summary.standards,
    datasets: summary.datasets.map((d) => {
      const records = entries[d.name]?.records;
      return {
        name: d.name,
        label: d.label,
        className: d.subClassName ? `${d.className} (${d.subClassName})` : d.className,
        structure: d.structure,
        keys: d.keys,
        ...(records !== undefined ? { records } : {}),
      };
    }),
    methods: summary.methods,
    findings: findingsFor(outDir, new Set(summary.datasets.map((d) => d.name))),
    rejection: [],
    forced: false,
    agency: { name: "FDA", splitNote: "", maxDatasetBytes: 0 },
    splits: [],
    sources: study.forms.map((f) => ({ form: f.id, label: f.label, file: f.file })),
  };
}

export async function packageBuild(outDir: string, opts: PackageOptions): Promise<string> {
  const m = readBuildManifest(outDir);
  if (!m)
    throw new UserError(`${outDir} is not a trialforge build (no manifest.json); run trialforge build first`);
  const studyDir = resolve(opts.studyDir);
  const study = loadStudy(studyDir);
  const rules = AGENCY_RULES[opts.agency];
  const maxBytes = opts.maxDatasetBytes ?? rules.maxDatasetBytes;
  const srcSdtm = join(outDir, "sdtm");
  const srcAdam = join(outDir, "adam");
  const sdtmFiles = listFiles(srcSdtm, /\.(xpt|xml|html)$/);
  const adamFiles = listFiles(srcAdam, /\.(xpt|xml|html)$/);
  if (sdtmFiles.length + adamFiles.length === 0)
    throw new UserError(`${outDir} holds no sdtm/ or adam/ datasets to package`);

  // Technical Rejection Criteria first: a failing study is refused before anything is written.
  const ts = await readTrialSummary(srcSdtm);
  const rejection = checkRejectionCriteria({ sdtmFiles, adamFiles, ...(ts ? { ts } : {}) });
  const failed = rejection.filter((c) => !c.passed);
  if (failed.length > 0 && !opts.force) throw new UserError(rejectionMessage(failed));

  const sid = m.study.id.toLowerCase();
  const target = join(outDir, "submission");
  const tmp = join(outDir, ".submission.tmp");
  rmSync(tmp, { recursive: true, force: true });
  const dirs = {
    sdtm: join(tmp, "m5", "datasets", sid, "tabulations", "sdtm"),
    adam: join(tmp, "m5", "datasets", sid, "analysis", "adam", "datasets"),
    programs: join(tmp, "m5", "datasets", sid, "analysis", "adam", "programs"),
  };
  const notes: string[] = [];
  try {
    for (const [part, files, src] of [
      ["sdtm", sdtmFiles, srcSdtm],
      ["adam", adamFiles, srcAdam],
    ] as const) {
      if (files.length === 0) continue;
      mkdirSync(dirs[part], { recursive: true });
      for (const f of files) copyFileSync(join(src, f), join(dirs[part], f));
    }
    const splits = {
      sdtm: await splitLargeDatasets(dirs.sdtm, opts.agency, maxBytes, m.timestamp),
      adam: existsSync(dirs.adam)
        ? await splitLargeDatasets(dirs.adam, opts.agency, maxBytes, m.timestamp)
        : [],
    };
    const agencyFacts = { name: rules.name, splitNote: rules.splitNote, maxDatasetBytes: maxBytes };
    const programs = existsSync(dirs.adam) ? writePrograms(dirs.programs, m, studyDir) : [];

    // SDTM: the annotated CRF (when the study has raw forms and mappings), the cSDRG, and define.xml pointing to both.
    const sdtmDefinePath = join(dirs.sdtm, "define.xml");
    if (existsSync(sdtmDefinePath)) {
      const defineXml = readFileSync(sdtmDefinePath, "utf8");
      const facts = baseFacts(m, study, ts ?? [], defineXml, "sdtm", outDir);
      let acrf: Awaited<ReturnType<typeof renderAcrfPdf>> | undefined;
      if (study.forms.length > 0 && existsSync(join(studyDir, "sdtm"))) {
        const forms = annotateForms(study, loadSdtmSpec(studyDir));
        acrf = await renderAcrfPdf(
          forms,
          {
            studyId: study.studyId,
            title: study.title,
            sponsor: study.sponsor,
            visits: study.visits.map((v) => v.VISIT),
          },
          m.timestamp,
        );
        writeFileSync(join(dirs.sdtm, "acrf.pdf"), acrf.pdf);
        facts.acrf = {
          pages: acrf.pageCount,
          forms: forms.length,
          formsWithoutDomain: forms.filter((f) => f.domains.length === 0).map((f) => f.id),
        };
      } else notes.push("no aCRF (the study has no raw form specs)");
      const csdrg = buildCsdrg({
        ...facts,
        rejection,
        forced: failed.length > 0,
        agency: agencyFacts,
        splits: splits.sdtm,
      });
      writeFileSync(join(dirs.sdtm, "csdrg.pdf"), await renderGuidePdf(csdrg, m.timestamp));
      const documents = {
        ...(acrf
          ? { annotatedCrf: { href: "acrf.pdf", title: "Annotated CRF", pagesOf: acrfPagesOf(acrf.pages) } }
          : {}),
        supplemental: [{ href: "csdrg.pdf", title: "Clinical Study Data Reviewer's Guide" }],
      };
      const attached = attachDocuments(defineXml, documents);
      writeFileSync(sdtmDefinePath, attached.xml);
      attachHtml(join(dirs.sdtm, "define.html"), documents);
      if (acrf)
        notes.push(
          `aCRF ${acrf.pageCount} pages, ${attached.collectedWithPages} Collected variables with page references` +
            (attached.collectedWithoutPages.length > 0
              ? `, ${attached.collectedWithoutPages.length} without (not on a raw form)`
              : ""),
        );
    }

    // ADaM: the ADRG, and define.xml pointing to it.
    const adamDefinePath = join(dirs.adam, "define.xml");
    if (existsSync(adamDefinePath)) {
      const defineXml = readFileSync(adamDefinePath, "utf8");
      const facts = baseFacts(m, study, ts ?? [], defineXml, "adam", outDir);
      const shells = existsSync(join(studyDir, "tlf")) ? loadTlfShells(studyDir) : [];
      for (const d of facts.datasets) {
        const parameters = await parametersOf(join(srcAdam, `${d.name.toLowerCase()}.xpt`));
        if (parameters.length > 0) d.parameters = parameters;
      }
      const adrg = buildAdrg({
        ...facts,
        rejection,
        forced: failed.length > 0,
        agency: agencyFacts,
        splits: splits.adam,
        populationFlags: await populationFlags(srcAdam),
        tlfs: shells.map((s) => ({
          id: s.id,
          ...(s.number ? { number: s.number } : {}),
          title: s.title,
          population: s.population,
          datasets: shellDatasets(s),
        })),
        programs,
      });
      writeFileSync(join(dirs.adam, "adrg.pdf"), await renderGuidePdf(adrg, m.timestamp));
      const documents = { supplemental: [{ href: "adrg.pdf", title: "Analysis Data Reviewer's Guide" }] };
      writeFileSync(adamDefinePath, attachDocuments(defineXml, documents).xml);
      attachHtml(join(dirs.adam, "define.html"), documents);
    }
    const split = [...splits.sdtm, ...splits.adam];
    if (split.length > 0)
      notes.push(
        `split ${split.map((s) => `${s.dataset} into ${s.parts.length}`).join(", ")} (${rules.name} rules)`,
      );
    if (failed.length > 0) notes.push(`packaged with --force despite ${failed.map((c) => c.id).join(", ")}`);

    // Checksums of every file, relative to the submission root, sorted (sha256sum -c compatible).
    const lines: string[] = [];
    const walk = (d: string) => {
      const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name));
      for (const e of entries) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else lines.push(`${sha256File(p)}  ${relative(tmp, p)}`);
      }
    };
    walk(join(tmp, "m5"));
    const maxPath = rules.maxPathFromM5;
    if (maxPath !== undefined) {
      const long = lines.map((l) => l.slice(66)).filter((p) => p.length > maxPath);
      if (long.length > 0)
        throw new UserError(
          `${rules.name}: paths from m5 longer than ${maxPath} characters: ${long.join(", ")}`,
        );
    }
    writeFileSync(join(tmp, "checksums.sha256"), `${lines.join("\n")}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return `packaged ${lines.length} files into ${relative(process.cwd(), target)}/m5 for ${rules.name} (checksums.sha256)${notes.length > 0 ? `: ${notes.join("; ")}` : ""}`;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
