/**
 * The backend a library entry point runs on when its caller never mentioned backends.
 *
 * tfjs picks its pure-JS `cpu` backend by itself the first time a tensor is made (wasm needs an
 * async start, which tfjs's lazy pick cannot wait for), and then prints a banner pointing at a
 * native package that cannot install here. A state-based SAC update is ~30× slower on that
 * backend than on wasm, silently. So:
 *   - async entry points (`trainRun`, the bench) call `ensureBackend()`: unless the caller chose a
 *     backend, it runs `initBackend()` (wasm here) and its one-line summary is printed once;
 *   - sync entry points (agent and network constructors) cannot await a start; they call
 *     `warnIfDefaultBackend()`, which prints one line saying how to get wasm.
 *
 * "The caller chose" means: `initBackend` ran in this process, or the active backend is not the
 * cpu backend tfjs falls back to (e.g. `tf.setBackend("wasm")`, a native or WebGPU backend).
 * To run on cpu on purpose: `initBackend({ prefer: "cpu" })` or `REPRORL_BACKEND=cpu`.
 */
import * as tf from "@tensorflow/tfjs";
import { backendSelected, initBackend, silenceCpuBanner } from "./select.js";

/** True when the active backend is one the caller (or `initBackend`) picked, not tfjs's lazy cpu default. */
export function backendChosen(): boolean {
  if (backendSelected()) return true;
  const active = tf.engine().backendName as string | null | undefined;
  return active != null && active !== "cpu";
}

/** Start the project's backend choice unless the caller made one (see the file comment). */
export async function ensureBackend(): Promise<void> {
  if (backendChosen()) return;
  await initBackend();
}

let warned = false;

/**
 * For sync entry points: if tensors would land on tfjs's lazily picked cpu backend, say once how
 * to get wasm (and silence tfjs's own Node banner, which recommends a package that cannot install
 * here). Returns true when it warned.
 */
export function warnIfDefaultBackend(where: string, log: (line: string) => void = console.warn): boolean {
  if (backendChosen()) return false;
  // Make tfjs's lazy pick now (it creates a fresh cpu backend instance), then silence that instance.
  tf.backend();
  silenceCpuBanner();
  if (warned) return false;
  warned = true;
  log(
    `[reprorl] ${where} runs on tfjs's pure-JS cpu backend (~30-100x slower than wasm): ` +
      `call \`await backend.initBackend()\` first (or use trainRun, which does), or initBackend({ prefer: "cpu" }) to keep cpu on purpose`,
  );
  return true;
}

/** @internal Tests: allow the warning again. */
export function resetDefaultBackendWarningForTests(): void {
  warned = false;
}
