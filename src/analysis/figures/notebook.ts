/**
 * Interactive figures in the classic Jupyter Notebook, one shared plotly.js bundle, static
 * PNG everywhere else.
 *
 * A shown figure is two outputs: the figure bundle (plotly JSON + PNG + text, display.ts) and
 * this small one, `application/javascript` + `text/markdown` (the link to the exported HTML)
 * + `text/plain`. Where each is rendered:
 * - classic Notebook, trusted (the cell just ran, or `jupyter trust`): the script runs. It
 *   writes the link, takes the plotly JSON from the figure output just before it (the cell's
 *   output model, so the figure data is not stored twice), loads the project's own
 *   node_modules/plotly.js-dist-min once per page with a script tag (served by the Jupyter
 *   server under /files/, so it is never copied into the notebook; plotly.js 4 is not an AMD
 *   module, it sets window.Plotly) and replaces the PNG with the interactive plot;
 * - untrusted Notebook, JupyterLab without a plotly extension, GitHub: the script is not run,
 *   the PNG and the link (HTML or Markdown) are shown;
 * - nbconvert HTML / nbviewer: the script writes the link and finds no Notebook model, so the
 *   PNG stays.
 * Paths are relative to the notebook's folder (the kernel's working directory), so executed
 * notebooks hold no absolute path. The link and the bundle resolve when the Jupyter server's
 * root contains them: start Jupyter in the project folder.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";

const BUNDLE = path.join("node_modules", "plotly.js-dist-min", "plotly.min.js");

/** The plotly bundle as a path relative to `fromDir`, found in the nearest node_modules above it (no symlink resolving: it must stay under the server root). */
export function plotlyBundleLink(fromDir: string): string | undefined {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, BUNDLE))) return path.relative(fromDir, path.join(dir, BUNDLE)).split(path.sep).join("/");
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The script of the second output (runs in the Notebook page with `element` = this output's area). */
export function upgradeScript(link: string | undefined, bundle: string | undefined): string {
  return `(function (element) {
  var LINK = ${JSON.stringify(link ?? null)}, BUNDLE = ${JSON.stringify(bundle ?? null)}, MIME = "application/vnd.plotly.v1+json";
  var out = element && element.jquery ? element[0] : element;
  if (!out) return;
  var body = document.body, nbPath = body.getAttribute("data-notebook-path");
  var filesUrl = function (rel) {
    if (nbPath === null) return rel;
    var dir = nbPath.split("/").slice(0, -1).join("/");
    var base = (body.getAttribute("data-base-url") || "/").replace(/\\/?$/, "/");
    return new URL(base + "files/" + (dir ? dir + "/" : "") + rel, window.location.href).href;
  };
  if (LINK) {
    var a = document.createElement("a");
    a.href = filesUrl(LINK); a.target = "_blank"; a.textContent = "interactive version";
    out.appendChild(a);
  }
  var $ = window.jQuery;
  if (!BUNDLE || !$ || nbPath === null) return;
  // The Notebook runs this before it attaches the output to the page: look around once it is there.
  setTimeout(function () { upgrade($, out); }, 0);
  function upgrade($, out) {
  var cell = $(out).closest(".cell").data("cell");
  if (!cell || !cell.output_area) return;
  // Output areas in the page and outputs in the model correspond one to one: ours is at idx,
  // its figure is the nearest output before it that carries plotly JSON.
  var areas = $(cell.output_area.element).children(".output_area");
  var idx = areas.index($(out).closest(".output_area"));
  var outputs = cell.output_area.outputs, spec = null, target = null;
  for (var i = idx - 1; i >= 0 && spec === null; i--) {
    if (outputs[i] && outputs[i].data && outputs[i].data[MIME]) { spec = outputs[i].data[MIME]; target = $(areas[i]).find(".output_subarea")[0]; }
  }
  if (spec === null || !target) return;
  // One bundle per page, however many figures: the first figure loads it, the others wait for it.
  window.__reprorlPlotly = window.__reprorlPlotly || new Promise(function (resolve, reject) {
    if (window.Plotly) return resolve(window.Plotly);
    var s = document.createElement("script");
    s.src = filesUrl(BUNDLE);
    s.onload = function () { window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly")); };
    s.onerror = reject;
    document.head.appendChild(s);
  });
  window.__reprorlPlotly.then(function (Plotly) {
    var div = document.createElement("div");
    div.className = "reprorl-plotly";
    target.innerHTML = "";
    target.appendChild(div);
    return Plotly.newPlot(div, spec.data, spec.layout, spec.config);
  }, function () { window.__reprorlPlotly = null; /* bundle not reachable from this server: keep the PNG */ });
  }
})(typeof element !== "undefined" ? element : null);
`;
}

/**
 * The output that follows a shown figure: the upgrade script, the link as HTML (the untrusted
 * Notebook shows sanitised HTML but no Markdown) and as Markdown, a text line.
 */
export function interactiveBundle(link: string | undefined, bundle: string | undefined): Record<string, string> {
  const out: Record<string, string> = { "application/javascript": upgradeScript(link, bundle) };
  if (link !== undefined) {
    out["text/html"] = `<a href="${encodeURI(link).replace(/"/g, "%22")}" target="_blank">interactive version</a>`;
    out["text/markdown"] = `[interactive version](${encodeURI(link)})`;
  }
  out["text/plain"] = link !== undefined ? `interactive: ${link}` : "";
  return out;
}
