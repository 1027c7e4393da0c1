// All ops, re-exported. Each family lives in its own file with its validation and backward rules.
export * from './elementwise.ts';
export * from './reduce.ts';
export * from './shape.ts';
export * from './matmul.ts';
export * from './indexing.ts';
export * from './softmax.ts';
export * from './loss.ts';
export * from './creation.ts';
export * from './conv1d.ts';
export * from './pool1d.ts';
export * from './ctc.ts';
// rnn.ts also exports the helpers rnn-bidirectional.ts shares (validate, inputProjection, ...): only the ops go public.
export { lstmLayer, gruLayer, rnnLayer, PERSISTENT_MAX_STATE } from './rnn.ts';
export type { RnnImpl, RecurrentLayerOptions, LstmLayerOptions, RnnLayerOptions, LstmLayerResult, RnnLayerResult } from './rnn.ts';
export * from './rnn-bidirectional.ts';
export { rnnAutotuneSettled, rnnAutoChoice } from './rnn-autotune.ts';
export { streamAutotuneSettled, streamAutoChoice } from './stream-autotune.ts';
export type { AutoChoice, TuneFamily, TuneShape } from './rnn-autotune.ts';
export type { StreamAutoChoice, StreamTuneShape } from './stream-autotune.ts';
export type { WeightDtype } from '../kernels/rnn.ts';
export * from './linalg.ts';
export * from './topk.ts';
