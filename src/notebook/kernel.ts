/**
 * A Jupyter kernel client over ZeroMQ, without Python: spawns the kernel process with a
 * fresh connection file, talks to it on shell/control (Dealer) and iopub (Subscriber),
 * runs code cells, interrupts them on timeout, and always shuts the process down.
 *
 * The default kernel is OUR `node_modules/tslab` (resolved from this package, started with
 * the running Node binary), so `require("tslab")` from library code inside the kernel
 * returns the very module instance the kernel runs (its `display` API then works).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as zmq from "zeromq";
import { ReproError } from "../core/errors.js";
import { endpoint, newConnectionInfo, type ConnectionInfo } from "./connection.js";
import { decodeMessage, encodeMessage, makeMessage, type JupyterMessage } from "./wire.js";

/** Placeholder in a kernel command that is replaced by the connection file path. */
export const CONNECTION_FILE = "{connection_file}";

export interface KernelOptions {
  /** Working directory of the kernel process (the notebook's folder). */
  cwd: string;
  /** Kernel argv with {@link CONNECTION_FILE}; default {@link defaultKernelCommand}. */
  command?: readonly string[];
  /** Extra environment variables for the kernel (added to this process's environment). */
  env?: Record<string, string>;
  /** How long to wait for the first kernel_info_reply (default 120 s: tslab warms the TS compiler). */
  startupTimeoutMs?: number;
}

export interface ExecuteOptions {
  /** Per-cell time limit; undefined or 0 = none. */
  timeoutMs?: number;
  /** After a timeout, how long to wait for the interrupted cell to stop before killing (default 5 s). */
  interruptGraceMs?: number;
  /** Called with every iopub message of this request as it arrives. */
  onMessage?: (msg: JupyterMessage) => void;
}

export type ExecuteStatus = "ok" | "error" | "abort" | "timeout" | "died";

export interface ExecuteOutcome {
  status: ExecuteStatus;
  executionCount: number | null;
  /** The execute_reply content (absent on timeout / death). */
  reply?: Record<string, unknown>;
  /** iopub messages whose parent is this request, in arrival order. */
  messages: JupyterMessage[];
  /** On "died": how the process ended. */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  startedAt: Date;
  endedAt: Date;
}

/** Package root of the tslab module this package depends on, or undefined if it is not installed. */
export function resolveTslabDir(): string | undefined {
  try {
    return path.dirname(require.resolve("tslab/package.json"));
  } catch {
    return undefined;
  }
}

/** The compiled entry of the reprorl kernel (src/notebook/tskernel/main.ts), from src/ or dist/ alike. */
export function kernelMainPath(): string {
  return path.join(__dirname, "..", "..", "dist", "notebook", "tskernel", "main.js");
}

/**
 * `node <package>/dist/notebook/tskernel/main.js --config-path {connection_file}`: the reprorl
 * kernel, a protocol-conforming server around tslab's compiler and executor (see
 * src/notebook/tskernel/server.ts for why not tslab's own `tslab kernel`).
 */
export function defaultKernelCommand(tslabDir = resolveTslabDir()): string[] {
  if (tslabDir === undefined) {
    throw new ReproError(
      "the tslab kernel is not installed (cannot resolve the 'tslab' package): run `npm install` in the reprorl folder",
    );
  }
  const main = kernelMainPath();
  if (!existsSync(main)) throw new ReproError(`the reprorl kernel is not built (${main} is missing): run \`npm run build\` in the reprorl folder`);
  return [process.execPath, main, "--config-path", CONNECTION_FILE];
}

/** Kernels started by this process that are still alive; killed synchronously if we exit. */
const liveKernels = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of liveKernels) {
      try {
        child.kill("SIGKILL");
      } catch {
        /* already gone */
      }
    }
  });
}

interface Pending {
  msgId: string;
  messages: JupyterMessage[];
  onMessage?: (msg: JupyterMessage) => void;
  idle: boolean;
  reply?: JupyterMessage;
  wake: () => void;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class KernelClient {
  readonly session = randomUUID();
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly pending = new Map<string, Pending>();
  private readonly sendChains = new Map<zmq.Dealer, Promise<unknown>>();
  private stderrTail = "";
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;
  private closed = false;
  /** kernel_info_reply content. */
  kernelInfo: Record<string, unknown> = {};

  private constructor(
    private readonly child: ChildProcess,
    private readonly conn: ConnectionInfo,
    private readonly connDir: string,
  ) {
    installExitHook();
    liveKernels.add(child);
    const keepTail = (chunk: Buffer): void => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    };
    child.stderr?.on("data", keepTail);
    child.stdout?.on("data", keepTail);
    this.exited = new Promise((resolve) => {
      child.on("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        liveKernels.delete(child);
        for (const p of this.pending.values()) p.wake();
        resolve();
      });
    });
    child.on("error", (err) => {
      // spawn failure (e.g. ENOENT): record it as an exit so waiters wake up
      this.stderrTail += `\n${err.message}`;
      if (this.exitInfo === undefined) {
        this.exitInfo = { code: null, signal: null };
        liveKernels.delete(child);
        for (const p of this.pending.values()) p.wake();
      }
    });
  }

  /** OS process id of the kernel. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  /** Last few KB the kernel process wrote to its own stdout/stderr (outside cell executions). */
  get processOutput(): string {
    return this.stderrTail;
  }

  /**
   * Spawns the kernel and waits until it answers kernel_info on shell and its iopub
   * subscription is live (a status message for one of our requests arrived).
   */
  static async start(opts: KernelOptions): Promise<KernelClient> {
    const command = opts.command ?? defaultKernelCommand();
    for (const arg of command) {
      if (path.isAbsolute(arg) && !existsSync(arg)) {
        throw new ReproError(
          `the tslab kernel cannot start: ${arg} does not exist — run \`npm install\` in the reprorl folder`,
        );
      }
    }
    if (!existsSync(opts.cwd)) throw new ReproError(`kernel working directory ${opts.cwd} does not exist`);
    const conn = await newConnectionInfo();
    const connDir = mkdtempSync(path.join(tmpdir(), "reprorl-kernel-"));
    const connFile = path.join(connDir, "connection.json");
    writeFileSync(connFile, JSON.stringify(conn, null, 1), { mode: 0o600 });
    const argv = command.map((a) => a.split(CONNECTION_FILE).join(connFile));
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const client = new KernelClient(child, conn, connDir);
    try {
      await client.connectAndWait(opts.startupTimeoutMs ?? 120_000);
    } catch (err) {
      await client.shutdown();
      throw err;
    }
    return client;
  }

  private async connectAndWait(timeoutMs: number): Promise<void> {
    this.shell.connect(endpoint(this.conn, this.conn.shell_port));
    this.control.connect(endpoint(this.conn, this.conn.control_port));
    this.iopub.connect(endpoint(this.conn, this.conn.iopub_port));
    this.iopub.subscribe();
    void this.pump(this.shell);
    void this.pump(this.control);
    void this.pump(this.iopub);

    const deadline = Date.now() + timeoutMs;
    const probes: Pending[] = [];
    let ready = false;
    let wake: () => void = () => {};
    while (!ready) {
      if (!this.alive) {
        const tail = this.stderrTail.trim().split("\n").slice(-3).join(" | ");
        throw new ReproError(
          `the tslab kernel exited during startup (${describeExit(this.exitInfo)})${tail ? `: ${tail}` : ""} — run \`npm install\` in the reprorl folder`,
        );
      }
      if (Date.now() > deadline) {
        throw new ReproError(
          `the tslab kernel did not answer within ${Math.round(timeoutMs / 1000)} s of starting — check that \`node node_modules/tslab/bin/tslab --version\` works (run \`npm install\`)`,
        );
      }
      const msg = makeMessage(this.session, "kernel_info_request", {});
      const probe: Pending = { msgId: msg.header.msg_id, messages: [], idle: false, wake: () => wake() };
      probes.push(probe);
      this.pending.set(probe.msgId, probe);
      await this.send(this.shell, msg);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 500);
      });
      // ready = some probe got its reply AND some probe's iopub status arrived (subscription live)
      const replied = probes.find((p) => p.reply !== undefined);
      const heard = probes.some((p) => p.messages.length > 0);
      if (replied && heard) {
        this.kernelInfo = replied.reply!.content;
        ready = true;
      }
    }
    for (const p of probes) this.pending.delete(p.msgId);
  }

  private async pump(sock: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of sock) {
        let msg: JupyterMessage;
        try {
          msg = decodeMessage(this.conn.key, frames);
        } catch {
          continue; // unsigned/garbled: ignore, as the protocol requires
        }
        const parentId = msg.parent_header.msg_id;
        const p = parentId === undefined ? undefined : this.pending.get(parentId);
        if (p === undefined) continue;
        if (sock === this.iopub) {
          p.messages.push(msg);
          p.onMessage?.(msg);
          if (msg.header.msg_type === "status" && msg.content["execution_state"] === "idle") p.idle = true;
        } else {
          p.reply = msg;
        }
        p.wake();
      }
    } catch {
      /* socket closed */
    }
  }

  private send(sock: zmq.Dealer, msg: JupyterMessage<object>): Promise<void> {
    const frames = encodeMessage(this.conn.key, msg);
    const prev = this.sendChains.get(sock) ?? Promise.resolve();
    const next = prev.then(() => sock.send(frames)).catch(() => undefined);
    this.sendChains.set(sock, next);
    return next;
  }

  /** Sends SIGINT to the kernel (tslab interrupts the running cell on SIGINT). */
  interrupt(): void {
    if (this.alive) this.child.kill("SIGINT");
  }

  /**
   * Runs one code cell (silent false, store_history true, allow_stdin false, stop_on_error
   * true) and collects its iopub messages until status idle AND execute_reply arrived.
   */
  async execute(code: string, opts: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    if (this.closed) throw new Error("kernel client is closed");
    const startedAt = new Date();
    const msg = makeMessage(this.session, "execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    let wake: () => void = () => {};
    const p: Pending = {
      msgId: msg.header.msg_id,
      messages: [],
      onMessage: opts.onMessage,
      idle: false,
      wake: () => wake(),
    };
    this.pending.set(p.msgId, p);
    const done = (): boolean => (p.idle && p.reply !== undefined) || !this.alive;
    const waitUntil = async (deadline: number): Promise<void> => {
      while (!done() && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(1000, Math.max(1, deadline - Date.now())));
        });
      }
    };
    try {
      await this.send(this.shell, msg);
      const timeoutMs = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : Number.POSITIVE_INFINITY;
      await waitUntil(Date.now() + timeoutMs);
      let timedOut = false;
      if (!done()) {
        timedOut = true;
        this.interrupt();
        await waitUntil(Date.now() + (opts.interruptGraceMs ?? 5000));
        if (!done()) await this.kill();
      }
      const endedAt = new Date();
      const reply = p.reply?.content;
      const count = typeof reply?.["execution_count"] === "number" ? (reply["execution_count"] as number) : null;
      let status: ExecuteStatus;
      if (timedOut) status = "timeout";
      else if (reply === undefined) status = "died";
      else status = reply["status"] === "ok" ? "ok" : reply["status"] === "abort" || reply["status"] === "aborted" ? "abort" : "error";
      return {
        status,
        executionCount: count,
        reply,
        messages: p.messages,
        exit: status === "died" ? this.exitInfo : undefined,
        startedAt,
        endedAt,
      };
    } finally {
      this.pending.delete(p.msgId);
    }
  }

  /**
   * A user abort (Ctrl-C): interrupt the running cell now and, because an interrupt that lands
   * before the kernel has started the cell is lost (tslab ignores SIGINT while idle), interrupt
   * again after `graceMs` and kill the kernel after twice that if it is still busy. A kill ends
   * any pending `execute` (its status becomes "died").
   */
  abort(graceMs = 3000): void {
    this.interrupt();
    const busy = (): boolean => this.alive && this.pending.size > 0;
    const again = setTimeout(() => {
      if (busy()) this.interrupt();
    }, graceMs);
    const last = setTimeout(() => {
      if (busy()) void this.kill();
    }, 2 * graceMs);
    again.unref();
    last.unref();
  }

  private async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill("SIGKILL");
    await Promise.race([this.exited, delay(5000)]);
  }

  /**
   * Shuts the kernel down: shutdown_request on control, wait for the process to end,
   * SIGKILL if it does not; closes sockets and removes the connection file. Idempotent.
   */
  async shutdown(graceMs = 3000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.alive && this.child.pid !== undefined) {
      try {
        const msg = makeMessage(this.session, "shutdown_request", { restart: false });
        await Promise.race([this.send(this.control, msg), delay(500)]);
        await Promise.race([this.exited, delay(graceMs)]);
      } catch {
        /* fall through to kill */
      }
      await this.kill();
    }
    for (const sock of [this.shell, this.control, this.iopub]) {
      try {
        sock.close();
      } catch {
        /* already closed */
      }
    }
    liveKernels.delete(this.child);
    rmSync(this.connDir, { recursive: true, force: true });
  }
}

/** "exit code 1" / "signal SIGKILL" for error messages. */
export function describeExit(info: { code: number | null; signal: NodeJS.Signals | null } | undefined): string {
  if (info === undefined) return "still running";
  if (info.signal) return `signal ${info.signal}`;
  return info.code === null ? "could not be spawned" : `exit code ${info.code}`;
}

