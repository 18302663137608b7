/** Image datasets: the procedural shapes10 substitute (default, offline) and a real CIFAR-10 loader. */
export * from "./types.js";
export * from "./procedural.js";
export * from "./cifar10.js";
export * from "./tensors.js";
