/** SVG -> PNG with resvg, fonts by file only (no system fonts), so the pixels are reproducible. */
import { Resvg } from "@resvg/resvg-js";
import { fontFiles } from "./fonts.ts";

/** Rasterises an SVG at `scale` pixels per SVG unit (points); returns PNG bytes and pixel size. */
export function renderPng(svg: string, scale = 2): { png: Buffer; width: number; height: number } {
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: [fontFiles.sans, fontFiles.sansBold, fontFiles.mono],
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
      monospaceFamily: "DejaVu Sans Mono",
    },
  });
  const img = r.render();
  return { png: img.asPng(), width: img.width, height: img.height };
}
