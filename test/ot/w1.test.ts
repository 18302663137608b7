import { beforeAll, describe, expect, it } from "vitest";
import loadHighs from "highs";
import { Rng } from "../../src/core/rng.js";
import { optimalCoupling, solveTransport, w1, wp } from "../../src/ot/index.js";

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Independent reference: the transportation LP written out for HiGHS (dual simplex, tight tolerances). */
function w1ByHighs(d: ArrayLike<number>, n: number, mu: ArrayLike<number>, nu: ArrayLike<number>): number {
  const terms: string[] = [];
  const rowTerms: string[][] = Array.from({ length: n }, () => []);
  const colTerms: string[][] = Array.from({ length: n }, () => []);
  const bounds: string[] = [];
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) {
      const name = `c${x}_${y}`;
      terms.push(`${d[x * n + y]! >= 0 ? "+" : "-"} ${Math.abs(d[x * n + y]!)} ${name}`);
      rowTerms[x]!.push(`+ ${name}`);
      colTerms[y]!.push(`+ ${name}`);
      bounds.push(` ${name} >= 0`);
    }
  }
  const rows = rowTerms.map((t, x) => ` r${x}: ${t.join(" ")} = ${mu[x]}`);
  const cols = colTerms.map((t, y) => ` s${y}: ${t.join(" ")} = ${nu[y]}`);
  const lp = `Minimize\n obj: ${terms.join(" ")}\nSubject To\n${rows.join("\n")}\n${cols.join("\n")}\nBounds\n${bounds.join("\n")}\nEnd`;
  const res = highs.solve(lp, {
    output_flag: false,
    solver: "simplex",
    primal_feasibility_tolerance: 1e-10,
    dual_feasibility_tolerance: 1e-10,
  });
  if (res.Status !== "Optimal") throw new Error(`HiGHS status ${res.Status}`);
  return res.ObjectiveValue;
}

/** Random distribution with some exact zeros. */
function randomDistribution(rng: Rng, n: number, zeroProb: number): Float64Array {
  const p = rng.dirichlet(rng.uniformIn(0.3, 2), n);
  for (let x = 0; x < n; x++) if (rng.uniform() < zeroProb) p[x] = 0;
  let s = 0;
  for (let x = 0; x < n; x++) s += p[x]!;
  if (s === 0) {
    p[rng.int(n)] = 1;
    return p;
  }
  for (let x = 0; x < n; x++) p[x]! /= s;
  return p;
}

/** Ground costs of several kinds: Euclidean point cloud, integer (many ties), arbitrary non-metric. */
function randomCost(rng: Rng, n: number, kind: number): Float64Array {
  const d = new Float64Array(n * n);
  if (kind === 0) {
    const pts = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
    for (let x = 0; x < n; x++)
      for (let y = 0; y < n; y++) d[x * n + y] = Math.hypot(...pts[x]!.map((v, i) => v - pts[y]![i]!));
  } else if (kind === 1) {
    for (let x = 0; x < n; x++)
      for (let y = x + 1; y < n; y++) d[x * n + y] = d[y * n + x] = 1 + rng.int(3); // symmetric, ties
  } else {
    for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) d[x * n + y] = rng.uniformIn(-1, 5);
  }
  return d;
}

describe("W1 by network simplex agrees with the HiGHS LP", () => {
  it("on 400 random instances (sizes 1–16, metric / tied / non-metric costs, sparse supports)", () => {
    const rng = new Rng(20240601);
    let worst = 0;
    for (let t = 0; t < 400; t++) {
      const n = 1 + rng.int(16);
      const d = randomCost(rng, n, t % 3);
      const mu = randomDistribution(rng, n, 0.3);
      const nu = randomDistribution(rng, n, 0.3);
      const ours = w1(d, n, mu, nu);
      const ref = w1ByHighs(d, n, mu, nu);
      worst = Math.max(worst, Math.abs(ours - ref));
      expect(Math.abs(ours - ref)).toBeLessThanOrEqual(1e-9);
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it("on 64-point problems with full and sparse supports", () => {
    const rng = new Rng(7);
    for (let t = 0; t < 6; t++) {
      const n = 64;
      const d = randomCost(rng, n, t % 3);
      const mu = randomDistribution(rng, n, t < 3 ? 0 : 0.8);
      const nu = randomDistribution(rng, n, t < 3 ? 0 : 0.8);
      expect(Math.abs(w1(d, n, mu, nu) - w1ByHighs(d, n, mu, nu))).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe("transport solver returns a verifiable optimum", () => {
  it("plan has the right marginals and the potentials are a dual certificate", () => {
    const rng = new Rng(99);
    for (let t = 0; t < 200; t++) {
      const m = 1 + rng.int(12);
      const k = 1 + rng.int(12);
      const a = rng.dirichlet(1, m);
      const b = rng.dirichlet(1, k);
      const c = Float64Array.from({ length: m * k }, () => (t % 2 ? rng.int(4) : rng.uniformIn(0, 3)));
      const sol = solveTransport(a, b, c);
      const rowSum = new Float64Array(m);
      const colSum = new Float64Array(k);
      let primal = 0;
      for (let q = 0; q < sol.rows.length; q++) {
        expect(sol.flows[q]!).toBeGreaterThanOrEqual(0);
        rowSum[sol.rows[q]!]! += sol.flows[q]!;
        colSum[sol.cols[q]!]! += sol.flows[q]!;
        primal += sol.flows[q]! * c[sol.rows[q]! * k + sol.cols[q]!]!;
      }
      for (let i = 0; i < m; i++) expect(Math.abs(rowSum[i]! - a[i]!)).toBeLessThan(1e-12);
      for (let j = 0; j < k; j++) expect(Math.abs(colSum[j]! - b[j]!)).toBeLessThan(1e-12);
      let dual = 0;
      for (let i = 0; i < m; i++) dual += sol.u[i]! * a[i]!;
      for (let j = 0; j < k; j++) dual += sol.v[j]! * b[j]!;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < k; j++) expect(sol.u[i]! + sol.v[j]!).toBeLessThanOrEqual(c[i * k + j]! + 1e-12);
      expect(Math.abs(primal - sol.cost)).toBeLessThan(1e-12);
      expect(Math.abs(dual - primal)).toBeLessThan(1e-12);
    }
  });

  it("a warm start from an old basis gives the same optimum after the costs change", () => {
    const rng = new Rng(3);
    for (let t = 0; t < 50; t++) {
      const n = 2 + rng.int(20);
      const d1 = randomCost(rng, n, 0);
      const mu = randomDistribution(rng, n, 0.2);
      const nu = randomDistribution(rng, n, 0.2);
      const first = optimalCoupling(d1, n, mu, nu);
      const d2 = d1.map((v) => v * (1 + 0.05 * rng.uniform()));
      const cold = optimalCoupling(d2, n, mu, nu);
      const warm = optimalCoupling(d2, n, mu, nu, first.basis);
      expect(Math.abs(cold.cost - warm.cost)).toBeLessThan(1e-12);
      // Same costs again: the old basis is already optimal, no pivot is needed.
      expect(optimalCoupling(d1, n, mu, nu, first.basis).pivots).toBe(0);
    }
  });
});

describe("W1 oracles", () => {
  const rng = new Rng(11);

  it("Dirac vs Dirac gives d(x, y)", () => {
    for (let t = 0; t < 50; t++) {
      const n = 2 + rng.int(10);
      const d = randomCost(rng, n, 0);
      const x = rng.int(n);
      const y = rng.int(n);
      const mu = new Float64Array(n);
      const nu = new Float64Array(n);
      mu[x] = 1;
      nu[y] = 1;
      expect(w1(d, n, mu, nu)).toBeCloseTo(d[x * n + y]!, 14);
    }
  });

  it("the discrete metric gives total variation ½‖μ − ν‖₁", () => {
    for (let t = 0; t < 100; t++) {
      const n = 1 + rng.int(15);
      const d = Float64Array.from({ length: n * n }, (_, c) => (Math.floor(c / n) === c % n ? 0 : 1));
      const mu = randomDistribution(rng, n, 0.3);
      const nu = randomDistribution(rng, n, 0.3);
      let tv = 0;
      for (let x = 0; x < n; x++) tv += Math.abs(mu[x]! - nu[x]!) / 2;
      expect(Math.abs(w1(d, n, mu, nu) - tv)).toBeLessThan(1e-12);
    }
  });

  it("a line metric gives Σ |F_μ − F_ν| Δx", () => {
    for (let t = 0; t < 100; t++) {
      const n = 1 + rng.int(15);
      const xs = Array.from({ length: n }, () => rng.uniformIn(-3, 3)).sort((a, b) => a - b);
      const d = Float64Array.from({ length: n * n }, (_, c) => Math.abs(xs[Math.floor(c / n)]! - xs[c % n]!));
      const mu = randomDistribution(rng, n, 0.3);
      const nu = randomDistribution(rng, n, 0.3);
      let Fm = 0;
      let Fn = 0;
      let area = 0;
      for (let x = 0; x < n - 1; x++) {
        Fm += mu[x]!;
        Fn += nu[x]!;
        area += Math.abs(Fm - Fn) * (xs[x + 1]! - xs[x]!);
      }
      expect(Math.abs(w1(d, n, mu, nu) - area)).toBeLessThan(1e-12);
    }
  });

  it("is symmetric for symmetric costs and W1(μ, μ) = 0 for a metric", () => {
    for (let t = 0; t < 100; t++) {
      const n = 1 + rng.int(15);
      const d = randomCost(rng, n, t % 2);
      const mu = randomDistribution(rng, n, 0.3);
      const nu = randomDistribution(rng, n, 0.3);
      expect(Math.abs(w1(d, n, mu, nu) - w1(d, n, nu, mu))).toBeLessThan(1e-12);
      expect(w1(d, n, mu, mu)).toBeLessThan(1e-14);
    }
  });

  it("W1 ≤ W2 ≤ W3 (Jensen), with equality for a Dirac pair", () => {
    for (let t = 0; t < 100; t++) {
      const n = 1 + rng.int(12);
      const d = randomCost(rng, n, t % 2);
      const mu = randomDistribution(rng, n, 0.3);
      const nu = randomDistribution(rng, n, 0.3);
      const a = w1(d, n, mu, nu);
      const b = wp(d, n, mu, nu, 2);
      const c = wp(d, n, mu, nu, 3);
      expect(a).toBeLessThanOrEqual(b + 1e-12);
      expect(b).toBeLessThanOrEqual(c + 1e-12);
    }
    const d = [0, 2, 2, 0];
    expect(wp(d, 2, [1, 0], [0, 1], 2)).toBeCloseTo(2, 14);
  });

  it("Wp on a two-point line has the closed form |Δmass|^{1/p}·|Δx|", () => {
    // Moving mass 0.3 over distance 2: W_p = (0.3 · 2^p)^{1/p}.
    const d = [0, 2, 2, 0];
    expect(wp(d, 2, [0.5, 0.5], [0.2, 0.8], 2)).toBeCloseTo(Math.sqrt(0.3 * 4), 14);
    expect(wp(d, 2, [0.5, 0.5], [0.2, 0.8], 1)).toBeCloseTo(0.6, 14);
  });
});

describe("input errors are one line and say what to do", () => {
  it("rejects unequal masses, negative masses and wrong shapes", () => {
    expect(() => w1([0, 1, 1, 0], 2, [1, 0], [0.5, 0.4])).toThrow(/equal positive total mass/);
    expect(() => w1([0, 1, 1, 0], 2, [1.5, -0.5], [0.5, 0.5])).toThrow(/non-negative/);
    expect(() => w1([0, 1, 1], 2, [1, 0], [0, 1])).toThrow(/expected 2×2/);
    expect(() => wp([0, 1, 1, 0], 2, [1, 0], [0, 1], 0.5)).toThrow(/p must be/);
  });
});
