// nn: modules with PyTorch's names, options and parameter names.
export { Module } from './module.ts';
export type { StateDict, StateValue } from './module.ts';
export { Linear, Sequential, ReLU, Tanh, Sigmoid, GELU } from './linear.ts';
export { uniformInit } from './init.ts';
