/** SVG -> PNG with resvg, fonts by file only (no system fonts), so the pixels are reproducible. */
import { Resvg } from "@resvg/resvg-js";
import { fontFiles } from "./fonts.ts";

export interface RenderedPng {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * The last few rasterisations, keyed by scale and SVG text: the PDF and RTF renderers draw the same figure at
 * the same scale one after the other, and resvg is the dearest step of a figure (deterministic, so reuse is exact).
 */
const cache = new Map<string, RenderedPng>();
const CACHE_SIZE = 4;

/** Rasterises an SVG at `scale` pixels per SVG unit (points); returns PNG bytes and pixel size. */
export function renderPng(svg: string, scale = 2): RenderedPng {
  const key = `${scale}\n${svg}`;
  const hit = cache.get(key);
  if (hit) return { png: Buffer.from(hit.png), width: hit.width, height: hit.height };
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
  const out = { png: img.asPng(), width: img.width, height: img.height };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
  return { png: Buffer.from(out.png), width: out.width, height: out.height };
}
