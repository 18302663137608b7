/** Exact optimal transport on finite spaces and the Gaussian W2 closed form. */
export { solveTransport, type TransportBasis, type TransportSolution, type TransportOptions } from "./transport.js";
export { optimalCoupling, supportOf, w1, wp, type OptimalCoupling } from "./wasserstein.js";
export { w2DiagonalGaussians } from "./gaussian.js";
