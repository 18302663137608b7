/**
 * Exact balanced transportation problem by the network (transportation) simplex method.
 *
 *   minimise   Σ_ij cost[i·k + j] · x_ij
 *   subject to Σ_j x_ij = supply_i,  Σ_i x_ij = demand_j,  x ≥ 0
 *
 * on the complete bipartite graph with m source rows and k sink columns. A basis is a
 * spanning tree of the m + k nodes, i.e. m + k − 1 basic cells (some may carry zero flow).
 * Each pivot: node potentials u_i + v_j = c_ij on the tree, price every cell with the
 * reduced cost c_ij − u_i − v_j, bring in the most negative one (Dantzig's rule), push flow
 * round the unique cycle it closes, drop the first cell that empties. When many degenerate
 * pivots happen in a row the solver switches to Bland's smallest-index rule, which cannot
 * cycle. At termination the potentials are a dual certificate: u_i + v_j ≤ c_ij for all
 * cells and Σ u_i·supply_i + Σ v_j·demand_j equals the primal cost.
 *
 * The starting tree comes from the least-cost (matrix-minimum) rule, or from a basis the
 * caller kept from an earlier solve with the same masses (warm start): when only the costs
 * change, the old optimal tree is still primal feasible and usually needs few pivots.
 */

import { ReproError } from "../core/errors.js";

/** A basis: the m + k − 1 tree cells (row i, column j). */
export interface TransportBasis {
  readonly rows: Int32Array;
  readonly cols: Int32Array;
}

export interface TransportSolution extends TransportBasis {
  /** Optimal objective Σ c_ij x_ij. */
  readonly cost: number;
  /** Flow on each basic cell (same order as rows/cols); non-basic cells carry 0. */
  readonly flows: Float64Array;
  /** Dual potentials: u (length m) for rows, v (length k) for columns. */
  readonly u: Float64Array;
  readonly v: Float64Array;
  /** Number of simplex pivots taken. */
  readonly pivots: number;
}

export interface TransportOptions {
  /** Start from this tree (e.g. the optimal basis of an earlier solve with the same masses). */
  readonly warmStart?: TransportBasis;
  /** Pivot budget; exceeding it throws (it signals a bug, not a hard instance). */
  readonly maxPivots?: number;
}

/** Union–find root with path halving. */
function findRoot(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]!]!;
    x = parent[x]!;
  }
  return x;
}

/**
 * A spanning tree from the least-cost rule: visit cells by increasing cost, ship as much as
 * both ends still allow, then join any remaining components with zero-flow cells.
 */
function leastCostTree(
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  cost: ArrayLike<number>,
  m: number,
  k: number,
): { rows: Int32Array; cols: Int32Array } {
  const order = new Int32Array(m * k);
  for (let c = 0; c < m * k; c++) order[c] = c;
  order.sort((a, b) => cost[a]! - cost[b]! || a - b);
  const restS = Float64Array.from(supply);
  const restD = Float64Array.from(demand);
  let total = 0;
  for (let i = 0; i < m; i++) total += supply[i]!;
  const tiny = 1e-14 * Math.max(total, 1e-300);
  const uf = new Int32Array(m + k);
  for (let x = 0; x < m + k; x++) uf[x] = x;
  const rows = new Int32Array(m + k - 1);
  const cols = new Int32Array(m + k - 1);
  let nb = 0;
  const link = (i: number, j: number): boolean => {
    const a = findRoot(uf, i);
    const b = findRoot(uf, m + j);
    if (a === b) return false;
    uf[a] = b;
    rows[nb] = i;
    cols[nb] = j;
    nb++;
    return true;
  };
  for (let t = 0; t < m * k && nb < m + k - 1; t++) {
    const c = order[t]!;
    const i = (c / k) | 0;
    const j = c - i * k;
    if (restS[i]! > tiny && restD[j]! > tiny) {
      if (!link(i, j)) continue;
      const x = Math.min(restS[i]!, restD[j]!);
      restS[i]! -= x;
      restD[j]! -= x;
    }
  }
  for (let t = 0; t < m * k && nb < m + k - 1; t++) {
    const c = order[t]!;
    const i = (c / k) | 0;
    link(i, c - i * k);
  }
  return { rows, cols };
}

/** North-west-corner tree: always primal feasible (used if a start tree is infeasible). */
function northWestTree(
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  m: number,
  k: number,
): { rows: Int32Array; cols: Int32Array } {
  const rows = new Int32Array(m + k - 1);
  const cols = new Int32Array(m + k - 1);
  let i = 0;
  let j = 0;
  let rs = supply[0]!;
  let rd = demand[0]!;
  for (let t = 0; t < m + k - 1; t++) {
    rows[t] = i;
    cols[t] = j;
    if ((rs <= rd && i < m - 1) || j === k - 1) {
      rd -= rs;
      i++;
      rs = supply[i] ?? 0;
    } else {
      rs -= rd;
      j++;
      rd = demand[j] ?? 0;
    }
  }
  return { rows, cols };
}

/**
 * Tree state rebuilt after each pivot: CSR adjacency, BFS parents from node 0, depths,
 * and potentials pot[node] (u for row nodes 0..m−1, v for column nodes m..m+k−1).
 */
class Tree {
  readonly n: number;
  readonly adjStart: Int32Array;
  readonly adjCell: Int32Array;
  readonly parentCell: Int32Array;
  readonly parentNode: Int32Array;
  readonly depth: Int32Array;
  readonly pot: Float64Array;
  readonly queue: Int32Array;
  constructor(
    readonly m: number,
    readonly k: number,
  ) {
    this.n = m + k;
    this.adjStart = new Int32Array(this.n + 1);
    this.adjCell = new Int32Array(2 * (this.n - 1));
    this.parentCell = new Int32Array(this.n);
    this.parentNode = new Int32Array(this.n);
    this.depth = new Int32Array(this.n);
    this.pot = new Float64Array(this.n);
    this.queue = new Int32Array(this.n);
  }

  /** Rebuild from the basic cells; returns false if they do not span all nodes. */
  rebuild(rows: Int32Array, cols: Int32Array, cost: ArrayLike<number>): boolean {
    const { n, m, k, adjStart, adjCell } = this;
    adjStart.fill(0);
    const nb = n - 1;
    for (let t = 0; t < nb; t++) {
      adjStart[rows[t]! + 1]!++;
      adjStart[m + cols[t]! + 1]!++;
    }
    for (let x = 0; x < n; x++) adjStart[x + 1]! += adjStart[x]!;
    const fill = this.queue; // reuse as a cursor array
    for (let x = 0; x < n; x++) fill[x] = adjStart[x]!;
    for (let t = 0; t < nb; t++) {
      adjCell[fill[rows[t]!]!++] = t;
      adjCell[fill[m + cols[t]!]!++] = t;
    }
    const { parentCell, parentNode, depth, pot, queue } = this;
    parentNode.fill(-1);
    parentCell.fill(-1);
    parentNode[0] = 0;
    depth[0] = 0;
    pot[0] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    while (head < tail) {
      const x = queue[head++]!;
      for (let p = adjStart[x]!; p < adjStart[x + 1]!; p++) {
        const t = adjCell[p]!;
        if (t === parentCell[x]) continue;
        const i = rows[t]!;
        const jNode = m + cols[t]!;
        const y = x === i ? jNode : i;
        if (parentNode[y] !== -1) return false; // a cycle: not a tree
        parentNode[y] = x;
        parentCell[y] = t;
        depth[y] = depth[x]! + 1;
        const c = cost[i * k + cols[t]!]!;
        pot[y] = c - pot[x]!; // u_i + v_j = c_ij
        queue[tail++] = y;
      }
    }
    return tail === n;
  }
}

/** Flows on a spanning tree are fixed by the masses: peel leaves until one node is left. */
function treeFlows(
  rows: Int32Array,
  cols: Int32Array,
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  tree: Tree,
): Float64Array {
  const { m, n, queue, parentCell, parentNode } = tree;
  const rest = new Float64Array(n);
  for (let i = 0; i < m; i++) rest[i] = supply[i]!;
  for (let j = 0; j < n - m; j++) rest[m + j] = demand[j]!;
  const flows = new Float64Array(n - 1);
  // Process nodes in reverse BFS order: each node's remaining mass goes up its parent cell.
  for (let q = n - 1; q >= 1; q--) {
    const y = queue[q]!;
    const t = parentCell[y]!;
    flows[t] = rest[y]!;
    rest[parentNode[y]!]! -= rest[y]!;
  }
  void rows;
  void cols;
  return flows;
}

/**
 * Solve the balanced transportation problem exactly. `cost` is row-major m × k.
 * Supplies and demands must be non-negative with (nearly) equal totals; the caller is
 * expected to drop zero-mass points first (they only add degenerate pivots).
 */
export function solveTransport(
  supply: ArrayLike<number>,
  demand: ArrayLike<number>,
  cost: ArrayLike<number>,
  options: TransportOptions = {},
): TransportSolution {
  const m = supply.length;
  const k = demand.length;
  if (m === 0 || k === 0) {
    throw new ReproError("solveTransport needs at least one supply and one demand point");
  }
  if (cost.length !== m * k) {
    throw new ReproError(`solveTransport: cost has length ${cost.length}, expected ${m}×${k}`);
  }
  let maxCost = 0;
  for (let c = 0; c < m * k; c++) {
    const v = cost[c]!;
    if (!Number.isFinite(v)) throw new ReproError("solveTransport: costs must be finite numbers");
    if (Math.abs(v) > maxCost) maxCost = Math.abs(v);
  }
  let massScale = 0;
  for (let i = 0; i < m; i++) massScale = Math.max(massScale, supply[i]!);
  const eps = 1e-13 * Math.max(1, maxCost);
  const flowTol = 1e-12 * Math.max(1e-300, massScale);
  const tree = new Tree(m, k);

  let rows: Int32Array;
  let cols: Int32Array;
  let flows: Float64Array | null = null;
  const tryStart = (b: { rows: Int32Array; cols: Int32Array }): boolean => {
    if (b.rows.length !== m + k - 1 || b.cols.length !== m + k - 1) return false;
    const r = Int32Array.from(b.rows);
    const c = Int32Array.from(b.cols);
    for (let t = 0; t < r.length; t++) {
      if (r[t]! < 0 || r[t]! >= m || c[t]! < 0 || c[t]! >= k) return false;
    }
    if (!tree.rebuild(r, c, cost)) return false;
    const f = treeFlows(r, c, supply, demand, tree);
    for (let t = 0; t < f.length; t++) if (f[t]! < -flowTol) return false;
    for (let t = 0; t < f.length; t++) if (f[t]! < 0) f[t] = 0;
    rows = r;
    cols = c;
    flows = f;
    return true;
  };
  if (!(options.warmStart && tryStart(options.warmStart))) {
    if (!tryStart(leastCostTree(supply, demand, cost, m, k))) {
      if (!tryStart(northWestTree(supply, demand, m, k))) {
        throw new ReproError(
          "solveTransport could not build a feasible start; check that supplies and demands are non-negative with equal totals",
        );
      }
    }
  }
  rows = rows!;
  cols = cols!;
  const f: Float64Array = flows!;

  const maxPivots = options.maxPivots ?? 50 * (m + k) * Math.max(m, k) + 1000;
  const { pot, depth, parentNode, parentCell } = tree;
  const cycleCells: number[] = [];
  const cycleSigns: number[] = [];
  let pivots = 0;
  let degenerateRun = 0;
  const blandAfter = 5 * (m + k);
  for (;;) {
    // Pricing.
    const bland = degenerateRun > blandAfter;
    let enterI = -1;
    let enterJ = -1;
    let best = -eps;
    for (let i = 0; i < m && !(bland && enterI >= 0); i++) {
      const ui = pot[i]!;
      const base = i * k;
      for (let j = 0; j < k; j++) {
        const rc = cost[base + j]! - ui - pot[m + j]!;
        if (rc < best) {
          enterI = i;
          enterJ = j;
          if (bland) break;
          best = rc;
        }
      }
    }
    if (enterI < 0) break;
    if (++pivots > maxPivots) {
      throw new ReproError(`solveTransport exceeded ${maxPivots} pivots (m=${m}, k=${k}); please report this instance`);
    }
    // Cycle: path from column node b up/down to row node a in the tree.
    cycleCells.length = 0;
    cycleSigns.length = 0;
    let a = enterI;
    let b = m + enterJ;
    const aSide: number[] = [];
    const bSide: number[] = [];
    while (a !== b) {
      if (depth[a]! >= depth[b]!) {
        aSide.push(parentCell[a]!);
        a = parentNode[a]!;
      } else {
        bSide.push(parentCell[b]!);
        b = parentNode[b]!;
      }
    }
    // Edges adjacent to either end carry −θ, then signs alternate.
    let theta = Infinity;
    let leave = -1;
    const consider = (t: number, sign: number): void => {
      cycleCells.push(t);
      cycleSigns.push(sign);
      if (sign < 0) {
        const x = f[t]!;
        if (x < theta || (bland && x === theta && rows[t]! * k + cols[t]! < rows[leave]! * k + cols[leave]!)) {
          theta = x;
          leave = t;
        }
      }
    };
    for (let q = 0; q < bSide.length; q++) consider(bSide[q]!, q % 2 === 0 ? -1 : 1);
    for (let q = 0; q < aSide.length; q++) consider(aSide[q]!, q % 2 === 0 ? -1 : 1);
    if (theta < 0) theta = 0;
    for (let q = 0; q < cycleCells.length; q++) {
      const t = cycleCells[q]!;
      const x = f[t]! + cycleSigns[q]! * theta;
      f[t] = x < 0 ? 0 : x;
    }
    degenerateRun = theta <= flowTol ? degenerateRun + 1 : 0;
    rows[leave] = enterI;
    cols[leave] = enterJ;
    f[leave] = theta;
    if (!tree.rebuild(rows, cols, cost)) {
      throw new ReproError("solveTransport lost its spanning tree (internal error); please report this instance");
    }
  }
  let total = 0;
  for (let t = 0; t < m + k - 1; t++) total += f[t]! * cost[rows[t]! * k + cols[t]!]!;
  return {
    cost: total,
    rows,
    cols,
    flows: f,
    u: Float64Array.from(pot.subarray(0, m)),
    v: Float64Array.from(pot.subarray(m)),
    pivots,
  };
}
