/**
 * Rich output from library code running inside the tslab kernel.
 *
 * tslab's public `display` API sends ONE mime type per display_data message
 * (`display.raw(mime, data)` → `{data: {[mime]: data}}`). A figure wants one bundle with
 * several representations (plotly JSON + static SVG/PNG + HTML), so this module calls the
 * writer tslab's `display` itself uses: `require("tslab/dist/jupyter").lastWriteDisplayData`.
 * That works because the kernel is spawned from OUR node_modules/tslab, so the library's
 * `require("tslab/…")` resolves to the very module instance the kernel runs (tested in
 * test/notebook/import.test.ts). Outside a kernel every function here is a harmless no-op.
 */

/** What tslab's writer accepts: an iopub display_data content. */
interface DisplayContent {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}
type DisplayWriter = (content: DisplayContent, update: boolean) => void;

/** True when this code runs inside a tslab kernel cell context. */
export function insideKernel(): boolean {
  return (globalThis as { __tslab__?: unknown }).__tslab__ !== undefined;
}

function writer(): DisplayWriter | undefined {
  if (!insideKernel()) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require("tslab/dist/jupyter.js") as { lastWriteDisplayData?: DisplayWriter | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
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
  const write = writer();
  if (write === undefined) return false;
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
