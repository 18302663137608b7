/**
 * Atomic file writes: each file is written in full to a temporary file in the same folder
 * (so the rename stays on one file system), flushed to disk, then renamed over the target.
 * Readers therefore see either the old file or the new one, never a half-written one. On
 * any error the temporary files are removed and a one-line ReproError names the target.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { ReproError } from "../../core/errors.js";

let counter = 0;

/** Temporary sibling of `target`; starts with "." so folder listings skip it. */
export function tempPathFor(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
}

/** True for the temporary files `tempPathFor` creates (and any other dotfile). */
export function isHiddenFile(name: string): boolean {
  return name.startsWith(".");
}

function writeDurably(file: string, content: string | Uint8Array): void {
  const fd = fs.openSync(file, "wx");
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0]! : String(err);
}

/**
 * Write several files so that each appears complete or not at all. All temporaries are
 * written before the first rename, so a failure while writing (disk full, permission)
 * leaves every target untouched. Renames happen in the given order.
 */
export function writeFilesAtomic(files: readonly { path: string; content: string | Uint8Array }[]): void {
  const temps: string[] = [];
  let current = "";
  try {
    for (const f of files) {
      current = f.path;
      fs.mkdirSync(path.dirname(f.path), { recursive: true });
      const tmp = tempPathFor(f.path);
      temps.push(tmp);
      writeDurably(tmp, f.content);
    }
    files.forEach((f, i) => {
      current = f.path;
      fs.renameSync(temps[i]!, f.path);
      temps[i] = "";
    });
  } catch (err) {
    for (const t of temps) {
      if (t !== "") fs.rmSync(t, { force: true });
    }
    throw new ReproError(`could not write ${current}: ${describe(err)}; check the folder exists and is writable`);
  }
  for (const dir of new Set(files.map((f) => path.dirname(f.path)))) {
    // Make the renames durable where the platform allows fsync on a directory.
    try {
      const fd = fs.openSync(dir, "r");
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      /* best effort */
    }
  }
}

/** Write one file atomically (its folder is created when missing). */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  writeFilesAtomic([{ path: file, content }]);
}
