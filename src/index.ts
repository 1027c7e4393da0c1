/// <reference types="@webgpu/types" preserve="true" />
// seqgpu's public API: re-exports only.
export { init, Device, getDefaultDevice, setDefaultDevice } from './device.ts';
export type { InitOptions, InitKind } from './device.ts';
export type { DeviceStats, BackendKind } from './backend.ts';
export { Tensor } from './tensor.ts';
export { SeqgpuError, ShapeError, DTypeError, ArgumentError, IndexError, DisposedError, DeviceError, FormatError } from './errors.ts';
export type { NestedArray } from './tensor.ts';
export type { DType, TypedArray } from './dtype.ts';
export { Generator, manualSeed } from './random.ts';
export { noGrad, isGradEnabled } from './autograd/grad-mode.ts';
export { scope, keep } from './scope.ts';
export * from './ops/index.ts';
export * as nn from './nn/index.ts';
export * as optim from './optim/index.ts';
export * as decode from './decode/index.ts';
export * as stats from './stats/index.ts';
export * as features from './features/index.ts';
export * as io from './io/index.ts';
export { saveSafetensors, loadSafetensors } from './io/index.ts';
export * as train from './train/scheduled-sampling.ts';
