/**
 * The reprorl TypeScript kernel: a Jupyter messaging-protocol 5.3 server around
 * {@link CellExecutor} (tslab's converter and executor). It replaces tslab's own server
 * (tslab/dist/jupyter.js), which departs from the protocol in ways Jupyter tools notice
 * (issue 16; the `jupyter_kernel_test` suite): no `status` in kernel_info_reply, a cell's
 * value printed to stdout instead of an `execute_result`, errors as stderr text with no
 * `error` message and no ename/evalue/traceback in the reply, `comm_info_reply` sent under
 * the wrong type, no execute_input, no history. Here:
 * - every request is framed by iopub `status` busy/idle with the request as parent;
 * - execute: `execute_input`, streams (stdout/stderr of the cell), display data, then an
 *   `execute_result` for the last expression's value (util.inspect text) or an `error`
 *   message; the reply carries the execution count (and ename/evalue/traceback on error);
 *   counts grow only for `store_history` requests, as in ipykernel; after an error with
 *   `stop_on_error`, requests already queued are answered `aborted`;
 * - history (tail, range, search), complete, inspect, is_complete, comm_info, interrupt
 *   (control or SIGINT) and shutdown.
 * Display hooks: tslab's `display` API and reprorl's figures send rich output through
 * `lastWriteDisplayData` of tslab's jupyter module; it is pointed at the running cell here.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { inspect as inspectValue } from "node:util";
import * as zmq from "zeromq";
import { endpoint, type ConnectionInfo } from "../connection.js";
import { PROTOCOL_VERSION, decodeMessage, encodeMessage, type JupyterMessage, type MessageHeader } from "../wire.js";
import { CellExecutor } from "./cell.js";
import { History } from "./history.js";

const DELIMITER = Buffer.from("<IDS|MSG>");

type Content = Record<string, unknown>;
interface Request {
  msg: JupyterMessage;
  identities: Buffer[];
  socket: zmq.Router;
}

/** This package's version (for kernel_info). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0";
  }
}

function tsVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("@tslab/typescript-for-tslab") as { version: string }).version;
  } catch {
    return "";
  }
}

export function kernelInfoContent(): Content {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "reprorl-tslab",
    implementation_version: packageVersion(),
    language_info: {
      name: "typescript",
      version: tsVersion(),
      mimetype: "text/typescript",
      file_extension: ".ts",
      // As tslab sends it: this combination turns on TypeScript highlighting in Notebook 6 and JupyterLab.
      codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
    },
    banner: "TypeScript (reprorl kernel on tslab's compiler)",
    help_links: [{ text: "reprorl", url: "https://github.com/yunabe/tslab" }],
  };
}

export class KernelServer {
  private readonly session = randomUUID();
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  /** No high-water mark: a burst of output must wait in the queue, not be dropped (PUB drops at the mark). */
  private readonly iopub = new zmq.Publisher({ sendHighWaterMark: 0 });
  /** Stream text not yet published: writes are coalesced (as ipykernel's OutStream does). */
  private streamBuffer: { name: "stdout" | "stderr"; text: string; parent: Partial<MessageHeader> } | undefined;
  private streamTimer: NodeJS.Timeout | undefined;
  private readonly hb = new zmq.Reply();
  private readonly history = new History();
  private executionCount = 0;
  /** Shell requests run one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  /** Set after a failed cell with stop_on_error: the requests queued before it are aborted. */
  private abortQueued = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  /**
   * zeromq.js allows one send in flight per socket: a second concurrent send is rejected
   * (EBUSY) and its message lost — a lost `idle` leaves a client waiting forever. Every send
   * goes through this per-socket chain, which also keeps iopub messages in order.
   */
  private readonly sendChains = new Map<zmq.Socket, Promise<void>>();
  private readonly stopped: Promise<void>;
  private stop!: () => void;

  constructor(
    private readonly conn: ConnectionInfo,
    private readonly cells: CellExecutor,
  ) {
    this.stopped = new Promise((resolve) => (this.stop = resolve));
  }

  async start(): Promise<void> {
    const c = this.conn;
    await Promise.all([
      this.shell.bind(endpoint(c, c.shell_port)),
      this.control.bind(endpoint(c, c.control_port)),
      this.stdin.bind(endpoint(c, c.stdin_port)),
      this.iopub.bind(endpoint(c, c.iopub_port)),
      this.hb.bind(endpoint(c, c.hb_port)),
    ]);
    void this.loop(this.shell, (req) => this.enqueue(req));
    void this.loop(this.control, (req) => void this.handle(req));
    void (async () => {
      for await (const frames of this.hb) await this.send(this.hb, frames);
    })().catch(() => undefined);
    this.publish("status", { execution_state: "starting" }, {});
  }

  /** Resolves once a shutdown_request has been answered. */
  finished(): Promise<void> {
    return this.stopped;
  }

  private async loop(socket: zmq.Router, onRequest: (req: Request) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const at = frames.findIndex((f) => f.equals(DELIMITER));
        let msg: JupyterMessage;
        try {
          msg = decodeMessage(this.conn.key, frames);
        } catch (err) {
          process.stderr.write(`reprorl kernel: ignoring a message: ${(err as Error).message}\n`);
          continue;
        }
        onRequest({ msg, identities: frames.slice(0, Math.max(at, 0)), socket });
      }
    } catch {
      // the socket was closed
    }
  }

  private enqueue(req: Request): void {
    this.queued++;
    this.queue = this.queue.then(async () => {
      this.queued--;
      await this.handle(req);
    });
  }

  private header(msgType: string): MessageHeader {
    return { msg_id: randomUUID(), msg_type: msgType, session: this.session, username: "kernel", date: new Date().toISOString(), version: PROTOCOL_VERSION };
  }

  /** Queues stream text; published within 50 ms, or before the next message of any other kind. */
  private writeStream(name: "stdout" | "stderr", text: string, parent: Partial<MessageHeader>): void {
    const b = this.streamBuffer;
    if (b !== undefined && (b.name !== name || b.parent.msg_id !== parent.msg_id)) this.flushStreams();
    if (this.streamBuffer === undefined) this.streamBuffer = { name, text, parent };
    else this.streamBuffer.text += text;
    this.streamTimer ??= setTimeout(() => this.flushStreams(), 50);
  }

  private flushStreams(): void {
    if (this.streamTimer !== undefined) clearTimeout(this.streamTimer);
    this.streamTimer = undefined;
    const b = this.streamBuffer;
    this.streamBuffer = undefined;
    if (b !== undefined) this.publishNow("stream", { name: b.name, text: b.text }, b.parent);
  }

  private publish(msgType: string, content: Content, parent: Partial<MessageHeader>): void {
    this.flushStreams();
    this.publishNow(msgType, content, parent);
  }

  private publishNow(msgType: string, content: Content, parent: Partial<MessageHeader>): void {
    if (this.closed) return;
    const frames = encodeMessage(this.conn.key, { header: this.header(msgType), parent_header: parent, metadata: {}, content });
    void this.send(this.iopub, [Buffer.from(`kernel.${msgType}`), ...frames]);
  }

  private async reply(req: Request, msgType: string, content: Content): Promise<void> {
    const frames = encodeMessage(this.conn.key, { header: this.header(msgType), parent_header: req.msg.header, metadata: {}, content });
    await this.send(req.socket, [...req.identities, ...frames]);
  }

  /** Sends after every earlier send on the same socket has finished (see {@link sendChains}). */
  private send(socket: zmq.Socket & { send(frames: Buffer[]): Promise<void> }, frames: Buffer[]): Promise<void> {
    const next = (this.sendChains.get(socket) ?? Promise.resolve()).then(() => (this.closed ? undefined : socket.send(frames)));
    const settled = next.catch((err: unknown) => {
      if (!this.closed) process.stderr.write(`reprorl kernel: send failed: ${(err as Error).message}\n`);
    });
    this.sendChains.set(socket, settled);
    return settled;
  }

  private async handle(req: Request): Promise<void> {
    const type = req.msg.header.msg_type;
    const parent = req.msg.header;
    this.publish("status", { execution_state: "busy" }, parent);
    let shutdown = false;
    try {
      const c = req.msg.content;
      switch (type) {
        case "kernel_info_request":
          await this.reply(req, "kernel_info_reply", kernelInfoContent());
          break;
        case "execute_request":
          await this.execute(req);
          break;
        case "complete_request": {
          const code = String(c["code"] ?? "");
          const r = this.cells.complete(code, typeof c["cursor_pos"] === "number" ? c["cursor_pos"] : code.length);
          await this.reply(req, "complete_reply", { status: "ok", matches: r.candidates, cursor_start: r.start, cursor_end: r.end, metadata: {} });
          break;
        }
        case "inspect_request": {
          const code = String(c["code"] ?? "");
          const text = this.cells.inspect(code, typeof c["cursor_pos"] === "number" ? c["cursor_pos"] : code.length);
          await this.reply(req, "inspect_reply", { status: "ok", found: text !== undefined, data: text === undefined ? {} : { "text/plain": text }, metadata: {} });
          break;
        }
        case "is_complete_request":
          await this.reply(req, "is_complete_reply", this.cells.isComplete(String(c["code"] ?? "")));
          break;
        case "history_request":
          await this.reply(req, "history_reply", { status: "ok", history: this.history.query(c) });
          break;
        case "comm_info_request":
          await this.reply(req, "comm_info_reply", { status: "ok", comms: {} });
          break;
        case "interrupt_request":
          this.cells.interrupt();
          await this.reply(req, "interrupt_reply", { status: "ok" });
          break;
        case "shutdown_request":
          await this.reply(req, "shutdown_reply", { status: "ok", restart: c["restart"] === true });
          shutdown = true;
          break;
        default:
          process.stderr.write(`reprorl kernel: unsupported message type ${type}\n`);
      }
    } finally {
      this.publish("status", { execution_state: "idle" }, parent);
    }
    if (shutdown) await this.close();
  }

  private async execute(req: Request): Promise<void> {
    const c = req.msg.content;
    const parent = req.msg.header;
    const code = String(c["code"] ?? "");
    const silent = c["silent"] === true;
    const storeHistory = !silent && c["store_history"] !== false;
    if (this.abortQueued > 0) {
      this.abortQueued--;
      await this.reply(req, "execute_reply", { status: "aborted", execution_count: this.executionCount });
      return;
    }
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (!silent) this.publish("execute_input", { code, execution_count: count }, parent);

    // Output of the cell (and of anything it started, until the next cell) goes to this request.
    const stream = (name: "stdout" | "stderr") => (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (!silent && text !== "") this.writeStream(name, text, parent);
      const cb = rest.find((r): r is () => void => typeof r === "function");
      cb?.();
      return true;
    };
    process.stdout.write = stream("stdout") as typeof process.stdout.write;
    process.stderr.write = stream("stderr") as typeof process.stderr.write;
    setDisplayWriter((content, update) => {
      if (!silent) this.publish(update ? "update_display_data" : "display_data", content as unknown as Content, parent);
    });

    const result = await this.cells.execute(code);
    if (result.status === "ok") {
      for (const m of result.messages) this.publish("stream", { name: "stderr", text: m + "\n" }, parent);
      let output: string | null = null;
      if (result.hasValue && !silent) {
        output = inspectValue(result.value);
        this.publish("execute_result", { execution_count: count, data: { "text/plain": output }, metadata: {} }, parent);
      }
      if (storeHistory) this.history.add({ line: count, input: code, output });
      await this.reply(req, "execute_reply", { status: "ok", execution_count: count, payload: [], user_expressions: {} });
      return;
    }
    const { ename, evalue, traceback } = result;
    if (storeHistory) this.history.add({ line: count, input: code, output: null });
    this.publish("error", { ename, evalue, traceback }, parent);
    if (c["stop_on_error"] !== false) this.abortQueued = this.queued;
    await this.reply(req, "execute_reply", { status: "error", execution_count: count, ename, evalue, traceback });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.sendChains.values()); // the shutdown reply and the last idle go out first
      this.closed = true;
      this.cells.close();
      for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
      this.stop();
    })();
    return this.closing;
  }
}

type DisplayWriter = (content: { data: Content; metadata: Content; transient: Content }, update: boolean) => void;

/** Points tslab's `display` API (and reprorl's displayBundle, which finds the same hook) at the running cell. */
function setDisplayWriter(writer: DisplayWriter): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter.js") as { lastWriteDisplayData: DisplayWriter | null };
  jupyter.lastWriteDisplayData = writer;
}
