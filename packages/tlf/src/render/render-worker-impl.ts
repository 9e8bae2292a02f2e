/** The worker side of writeOutputsParallel: renders one job (an output in some formats) per message. */
import type { MessagePort } from "node:worker_threads";
import type { Output, Stamp } from "../model.ts";
import { type OutputFormat, writeOutputFiles } from "./files.ts";

interface JobMessage {
  output: Output;
  formats: OutputFormat[];
  stamp: Stamp;
  dir: string;
}

export function serve(port: MessagePort): void {
  port.on("message", async (m: JobMessage) => {
    const t0 = performance.now();
    try {
      const paths = await writeOutputFiles(m.output, m.stamp, m.dir, m.formats);
      port.postMessage({ paths, ms: Math.round(performance.now() - t0) });
    } catch (e) {
      port.postMessage({ error: e instanceof Error ? e.message : String(e), ms: 0 });
    }
  });
}
