/**
 * Entry point of the reprorl TypeScript kernel (the kernelspec's argv):
 *   node dist/notebook/tskernel/main.js --config-path <connection file>
 * Cells run in the kernel's working directory (Jupyter starts it in the notebook's folder).
 */
import { readFileSync } from "node:fs";
import type { ConnectionInfo } from "../connection.js";
import { CellExecutor } from "./cell.js";
import { KernelServer } from "./server.js";

export async function startKernel(configPath: string): Promise<KernelServer> {
  const conn = JSON.parse(readFileSync(configPath, "utf8")) as ConnectionInfo;
  const cells = new CellExecutor(process.cwd());
  const server = new KernelServer(conn, cells);
  // Jupyter interrupts kernels with SIGINT (interrupt_mode "signal"): stop the running cell, keep the kernel.
  process.on("SIGINT", () => cells.interrupt());
  // A stray rejection or exception from a cell's background work must not kill the kernel (as tslab).
  process.on("uncaughtException", (err) => console.error("UncaughtException:", err));
  process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));
  await server.start();
  // Like ipykernel's parent poller: a kernel whose launcher died (a killed Jupyter server or
  // runner) exits instead of lingering; the launcher's death re-parents it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 2000).unref();
  return server;
}

if (require.main === module) {
  const at = process.argv.indexOf("--config-path");
  const configPath = at >= 0 ? process.argv[at + 1] : undefined;
  if (configPath === undefined) {
    process.stderr.write("usage: node dist/notebook/tskernel/main.js --config-path <connection file>\n");
    process.exit(2);
  }
  startKernel(configPath).then(
    async (server) => {
      await server.finished();
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`reprorl kernel: ${String((err as Error)?.stack ?? err)}\n`);
      process.exit(1);
    },
  );
}
