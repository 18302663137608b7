/**
 * An in-memory image classification set: `images` holds N images as uint8 HWC (height ×
 * width × channels, row-major, RGB), `labels` one class index per image.
 */
export interface ImageDataset {
  name: string;
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
  classNames: readonly string[];
  /** True when this is a stand-in for a real dataset (tables must say so). */
  substitute: boolean;
}

export interface TrainTest {
  train: ImageDataset;
  test: ImageDataset;
}

/** The first `n` images of a dataset (a view, no copy). */
export function headOf(d: ImageDataset, n: number): ImageDataset {
  const k = Math.min(n, d.count);
  const per = d.height * d.width * d.channels;
  return { ...d, images: d.images.subarray(0, k * per), labels: d.labels.subarray(0, k), count: k };
}
