/**
 * Child-process entry of `runParallel`: receives one job, trains it, sends back log lines,
 * progress and the result, then exits. Run as `node dist/agents/worker.js` by `fork`.
 */
import { initBackend } from "../backend/index.js";
import type { ParallelJob } from "./parallel.js";
import { trainRun } from "./train.js";

process.on("message", (msg: { type: string; job: ParallelJob }) => {
  if (msg.type !== "run") return;
  void (async () => {
    try {
      await initBackend({ quiet: true });
      const result = await trainRun({
        ...msg.job,
        log: (line) => process.send!({ type: "log", line }),
        progress: (p) => process.send!({ type: "progress", p }),
      });
      process.send!({ type: "result", result }, () => process.exit(0));
    } catch (err) {
      const message = err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err);
      process.send!({ type: "error", message }, () => process.exit(1));
    }
  })();
});
