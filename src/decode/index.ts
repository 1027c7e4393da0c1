// Decoding: re-exports only. CTC greedy and prefix beam search now; seq2seq greedy/beam search may join later.
export { collapseCtcPath, ctcArgmax, ctcGreedyDecode, type CtcGreedyOptions } from './ctc-greedy.ts';
export { ctcBeamSearch, ctcBeamSearchRaw, type CtcBeamHypothesis, type CtcBeamSearchOptions, type CtcLanguageModel } from './ctc-beam-search.ts';
export { beamSearch, gnmtCoveragePenalty, gnmtLengthPenalty, type BeamHypothesis, type BeamSearchOptions, type BeamStepContext, type BeamStepFn } from './beam-search.ts';
export { argmaxRow, greedyDecode, logSoftmaxRows, sampleDecode, sampleToken, type Decoded, type GreedyOptions, type SampleOptions } from './sampling.ts';
export type { Rows, StepOutput, StepResult } from './step-output.ts';
