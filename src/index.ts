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
// The ops, by name: src/ops/index.ts also carries the helpers ops share (binaryRaw, sumTo, ...), which live in
// seqgpu/internal (src/internal.ts), not here.
export {
  add, sub, mul, div, pow, maximum, minimum, eq, ne, gt, ge, lt, le,
  neg, exp, log, sqrt, abs, tanh, sigmoid, relu, gelu, square,
  sum, mean, max, min,
  reshape, unsqueeze, squeeze, permute, transpose, slice, concat, stack, expandTo,
  matmul, gather, where, oneHot, cast, softmax, logSoftmax,
  mseLoss, nllLoss, crossEntropy,
  tensor, full, zeros, ones, arange, randn, rand,
  conv1d, maxPool1d, avgPool1d,
  ctcLoss, ctcAlphaBeta,
  lstmLayer, gruLayer, rnnLayer, lstmBidirectional, gruBidirectional, rnnBidirectional, rnnAutotuneSettled, rnnAutoChoice, streamAutotuneSettled, streamAutoChoice,
  topk,
} from './ops/index.ts';
export type {
  MatmulOptions, Reduction, NllOptions, TensorOptions, RandomOptions, Conv1dOptions, Pool1dOptions,
  CtcReduction, CtcLossOptions, CtcLengths, CtcAlphaBeta,
  RnnImpl, RecurrentLayerOptions, LstmLayerOptions, RnnLayerOptions, LstmLayerResult, RnnLayerResult,
  DirectionWeights, BidirectionalOptions, BidirectionalResult, TopkResult, AutoChoice, TuneFamily, TuneShape, StreamAutoChoice, StreamTuneShape, WeightDtype,
} from './ops/index.ts';
export * as nn from './nn/index.ts';
export * as optim from './optim/index.ts';
export * as decode from './decode/index.ts';
export * as stats from './stats/index.ts';
export * as features from './features/index.ts';
export * as io from './io/index.ts';
export { saveSafetensors, loadSafetensors } from './io/index.ts';
export * as train from './train/scheduled-sampling.ts';
