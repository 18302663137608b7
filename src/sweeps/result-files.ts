/**
 * A job's result as data that can travel (through the queue, no shared filesystem): the
 * CSV/JSON pairs of its tables exactly as a worker's store wrote them, and back into the
 * submitter's store. The bytes are not re-rendered, so a result stored from a worker is the same
 * files the worker wrote. Before anything is written the files are checked the way the store
 * reads them (checksums, columns, tier, the whole group), in a scratch folder; then they are
 * written as one atomic group in the store's order (CSVs, then the JSONs with the key table's
 * last), so a reader that finds the job's key JSON finds all of it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFilesAtomic } from "../analysis/results/atomic.js";
import { runPaths } from "../analysis/results/store.js";
import { ReproError } from "../core/errors.js";
import { jobStatus, type Job } from "./jobs.js";

export interface ResultFile {
  /** Path relative to the results root, with "/" separators. */
  path: string;
  content: string;
}

/** The store paths (relative to `root`) of every table of a job, key table first. */
function tablePaths(job: Job, root: string): { csv: string; json: string }[] {
  return job.run.tables.map((t) => {
    const p = runPaths(root, job.chapter, t.experiment, t.method, job.seed);
    return { csv: p.csvPath, json: p.metaPath };
  });
}

const toRel = (root: string, p: string): string => path.relative(root, p).split(path.sep).join("/");

/** The stored files of a done job (tables a run left empty are not stored and not sent). */
export function readJobFiles(job: Job, root: string): ResultFile[] {
  const s = jobStatus(job, root);
  if (s.state !== "done") throw new ReproError(`job ${job.id} of ${job.chapter} is ${s.state} in ${root}${s.detail ? `: ${s.detail}` : ""}`);
  const out: ResultFile[] = [];
  for (const t of tablePaths(job, root)) {
    if (!fs.existsSync(t.json)) continue;
    out.push({ path: toRel(root, t.csv), content: fs.readFileSync(t.csv, "utf8") });
    out.push({ path: toRel(root, t.json), content: fs.readFileSync(t.json, "utf8") });
  }
  return out;
}

/**
 * Write a job's files (from `readJobFiles` elsewhere) into `root`. Only the job's own table
 * paths are accepted; the files must read back as the whole, valid group of this job.
 */
export function writeJobFiles(job: Job, files: readonly ResultFile[], root: string): void {
  const allowed = new Set(tablePaths(job, ".").flatMap((t) => [toRel(".", t.csv), toRel(".", t.json)]));
  const byPath = new Map<string, string>();
  for (const f of files) {
    if (typeof f?.path !== "string" || typeof f.content !== "string") throw new ReproError(`job ${job.id} of ${job.chapter}: a returned result file is not { path, content }`);
    if (!allowed.has(f.path)) throw new ReproError(`job ${job.id} of ${job.chapter}: returned file ${JSON.stringify(f.path)} is not one of the job's tables`);
    byPath.set(f.path, f.content);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-result-"));
  try {
    for (const [rel, content] of byPath) {
      const p = path.join(scratch, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    }
    const s = jobStatus(job, scratch);
    if (s.state !== "done") throw new ReproError(`job ${job.id} of ${job.chapter}: the returned result is ${s.state}${s.detail ? ` (${s.detail.replace(scratch, "<returned>")})` : ""}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const paths = tablePaths(job, root).filter((t) => byPath.has(toRel(root, t.json)));
  writeFilesAtomic([
    ...paths.map((t) => ({ path: t.csv, content: byPath.get(toRel(root, t.csv))! })),
    ...[...paths].reverse().map((t) => ({ path: t.json, content: byPath.get(toRel(root, t.json))! })),
  ]);
}
