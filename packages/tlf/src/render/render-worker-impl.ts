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

/** Jobs run one at a time in arrival order (bounded memory), each answered by one message in that order. */
export function serve(port: MessagePort): void {
  let queue: Promise<void> = Promise.resolve();
  port.on("message", (m: JobMessage) => {
    queue = queue.then(async () => {
      const t0 = performance.now();
      try {
        const paths = await writeOutputFiles(m.output, m.stamp, m.dir, m.formats);
        port.postMessage({ paths, ms: Math.round(performance.now() - t0) });
      } catch (e) {
        port.postMessage({ error: e instanceof Error ? e.message : String(e), ms: 0 });
      }
    });
  });
}
