/**
 * Adam on one flat float64 parameter vector (Kingma & Ba 2015, bias-corrected), for the
 * hand-written-gradient fits of this folder (embedding fits, the dynamics-model fits).
 */
export class Adam64 {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(
    size: number,
    private readonly lr: number,
    private readonly b1 = 0.9,
    private readonly b2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(params: Float64Array, grad: ArrayLike<number>): void {
    this.t++;
    const c1 = 1 - Math.pow(this.b1, this.t);
    const c2 = 1 - Math.pow(this.b2, this.t);
    for (let q = 0; q < params.length; q++) {
      const g = grad[q]!;
      this.m[q] = this.b1 * this.m[q]! + (1 - this.b1) * g;
      this.v[q] = this.b2 * this.v[q]! + (1 - this.b2) * g * g;
      params[q]! -= (this.lr * (this.m[q]! / c1)) / (Math.sqrt(this.v[q]! / c2) + this.eps);
    }
  }
}
