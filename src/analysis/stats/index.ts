/** rliable-style statistics: aggregates, stratified bootstrap, profiles, P(X > Y), curves. */
export * from "./scores.js";
export * from "./quantile.js";
export * from "./aggregates.js";
export * from "./bootstrap.js";
export * from "./intervals.js";
export * from "./profiles.js";
export * from "./improvement.js";
export * from "./curves.js";
export * from "./sign-test.js";
