/** Font files shared by the PDF renderer and the figure rasteriser (DejaVu: covers ≥ ≤ µ ± and Greek). */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const ttfDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");

export const fontFiles = {
  mono: join(ttfDir, "DejaVuSansMono.ttf"),
  monoBold: join(ttfDir, "DejaVuSansMono-Bold.ttf"),
  monoOblique: join(ttfDir, "DejaVuSansMono-Oblique.ttf"),
  monoBoldOblique: join(ttfDir, "DejaVuSansMono-BoldOblique.ttf"),
  sans: join(ttfDir, "DejaVuSans.ttf"),
  sansBold: join(ttfDir, "DejaVuSans-Bold.ttf"),
  sansOblique: join(ttfDir, "DejaVuSans-Oblique.ttf"),
  sansBoldOblique: join(ttfDir, "DejaVuSans-BoldOblique.ttf"),
} as const;

export const allFontFiles: ReadonlySet<string> = new Set(Object.values(fontFiles));
