/**
 * Controlled terminology checks for the mappings: a value is its codelist's submission value (matched
 * case-insensitively, synonyms allowed by the CT source), a term of the study's extension of an extensible
 * codelist, or a term of a sponsor codelist. Anything else in a non-extensible codelist rejects the record;
 * in an extensible one it is kept and listed as a needed extension (SDTMIG 4.3).
 */
import type { Diagnostics } from "@trialforge/core";
import type { SponsorCodelist } from "@trialforge/spec";

/** What the SDTM mappings need from a CT package. */
export interface CtSource {
  /** Submission value for `value` in `codelist`, or undefined when the codelist has no such term. */
  find(codelist: string, value: string): string | undefined;
  /** Whether a codelist is extensible; undefined when the CT package has no such codelist. */
  isExtensible(codelist: string): boolean | undefined;
}

export type CtResult = { ok: true; value: string } | { ok: false; reason: string };

/** A term found in data that is not in its extensible codelist nor in the study's extension list. */
export interface CtExtension {
  codelist: string;
  value: string;
  /** Where it was first seen, e.g. "AE.AEOUT". */
  variable: string;
  count: number;
}

export class CtChecker {
  private readonly sponsor = new Map<string, Map<string, string>>();
  private readonly extended = new Map<string, Map<string, string>>();
  private readonly unlisted = new Map<string, CtExtension>();
  private readonly missingCodelists = new Set<string>();

  constructor(
    private readonly source: CtSource,
    codelists: readonly SponsorCodelist[],
    private readonly diagnostics: Diagnostics,
  ) {
    for (const cl of codelists) {
      const terms = new Map(cl.terms.map((t) => [t.value.toUpperCase(), t.value]));
      (cl.extends ? this.extended : this.sponsor).set(cl.id, terms);
    }
  }

  /** True when the codelist is a sponsor-defined one from the study spec. */
  isSponsor(codelist: string): boolean {
    return this.sponsor.has(codelist);
  }

  check(codelist: string, value: string, variable: string): CtResult {
    if (value === "") return { ok: true, value };
    const key = value.toUpperCase();
    const own = this.sponsor.get(codelist);
    if (own) {
      const v = own.get(key);
      return v !== undefined
        ? { ok: true, value: v }
        : { ok: false, reason: `"${value}" is not a term of sponsor codelist ${codelist}` };
    }
    const found = this.source.find(codelist, value);
    if (found !== undefined) return { ok: true, value: found };
    const ext = this.extended.get(codelist)?.get(key);
    if (ext !== undefined) return { ok: true, value: ext };
    const extensible = this.source.isExtensible(codelist);
    if (extensible === undefined) {
      if (!this.missingCodelists.has(codelist)) {
        this.missingCodelists.add(codelist);
        this.diagnostics.error(
          "SDTM.CT_NO_CODELIST",
          `codelist ${codelist} (used by ${variable}) is neither in the CT package nor a sponsor codelist`,
          { variable },
        );
      }
      return { ok: true, value };
    }
    if (!extensible)
      return { ok: false, reason: `"${value}" is not a term of non-extensible codelist ${codelist}` };
    const k = `${codelist}\u0000${key}`;
    const seen = this.unlisted.get(k);
    if (seen) seen.count++;
    else {
      this.unlisted.set(k, { codelist, value: key, variable, count: 1 });
      this.diagnostics.warning(
        "SDTM.CT_EXTENSION",
        `"${key}" is not in extensible codelist ${codelist}; kept as a sponsor extension (add it to sdtm/_config.yaml codelists)`,
        { variable, value: key },
      );
    }
    return { ok: true, value: key };
  }

  /** Terms kept in extensible codelists without being listed in the study's extensions. */
  extensions(): CtExtension[] {
    return [...this.unlisted.values()].sort((a, b) => (a.codelist + a.value < b.codelist + b.value ? -1 : 1));
  }
}
