/**
 * Shared by the sweep tests: the CLI as a child process, fresh output roots, and the
 * comparison of two results stores.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { parseCsv } from "../../src/analysis/results/csv.js";
import { BIN, tempDir } from "../notebook/helpers.js";

export { BIN, reprorl, requireBuiltCli, runProcess, tempDir } from "../notebook/helpers.js";

export const CH2 = "drl-thesis/ch2-background";

/** Every file under a results root, relative path → content. */
export function storeFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(root, p), fs.readFileSync(p, "utf8"));
    }
  };
  walk(root);
  return out;
}

/**
 * A stored CSV with its measured wall-time columns blanked (ch2's checks table records how long
 * each check took; nothing else in it may differ between two runs of the same job).
 */
function withoutTimings(csv: string): string {
  const records = parseCsv(csv);
  const timing = new Set(records[0]!.map((h, i) => (/wallTime/i.test(h) ? i : -1)).filter((i) => i >= 0));
  return JSON.stringify(records.map((r) => r.filter((_, i) => !timing.has(i))));
}

/** The JSON metadata minus what differs between any two runs of a job (when, how long, the checksum of a timed CSV). */
function stableMeta(json: string, timed: boolean): unknown {
  const m = JSON.parse(json) as Record<string, unknown>;
  delete m["createdAt"];
  delete m["wallTimeSec"];
  if (timed) delete m["csvSha256"];
  return m;
}

/**
 * Compare two stores: the same files; every CSV byte-identical (CSVs with a wall-time column:
 * identical but for that column); every JSON identical but for createdAt and wallTimeSec.
 * Returns how many CSVs were compared byte for byte and how many without their timing column.
 */
export function expectSameResults(a: string, b: string): { identical: number; timed: number } {
  const fa = storeFiles(a);
  const fb = storeFiles(b);
  const names = [...fa.keys()].sort();
  if (JSON.stringify(names) !== JSON.stringify([...fb.keys()].sort())) {
    throw new Error(`different files:\n${names.join("\n")}\nvs\n${[...fb.keys()].sort().join("\n")}`);
  }
  let identical = 0;
  let timed = 0;
  for (const name of names) {
    if (!name.endsWith(".csv")) continue;
    const ca = fa.get(name)!;
    const cb = fb.get(name)!;
    const isTimed = /wallTime/i.test(ca.split("\n")[0]!);
    if (isTimed) {
      timed++;
      if (withoutTimings(ca) !== withoutTimings(cb)) throw new Error(`${name} differs (beyond its wall-time column)`);
    } else {
      identical++;
      if (ca !== cb) throw new Error(`${name} is not byte-identical`);
    }
    const jn = name.replace(/\.csv$/, ".json");
    if (JSON.stringify(stableMeta(fa.get(jn)!, isTimed)) !== JSON.stringify(stableMeta(fb.get(jn)!, isTimed))) {
      throw new Error(`${jn} differs beyond createdAt/wallTimeSec`);
    }
  }
  return { identical, timed };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A long-running CLI process (worker) whose stdout is collected; resolves `line(re)` when a line matches. */
export interface Running {
  child: ChildProcess;
  out: () => string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

export function startCli(args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = out.split("\n").find((l) => w.re.test(l));
      if (m !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    out: () => out,
    exited,
    waitFor(re, timeoutMs = 60_000) {
      const m = out.split("\n").find((l) => re.test(l));
      if (m !== undefined) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; output:\n${out}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(t), resolve(l)) });
      });
    },
  };
}

export function outputRoot(prefix: string): { dir: string; results: string; env: Record<string, string> } {
  const dir = tempDir(prefix);
  return { dir, results: path.join(dir, "data", "results"), env: { REPRORL_OUTPUT_ROOT: dir } };
}
