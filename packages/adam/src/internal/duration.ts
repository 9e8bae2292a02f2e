/** ISO 8601 duration (PCELTM, e.g. "P7D", "PT4H", "-PT30M", "P1W") in days; undefined when not a duration. */
export function durationInDays(s: string): number | undefined {
  const m =
    /^(-)?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      s.trim(),
    );
  if (!m || s.trim() === "P" || s.trim().endsWith("T")) return undefined;
  const [, neg, w, d, h, mi, se] = m;
  if (!w && !d && !h && !mi && !se) return undefined;
  const days =
    Number(w ?? 0) * 7 +
    Number(d ?? 0) +
    Number(h ?? 0) / 24 +
    Number(mi ?? 0) / 1440 +
    Number(se ?? 0) / 86_400;
  return neg ? -days : days;
}
