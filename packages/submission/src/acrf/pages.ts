/**
 * The aCRF pages of a define.xml ItemDef: `IT.VS.VSORRES.TEMP` looks for the pages of `VS.VSORRES.TEMP`,
 * then of `VS.VSORRES`, then of every `VS.VSORRES.*` annotation (a parent variable collected on several
 * tests' fields shows on all their pages). `IT.SUPPAE.QVAL.AEDLT` finds `SUPPAE.QVAL.AEDLT`.
 */
export function acrfPagesOf(
  pages: ReadonlyMap<string, readonly number[]>,
): (itemOid: string) => number[] | undefined {
  return (oid) => {
    const parts = oid.split(".");
    if (parts[0] !== "IT" || parts.length < 3) return undefined;
    const base = `${parts[1]}.${parts[2]}`;
    const rest = parts.slice(3);
    const candidates = rest.length > 0 ? [`${base}.${rest.join(".")}`, `${base}.${rest[0]}`, base] : [base];
    for (const c of candidates) {
      const p = pages.get(c);
      if (p && p.length > 0) return [...p];
    }
    const union = new Set<number>();
    for (const [k, p] of pages) if (k.startsWith(`${base}.`)) for (const n of p) union.add(n);
    return union.size > 0 ? [...union].sort((a, b) => a - b) : undefined;
  };
}
