import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CIFAR10_FOLDER, extractCifar10, loadCifar10, parseCifarBatch, readTar } from "../../src/data/cifar10.js";
import { shapes10, shapes10Split } from "../../src/data/procedural.js";

/** One CIFAR record written by hand: label, then R plane, G plane, B plane (1024 bytes each). */
function record(label: number, r: (p: number) => number, g: (p: number) => number, b: (p: number) => number): Uint8Array {
  const out = new Uint8Array(3073);
  out[0] = label;
  for (let p = 0; p < 1024; p++) {
    out[1 + p] = r(p);
    out[1025 + p] = g(p);
    out[2049 + p] = b(p);
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Minimal ustar writer (independent of the reader under test). */
function tarOf(files: Record<string, Uint8Array>): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const [name, body] of Object.entries(files)) {
    const h = new Uint8Array(512);
    h.set(Buffer.from(name), 0);
    h.set(Buffer.from("0000644\0"), 100);
    h.set(Buffer.from(body.length.toString(8).padStart(11, "0") + "\0"), 124);
    h.set(Buffer.from("        "), 148);
    h[156] = "0".charCodeAt(0);
    h.set(Buffer.from("ustar\0"), 257);
    const sum = h.reduce((s, b) => s + b, 0);
    h.set(Buffer.from(sum.toString(8).padStart(6, "0") + "\0 "), 148);
    blocks.push(h, body, new Uint8Array((512 - (body.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return concat(blocks);
}

describe("CIFAR-10 binary loader", () => {
  const a = record(3, (p) => p % 256, () => 7, (p) => (p === 33 ? 200 : 0));
  const b = record(9, () => 1, () => 2, () => 3);

  it("parses records into HWC with the right label and channel order", () => {
    const d = parseCifarBatch(concat([a, b]));
    expect(d.count).toBe(2);
    expect([...d.labels]).toEqual([3, 9]);
    // pixel p = 33 is row 1, col 1: HWC offset 33·3.
    expect([d.images[33 * 3], d.images[33 * 3 + 1], d.images[33 * 3 + 2]]).toEqual([33, 7, 200]);
    expect([d.images[300 * 3], d.images[300 * 3 + 2]]).toEqual([300 % 256, 0]);
    const second = 32 * 32 * 3;
    expect([d.images[second + 5], d.images[second + 6], d.images[second + 7]]).toEqual([3, 1, 2]);
    expect(d.substitute).toBe(false);
  });

  it("rejects truncated files and CIFAR-100 labels", () => {
    expect(() => parseCifarBatch(a.subarray(0, 3000))).toThrow(/not a multiple of 3073/);
    expect(() => parseCifarBatch(record(42, () => 0, () => 0, () => 0))).toThrow(/labels are 0\.\.9/);
  });

  it("loads a generated folder of batches and explains missing files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cifar-test-"));
    fs.writeFileSync(path.join(dir, "data_batch_1.bin"), concat([a, b]));
    fs.writeFileSync(path.join(dir, "test_batch.bin"), b);
    const tt = loadCifar10(dir, { trainFiles: ["data_batch_1.bin"] });
    expect(tt.train.count).toBe(2);
    expect(tt.test.count).toBe(1);
    expect(() => loadCifar10(dir)).toThrow(/data_batch_2\.bin is missing; call downloadCifar10/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("extracts a generated tarball after the MD5 check and refuses a wrong checksum", () => {
    const files: Record<string, Uint8Array> = {};
    for (const f of ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"]) {
      files[`${CIFAR10_FOLDER}/${f}`] = f.startsWith("test") ? b : a;
    }
    files[`${CIFAR10_FOLDER}/readme.html`] = new Uint8Array(Buffer.from("hello"));
    const tgz = new Uint8Array(gzipSync(tarOf(files)));
    expect(readTar(tarOf(files)).get(`${CIFAR10_FOLDER}/readme.html`)?.length).toBe(5);
    const md5 = createHash("md5").update(tgz).digest("hex");
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "cifar-cache-"));
    expect(() => extractCifar10(tgz, cache)).toThrow(/MD5 .* c32a1d4ab5d03f1284b67883e8d87530 was expected/);
    expect(fs.existsSync(path.join(cache, CIFAR10_FOLDER))).toBe(false);
    const folder = extractCifar10(tgz, cache, md5);
    const tt = loadCifar10(cache);
    expect(folder).toBe(path.join(cache, CIFAR10_FOLDER));
    expect(tt.train.count).toBe(5);
    expect([...tt.test.labels]).toEqual([9]);
    fs.rmSync(cache, { recursive: true, force: true });
  });
});

describe("shapes10 procedural substitute", () => {
  it("is deterministic, balanced and uses the whole pixel range", () => {
    const d1 = shapes10({ count: 200, seed: 5 });
    const d2 = shapes10({ count: 200, seed: 5 });
    const d3 = shapes10({ count: 200, seed: 6 });
    expect(Buffer.from(d1.images).equals(Buffer.from(d2.images))).toBe(true);
    expect(Buffer.from(d1.images).equals(Buffer.from(d3.images))).toBe(false);
    const counts = new Array(10).fill(0);
    d1.labels.forEach((l) => counts[l]++);
    expect(counts).toEqual(new Array(10).fill(20));
    expect(d1.images.length).toBe(200 * 32 * 32 * 3);
    expect(d1.images.reduce((m, v) => Math.min(m, v), 255)).toBe(0);
    expect(d1.images.reduce((m, v) => Math.max(m, v), 0)).toBe(255);
    expect(d1.substitute).toBe(true);
  });

  it("train and test splits differ", () => {
    const s = shapes10Split(20, 20, 0);
    expect(Buffer.from(s.train.images).equals(Buffer.from(s.test.images))).toBe(false);
  });
});
