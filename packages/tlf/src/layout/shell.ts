import type { TlfShell } from "@trialforge/spec";

/** Title block, footnotes and page setup shared by every layout. */
export function outputShell(shell: TlfShell) {
  const datasets = new Set<string>([shell.dataset, "ADSL"]);
  const layout = shell.layout as { items?: { dataset?: string }[] };
  for (const it of layout.items ?? []) if (it.dataset) datasets.add(it.dataset);
  return {
    id: shell.id,
    number: shell.number,
    titles: [shell.title, ...(shell.subtitle ? [shell.subtitle] : [])],
    footnotes: shell.footnotes,
    source: `Source: ${[...datasets].sort().join(", ")}`,
    orientation: shell.orientation,
    paper: shell.paper,
  };
}
