/**
 * Jupyter messaging protocol v5.3, wire format only: build, sign, encode and decode
 * multipart messages (https://jupyter-client.readthedocs.io/en/latest/messaging.html,
 * "The Wire Protocol"):
 *
 *   [zmq identities…, "<IDS|MSG>", hmac, header, parent_header, metadata, content, buffers…]
 *
 * where hmac = HMAC-SHA256(key) over the four JSON frames, hex-encoded.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = Buffer.from("<IDS|MSG>");

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface JupyterMessage<C = Record<string, unknown>> {
  header: MessageHeader;
  /** Header of the request this message answers; `{}` for requests. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
}

/** Signs with HMAC-SHA256 over the JSON frames; an empty key means unsigned (empty signature). */
export function sign(key: string, frames: readonly (string | Buffer)[]): string {
  if (key === "") return "";
  const h = createHmac("sha256", key);
  for (const f of frames) h.update(f);
  return h.digest("hex");
}

/** A fresh request message of one session. */
export function makeMessage<C extends object>(
  session: string,
  msgType: string,
  content: C,
): JupyterMessage<C> {
  return {
    header: {
      msg_id: randomUUID(),
      msg_type: msgType,
      session,
      username: "reprorl",
      date: new Date().toISOString(),
      version: PROTOCOL_VERSION,
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

/** Frames to send on a Dealer socket (no routing identities). */
export function encodeMessage(key: string, msg: JupyterMessage<object>): Buffer[] {
  const frames = [
    JSON.stringify(msg.header),
    JSON.stringify(msg.parent_header),
    JSON.stringify(msg.metadata),
    JSON.stringify(msg.content),
  ];
  return [DELIMITER, Buffer.from(sign(key, frames)), ...frames.map((f) => Buffer.from(f))];
}

/**
 * Parses a received multipart message; throws if the delimiter is missing or the
 * signature does not verify (a message with a bad signature must be ignored by the caller).
 */
export function decodeMessage(key: string, frames: readonly Buffer[]): JupyterMessage {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0 || frames.length < at + 6) throw new Error("malformed Jupyter message: no <IDS|MSG> delimiter");
  const signature = frames[at + 1]!.toString();
  const body = frames.slice(at + 2, at + 6);
  const expected = sign(key, body);
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new Error("Jupyter message with an invalid HMAC signature");
  }
  const [header, parent, metadata, content] = body.map((f) => JSON.parse(f.toString()) as unknown);
  return {
    header: header as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata: metadata as Record<string, unknown>,
    content: content as Record<string, unknown>,
  };
}
