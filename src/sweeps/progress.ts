/**
 * The progress of a sweep being followed (`reprorl sweep … --wait`): one bar redrawn in place
 * on a terminal, one line per change elsewhere (CI logs, files).
 */
export interface SweepCounts {
  total: number;
  done: number;
  failed: number;
  running: number;
}

/** `[########----------]  4/10 done · 1 failed · 2 running · 1 m 05 s`. */
export function progressLine(c: SweepCounts, elapsedSec: number, width = 24): string {
  const filled = c.total === 0 ? width : Math.round((width * c.done) / c.total);
  const bar = "#".repeat(filled) + "-".repeat(width - filled);
  const m = Math.floor(elapsedSec / 60);
  const s = Math.floor(elapsedSec % 60);
  const time = m > 0 ? `${m} m ${String(s).padStart(2, "0")} s` : `${s} s`;
  return `[${bar}] ${String(c.done).padStart(String(c.total).length)}/${c.total} done · ${c.failed} failed · ${c.running} running · ${time}`;
}

/** A printer that redraws on a TTY and prints only changed states otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): { update(c: SweepCounts): void; end(): void } {
  const t0 = Date.now();
  let last = "";
  let drawn = false;
  return {
    update(c) {
      const key = `${c.done}/${c.failed}/${c.running}`;
      const line = progressLine(c, (Date.now() - t0) / 1000);
      if (stream.isTTY) {
        stream.write(`\r${line}`);
        drawn = true;
      } else if (key !== last) {
        stream.write(line + "\n");
      }
      last = key;
    },
    end() {
      if (drawn) stream.write("\n");
    },
  };
}

/** Wait `ms`, or less when `signal` aborts (following a sweep stops at once on Ctrl-C). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
