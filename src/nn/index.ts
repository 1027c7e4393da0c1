// nn: modules with PyTorch's names, options and parameter names.
export { Module } from './module.ts';
export type { StateDict, StateValue } from './module.ts';
export { Linear, Sequential, ReLU, Tanh, Sigmoid, GELU } from './linear.ts';
export { uniformInit } from './init.ts';
export { RNN, LSTM, GRU, RNNBase } from './rnn.ts';
export type { RNNOptions, LSTMOptions, Nonlinearity, RnnBaseOptions, RnnForwardOptions, LayerWeights } from './rnn.ts';
export { RNNCell, LSTMCell, GRUCell } from './cells.ts';
export type { CellOptions } from './cells.ts';
export { Embedding } from './embedding.ts';
export type { EmbeddingOptions } from './embedding.ts';
export { LayerNorm } from './layer-norm.ts';
export type { LayerNormOptions } from './layer-norm.ts';
export { Dropout, dropout } from './dropout.ts';
export type { DropoutOptions } from './dropout.ts';
export { Conv1d, MaxPool1d, AvgPool1d, type Conv1dModuleOptions } from './conv1d.ts';
export { CTCLoss } from './ctc-loss.ts';
