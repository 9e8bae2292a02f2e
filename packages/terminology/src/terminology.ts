/**
 * CDISC controlled terminology: codelists by NCI code or submission short name, term lookup by
 * submission value, case/space-insensitive value, synonym or NCI preferred term, and sponsor codelists.
 */
import { UserError } from "@trialforge/core";
import type { CtCodelistRow, CtData } from "./internal/data-types.ts";

export type CtStandard = "SDTM" | "ADaM" | "Define-XML" | "Sponsor";

/** One codelist term. */
export interface Term {
  /** NCI C-code; "" for a sponsor term without one. */
  code: string;
  /** CDISC Submission Value. */
  value: string;
  synonyms: readonly string[];
  /** NCI Preferred Term (define.xml Decode for CDISC terms). */
  preferredTerm: string;
  /** True for a sponsor term added to an extensible CDISC codelist (define.xml def:ExtendedValue="Yes"). */
  extended?: boolean;
}

export interface Codelist {
  /** NCI C-code of a CDISC codelist, or the sponsor codelist id. */
  code: string;
  name: string;
  /** CDISC Submission Value of the codelist, e.g. "SEX". */
  shortName: string;
  extensible: boolean;
  standard: CtStandard;
  synonyms: readonly string[];
  preferredTerm: string;
  terms: readonly Term[];
  /** True when sponsor terms were added (see withSponsorCodelists). */
  extended?: boolean;
}

/** How lookup found the term: the submission value exactly, ignoring case and spacing, a synonym, or the NCI preferred term. */
export type MatchKind = "exact" | "normalized" | "synonym" | "preferredTerm";

export interface TermMatch {
  term: Term;
  codelist: Codelist;
  match: MatchKind;
  /** Other terms that matched equally well (the value is ambiguous at this match level). */
  alternatives?: Term[];
}

export interface SponsorTerm {
  value: string;
  code?: string;
  synonyms?: string[];
  /** Decode shown in define.xml; defaults to the value. */
  decode?: string;
}

/**
 * A sponsor-defined codelist, or (with `extends: true`) sponsor terms added to the extensible CDISC
 * codelist `id` (NCI code or short name). Same shape as the SDTM spec's `codelists` entries.
 */
export interface SponsorCodelist {
  id: string;
  name?: string;
  extends?: boolean;
  /** For a new sponsor codelist: whether it is extensible (default false). */
  extensible?: boolean;
  terms: readonly SponsorTerm[];
}

export interface PackageDates {
  sdtm: string;
  adam: string;
  define: string;
}

interface CodelistIndex {
  codelist: Codelist;
  exact: Map<string, Term>;
  normalized: Map<string, Term[]>;
  synonymExact: Map<string, Term[]>;
  synonym: Map<string, Term[]>;
  preferred: Map<string, Term[]>;
  byCode: Map<string, Term>;
}

/** Upper case, trimmed, inner whitespace collapsed. */
export function normalizeTermText(s: string): string {
  return s.trim().replace(/\s+/g, " ").toUpperCase();
}

function push(map: Map<string, Term[]>, key: string, t: Term): void {
  const list = map.get(key);
  if (!list) map.set(key, [t]);
  else if (!list.includes(t)) list.push(t);
}

function rowToCodelist(r: CtCodelistRow): Codelist {
  return {
    code: r[0],
    name: r[1],
    shortName: r[2],
    extensible: r[3] === 1,
    standard: r[4] as CtStandard,
    synonyms: r[5] === "" ? [] : r[5].split(";").map((s) => s.trim()),
    preferredTerm: r[6],
    terms: r[7].map((t) => ({
      code: t[0],
      value: t[1],
      synonyms: t[2] === "" ? [] : t[2].split("|"),
      preferredTerm: t[3] === "" ? t[1] : t[3],
    })),
  };
}

function indexCodelist(codelist: Codelist): CodelistIndex {
  const ix: CodelistIndex = {
    codelist,
    exact: new Map(),
    normalized: new Map(),
    synonymExact: new Map(),
    synonym: new Map(),
    preferred: new Map(),
    byCode: new Map(),
  };
  for (const t of codelist.terms) {
    if (!ix.exact.has(t.value)) ix.exact.set(t.value, t);
    push(ix.normalized, normalizeTermText(t.value), t);
    for (const s of t.synonyms) {
      push(ix.synonymExact, s, t);
      push(ix.synonym, normalizeTermText(s), t);
    }
    push(ix.preferred, normalizeTermText(t.preferredTerm), t);
    if (t.code !== "" && !ix.byCode.has(t.code)) ix.byCode.set(t.code, t);
  }
  return ix;
}

/** The loaded terminology: pure lookups over one CT version plus any sponsor codelists. */
export class Terminology {
  readonly packageDates: PackageDates;
  private readonly data: CtData;
  private readonly rows: Map<string, CtCodelistRow>;
  private readonly shortNames: Map<string, string>;
  private readonly built = new Map<string, CodelistIndex>();
  private readonly overrides: Map<string, Codelist>;

  /** Use loadTerminology(); this constructor is for tests that bring their own data. */
  constructor(data: CtData, overrides: Map<string, Codelist> = new Map()) {
    this.packageDates = { ...data.packages };
    this.rows = new Map(data.codelists.map((r) => [r[0], r]));
    this.shortNames = new Map();
    // Short names are unique per package; SDTM wins over ADaM/Define-XML if one ever repeats.
    for (const r of data.codelists) {
      const key = r[2].toUpperCase();
      if (!this.shortNames.has(key)) this.shortNames.set(key, r[0]);
    }
    this.overrides = overrides;
    for (const c of overrides.values()) this.shortNames.set(c.shortName.toUpperCase(), c.code);
    this.data = data;
  }

  private resolve(idOrShortName: string): string | undefined {
    if (this.overrides.has(idOrShortName) || this.rows.has(idOrShortName)) return idOrShortName;
    return this.shortNames.get(idOrShortName.toUpperCase());
  }

  private index(idOrShortName: string): CodelistIndex | undefined {
    const code = this.resolve(idOrShortName);
    if (code === undefined) return undefined;
    let ix = this.built.get(code);
    if (!ix) {
      const override = this.overrides.get(code);
      const row = this.rows.get(code);
      const codelist = override ?? (row ? rowToCodelist(row) : undefined);
      if (!codelist) return undefined;
      ix = indexCodelist(codelist);
      this.built.set(code, ix);
    }
    return ix;
  }

  /** A codelist by NCI code ("C66731") or submission short name ("SEX"). */
  codelist(idOrShortName: string): Codelist | undefined {
    return this.index(idOrShortName)?.codelist;
  }

  /** NCI codes (and sponsor ids) of all codelists, sorted. */
  codelistIds(): string[] {
    return [...new Set([...this.rows.keys(), ...this.overrides.keys()])].sort();
  }

  /** Codelists whose name or short name contains `text` (case-insensitive). */
  searchCodelists(text: string): Codelist[] {
    const q = normalizeTermText(text);
    return this.codelistIds()
      .map((id) => this.codelist(id)!)
      .filter((c) => normalizeTermText(c.name).includes(q) || c.shortName.toUpperCase().includes(q));
  }

  /**
   * The term of `codelistId` for a raw value: the submission value exactly, then ignoring case and
   * spacing, then a synonym (exact, then normalized), then the NCI preferred term. Undefined when none match.
   */
  lookup(codelistId: string, value: string): TermMatch | undefined {
    const ix = this.index(codelistId);
    if (!ix) return undefined;
    const exact = ix.exact.get(value);
    if (exact) return { term: exact, codelist: ix.codelist, match: "exact" };
    const key = normalizeTermText(value);
    if (key === "") return undefined;
    const levels: [MatchKind, Term[] | undefined][] = [
      ["normalized", ix.normalized.get(key)],
      ["synonym", ix.synonymExact.get(value.trim()) ?? ix.synonym.get(key)],
      ["preferredTerm", ix.preferred.get(key)],
    ];
    for (const [match, found] of levels) {
      if (!found || found.length === 0) continue;
      const m: TermMatch = { term: found[0]!, codelist: ix.codelist, match };
      if (found.length > 1) m.alternatives = found.slice(1);
      return m;
    }
    return undefined;
  }

  /** The term with NCI code `code` in a codelist (e.g. the LBTEST name for an LBTESTCD term's code). */
  termByCode(codelistId: string, code: string): Term | undefined {
    return this.index(codelistId)?.byCode.get(code);
  }

  /** True when the codelist is extensible (unknown codelists are not). */
  isExtensible(codelistId: string): boolean {
    return this.codelist(codelistId)?.extensible ?? false;
  }

  /**
   * A new Terminology with sponsor codelists added (e.g. ASTCT CRS/ICANS grades, which have no CDISC
   * codelist) and sponsor terms added to extensible CDISC codelists (marked `extended`).
   * @remarks Throws UserError for an extension of a non-extensible codelist, an unknown codelist,
   * a sponsor id that collides with a CDISC code or short name, or a term that already exists.
   */
  withSponsorCodelists(list: readonly SponsorCodelist[]): Terminology {
    const overrides = new Map(this.overrides);
    const errors: string[] = [];
    for (const s of list) {
      if (s.extends) {
        // A codelist extended twice (or already extended by an earlier call) keeps every addition.
        const code = this.resolve(s.id);
        const base = (code === undefined ? undefined : overrides.get(code)) ?? this.codelist(s.id);
        if (!base) {
          errors.push(`codelist ${s.id} to extend is not in CT ${this.packageDates.sdtm}`);
          continue;
        }
        if (!base.extensible) {
          errors.push(
            `codelist ${base.code} (${base.shortName}) is not extensible; "${s.terms[0]?.value ?? ""}" cannot be added`,
          );
          continue;
        }
        const ix = indexCodelist(base);
        const added: Term[] = [];
        for (const t of s.terms) {
          if (
            ix.normalized.has(normalizeTermText(t.value)) ||
            added.some((a) => normalizeTermText(a.value) === normalizeTermText(t.value))
          ) {
            errors.push(`codelist ${base.code} (${base.shortName}) already has the term "${t.value}"`);
            continue;
          }
          added.push({
            code: t.code ?? "",
            value: t.value,
            synonyms: t.synonyms ?? [],
            preferredTerm: t.decode ?? t.value,
            extended: true,
          });
        }
        overrides.set(base.code, { ...base, terms: [...base.terms, ...added], extended: true });
      } else {
        const clash = this.resolve(s.id);
        if (clash !== undefined && !this.overrides.has(s.id)) {
          errors.push(`sponsor codelist id ${s.id} collides with CDISC codelist ${clash}`);
          continue;
        }
        const seen = new Set<string>();
        for (const t of s.terms) {
          const k = normalizeTermText(t.value);
          if (seen.has(k)) errors.push(`sponsor codelist ${s.id} repeats the term "${t.value}"`);
          seen.add(k);
        }
        overrides.set(s.id, {
          code: s.id,
          name: s.name ?? s.id,
          shortName: s.id,
          extensible: s.extensible ?? false,
          standard: "Sponsor",
          synonyms: [],
          preferredTerm: s.name ?? s.id,
          terms: s.terms.map((t) => ({
            code: t.code ?? "",
            value: t.value,
            synonyms: t.synonyms ?? [],
            preferredTerm: t.decode ?? t.value,
          })),
        });
      }
    }
    if (errors.length > 0) throw new UserError(`Sponsor codelists: ${errors.join("; ")}`);
    return new Terminology(this.data, overrides);
  }
}
