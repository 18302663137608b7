/**
 * CIFAR-10, binary version (https://www.cs.toronto.edu/~kriz/cifar.html): each of
 * data_batch_1..5.bin and test_batch.bin is a sequence of 3073-byte records, one label byte
 * (0–9) then 3072 pixel bytes — the 1024 red values, then green, then blue, each row-major
 * 32×32. We convert to HWC (see ./types.ts).
 *
 * Nothing is downloaded unless `downloadCifar10` is called explicitly. It fetches the
 * official tarball into a cache folder, checks its MD5 against the published
 * c32a1d4ab5d03f1284b67883e8d87530, and extracts the .bin files with a small built-in tar reader.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { ReproError } from "../core/errors.js";
import type { ImageDataset, TrainTest } from "./types.js";

export const CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
export const CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
export const CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"] as const;
const RECORD = 3073;
const SIDE = 32;
const TRAIN_FILES = [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin`);
const TEST_FILE = "test_batch.bin";
/** Folder name inside the tarball. */
export const CIFAR10_FOLDER = "cifar-10-batches-bin";

/** Default cache: $REPRORL_DATA or ~/.cache/reprorl/datasets. */
export function defaultDataCache(): string {
  const env = process.env.REPRORL_DATA;
  return env !== undefined && env !== "" ? path.resolve(env) : path.join(os.homedir(), ".cache", "reprorl", "datasets");
}

/** Parse the records of one CIFAR-10 binary file into HWC uint8 images. */
export function parseCifarBatch(buf: Uint8Array, name = "CIFAR-10 batch"): ImageDataset {
  if (buf.length === 0 || buf.length % RECORD !== 0) {
    throw new ReproError(`${name} has ${buf.length} bytes, not a multiple of ${RECORD} (1 label byte + 3072 pixel bytes per image); the file is truncated or not CIFAR-10 binary`);
  }
  const n = buf.length / RECORD;
  const images = new Uint8Array(n * SIDE * SIDE * 3);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * RECORD;
    const label = buf[r]!;
    if (label > 9) throw new ReproError(`${name}: record ${i} has label ${label}; CIFAR-10 labels are 0..9 — is this the CIFAR-100 format?`);
    labels[i] = label;
    const o = i * SIDE * SIDE * 3;
    for (let p = 0; p < SIDE * SIDE; p++) {
      images[o + p * 3] = buf[r + 1 + p]!;
      images[o + p * 3 + 1] = buf[r + 1 + 1024 + p]!;
      images[o + p * 3 + 2] = buf[r + 1 + 2048 + p]!;
    }
  }
  return { name: "CIFAR-10", images, labels, count: n, height: SIDE, width: SIDE, channels: 3, classes: 10, classNames: CIFAR10_CLASSES, substitute: false };
}

/** Concatenate datasets of the same image shape. */
export function concatDatasets(parts: readonly ImageDataset[], name: string): ImageDataset {
  const first = parts[0];
  if (!first) throw new ReproError("concatDatasets needs at least one dataset");
  const count = parts.reduce((s, d) => s + d.count, 0);
  const images = new Uint8Array(parts.reduce((s, d) => s + d.images.length, 0));
  const labels = new Uint8Array(count);
  let io = 0;
  let lo = 0;
  for (const d of parts) {
    images.set(d.images, io);
    labels.set(d.labels, lo);
    io += d.images.length;
    lo += d.count;
  }
  return { ...first, name, images, labels, count };
}

/** Encode HWC uint8 images + labels as CIFAR-10 binary records (for tests and tools). */
export function encodeCifarBatch(d: Pick<ImageDataset, "images" | "labels" | "count">): Uint8Array {
  const out = new Uint8Array(d.count * RECORD);
  for (let i = 0; i < d.count; i++) {
    const r = i * RECORD;
    out[r] = d.labels[i]!;
    const o = i * SIDE * SIDE * 3;
    for (let p = 0; p < SIDE * SIDE; p++) for (let c = 0; c < 3; c++) out[r + 1 + c * 1024 + p] = d.images[o + p * 3 + c]!;
  }
  return out;
}

/**
 * Load CIFAR-10 from a folder holding data_batch_1..5.bin and test_batch.bin (the tarball's
 * cifar-10-batches-bin/, or a folder containing it). Missing files → a one-line error saying
 * how to get them. `trainFiles` lets tests use fewer batches.
 */
export function loadCifar10(dir: string = path.join(defaultDataCache(), CIFAR10_FOLDER), opts: { trainFiles?: readonly string[] } = {}): TrainTest {
  const folder = fs.existsSync(path.join(dir, CIFAR10_FOLDER)) ? path.join(dir, CIFAR10_FOLDER) : dir;
  const trainFiles = opts.trainFiles ?? TRAIN_FILES;
  const read = (f: string) => {
    const p = path.join(folder, f);
    if (!fs.existsSync(p)) {
      throw new ReproError(`CIFAR-10 file ${p} is missing; call downloadCifar10() once (needs network) or put the official binary batches in ${folder}`);
    }
    return parseCifarBatch(new Uint8Array(fs.readFileSync(p)), p);
  };
  return { train: concatDatasets(trainFiles.map(read), "CIFAR-10 train"), test: { ...read(TEST_FILE), name: "CIFAR-10 test" } };
}

export function md5Hex(buf: Uint8Array): string {
  return createHash("md5").update(buf).digest("hex");
}

/** Check a tarball's MD5; one-line error on mismatch. */
export function verifyMd5(buf: Uint8Array, expected: string, what: string): void {
  const got = md5Hex(buf);
  if (got !== expected.toLowerCase()) {
    throw new ReproError(`${what} has MD5 ${got} but ${expected} was expected; the download is corrupt or not the official file — delete it and download again`);
  }
}

/** Regular files of a (POSIX/ustar) tar archive: name → bytes. */
export function readTar(tar: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const text = (b: Uint8Array) => {
    const z = b.indexOf(0);
    return Buffer.from(z < 0 ? b : b.subarray(0, z)).toString("utf8");
  };
  let off = 0;
  let longName: string | null = null;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const name0 = text(h.subarray(0, 100));
    const sizeField = text(h.subarray(124, 136)).trim();
    const size = parseInt(sizeField === "" ? "0" : sizeField, 8);
    if (!Number.isFinite(size)) throw new ReproError(`tar header at byte ${off} has a bad size field "${sizeField}"; the archive is corrupt`);
    const type = String.fromCharCode(h[156]!);
    const prefix = text(h.subarray(345, 500));
    const body = tar.subarray(off + 512, off + 512 + size);
    if (body.length < size) throw new ReproError(`tar entry "${name0}" is cut short (${body.length} of ${size} bytes); the archive is truncated`);
    if (type === "L") {
      longName = text(body);
    } else {
      const name = longName ?? (prefix ? `${prefix}/${name0}` : name0);
      longName = null;
      if (type === "0" || type === "\0") files.set(name, body);
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * Extract the CIFAR-10 .bin files from the tarball bytes into `cacheDir/cifar-10-batches-bin`
 * after checking the MD5 (pass `expectedMd5` only to test with generated archives). Files are
 * written to a temp folder first and renamed, so nothing is half-written.
 */
export function extractCifar10(tarGz: Uint8Array, cacheDir: string, expectedMd5: string = CIFAR10_MD5): string {
  verifyMd5(tarGz, expectedMd5, "cifar-10-binary.tar.gz");
  const entries = readTar(new Uint8Array(gunzipSync(tarGz)));
  const wanted = [...TRAIN_FILES, TEST_FILE];
  const target = path.join(cacheDir, CIFAR10_FOLDER);
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  for (const f of wanted) {
    const e = entries.get(`${CIFAR10_FOLDER}/${f}`);
    if (!e) throw new ReproError(`the tarball has no ${CIFAR10_FOLDER}/${f}; it is not the CIFAR-10 binary version`);
    parseCifarBatch(e, f);
    fs.writeFileSync(path.join(tmp, f), e);
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
  return target;
}

/**
 * Download the official CIFAR-10 binary tarball into `cacheDir` (explicit call only; never at
 * import or in tests), verify its MD5 and extract it. Returns the folder for `loadCifar10`.
 * Skips the download when the extracted files already exist.
 */
export async function downloadCifar10(opts: { cacheDir?: string; url?: string; log?: (s: string) => void } = {}): Promise<string> {
  const cacheDir = opts.cacheDir ?? defaultDataCache();
  const target = path.join(cacheDir, CIFAR10_FOLDER);
  if ([...TRAIN_FILES, TEST_FILE].every((f) => fs.existsSync(path.join(target, f)))) return target;
  const url = opts.url ?? CIFAR10_URL;
  const log = opts.log ?? ((s: string) => console.log(s));
  log(`downloading ${url} (~163 MB) into ${cacheDir}`);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ReproError(`could not download ${url} (${(e as Error).message}); check the network, or place the official cifar-10-batches-bin folder in ${cacheDir}`);
  }
  if (!res.ok) throw new ReproError(`download of ${url} failed with HTTP ${res.status}; try again later or place the files in ${target}`);
  const buf = new Uint8Array(await res.arrayBuffer());
  fs.mkdirSync(cacheDir, { recursive: true });
  return extractCifar10(buf, cacheDir);
}
