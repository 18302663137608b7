/**
 * Rich output from library code running inside the tslab kernel.
 *
 * tslab's public `display` API sends ONE mime type per display_data message
 * (`display.raw(mime, data)` → `{data: {[mime]: data}}`). A figure wants one bundle with
 * several representations (plotly JSON + static SVG/PNG + HTML), so this module calls the
 * writer tslab's `display` itself uses: `lastWriteDisplayData` of `tslab/dist/jupyter.js`, found in
 * the module cache of the kernel process (tested in test/notebook/import.test.ts and in a
 * real kernel by test/browser/kernel.test.ts). Outside a kernel every function here is a harmless no-op.
 * It is library code (figures show themselves through it); src/notebook/display.ts re-exports it
 * for notebooks, so the library never imports the notebook runner.
 */

/** What tslab's writer accepts: an iopub display_data content. */
interface DisplayContent {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}
export type DisplayWriter = (content: DisplayContent, update: boolean) => void;

/**
 * tslab's hook that sends display_data for the running cell, or null outside a kernel (and
 * between cells). The kernel process has `tslab/dist/jupyter.js` loaded; it is looked up in
 * the module cache (whichever copy of tslab started the kernel), so nothing is loaded here.
 */
export function tslabDisplayHook(): DisplayWriter | null {
  for (const [key, mod] of Object.entries(require.cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) continue;
    const hook = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof hook === "function") return hook as DisplayWriter;
  }
  return null;
}

/** True when this code runs inside a tslab kernel cell. */
export function insideKernel(): boolean {
  return tslabDisplayHook() !== null;
}

/**
 * Shows one mime bundle in the current cell's output, e.g.
 * `displayBundle({"image/svg+xml": svg, "text/html": html, "application/vnd.plotly.v1+json": {data, layout}})`.
 * Binary images (image/png, image/jpeg) must be given base64-encoded (or as a Uint8Array,
 * which is encoded here); JSON mime types as objects. Returns false (and does nothing)
 * outside a kernel. With `displayId`, a later call with the same id and `update: true`
 * replaces the shown output (update_display_data).
 */
export function displayBundle(
  data: Record<string, unknown>,
  opts: { metadata?: Record<string, unknown>; displayId?: string; update?: boolean } = {},
): boolean {
  const write = tslabDisplayHook();
  if (write === null) return false;
  const encoded: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(data)) {
    encoded[mime] = value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value;
  }
  write(
    { data: encoded, metadata: opts.metadata ?? {}, transient: opts.displayId ? { display_id: opts.displayId } : {} },
    opts.update === true,
  );
  return true;
}
