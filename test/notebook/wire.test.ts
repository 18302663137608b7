import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage, makeMessage, sign } from "../../src/notebook/wire.js";

describe("wire: HMAC-SHA256 signing", () => {
  it("matches RFC 4231 test case 2, with the data split over frames", () => {
    // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?"
    expect(sign("Jefe", ["what do ya want ", "for nothing?"])).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
  it("an empty key means no signature", () => {
    expect(sign("", ["x"])).toBe("");
  });
});

describe("wire: encode/decode", () => {
  const key = "secret-key";
  it("round-trips header, parent, metadata and content, after routing identities", () => {
    const msg = makeMessage("sess-1", "execute_request", { code: "1+1", silent: false });
    const frames = encodeMessage(key, msg);
    expect(frames[0]!.toString()).toBe("<IDS|MSG>");
    expect(frames).toHaveLength(6);
    const withIdentity = [Buffer.from("router-identity"), ...frames];
    const back = decodeMessage(key, withIdentity);
    expect(back.header.msg_type).toBe("execute_request");
    expect(back.header.session).toBe("sess-1");
    expect(back.header.version).toBe("5.3");
    expect(back.content).toEqual({ code: "1+1", silent: false });
    expect(back.parent_header).toEqual({});
  });
  it("rejects a tampered content frame and a wrong key", () => {
    const frames = encodeMessage(key, makeMessage("s", "kernel_info_request", {}));
    const tampered = [...frames];
    tampered[5] = Buffer.from('{"evil":true}');
    expect(() => decodeMessage(key, tampered)).toThrow(/invalid HMAC/);
    expect(() => decodeMessage("other-key", frames)).toThrow(/invalid HMAC/);
  });
  it("rejects a message without the delimiter", () => {
    expect(() => decodeMessage(key, [Buffer.from("a"), Buffer.from("b")])).toThrow(/delimiter/);
  });
});
