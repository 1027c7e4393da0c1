// Decoding: re-exports only. CTC greedy and prefix beam search now; seq2seq greedy/beam search may join later.
export { collapseCtcPath, ctcArgmax, ctcGreedyDecode, type CtcGreedyOptions } from './ctc-greedy.ts';
export { ctcBeamSearch, type CtcBeamHypothesis, type CtcBeamSearchOptions, type CtcLanguageModel } from './ctc-beam-search.ts';
