// Shared by the test/nn suites: reads the PyTorch fixtures of test/fixtures/rnn/*.json (scripts/fixtures/gen_rnn.py)
// and builds the matching seqgpu module from a case's options, so CPU and WebGPU suites run the same cases.
import { readFileSync } from 'node:fs';

export interface FxTensor {
  shape: number[];
  data: number[];
}
export type FxModule = 'RNN' | 'LSTM' | 'GRU' | 'RNNCell' | 'LSTMCell' | 'GRUCell';
export interface FxCase {
  name: string;
  module: FxModule;
  options: {
    inputSize: number; hiddenSize: number; bias: boolean; numLayers?: number; batchFirst?: boolean;
    dropout?: number; bidirectional?: boolean; projSize?: number; nonlinearity?: 'tanh' | 'relu';
  };
  T: number;
  N: number;
  lengths: number[] | null;
  stateDict: Record<string, FxTensor>;
  inputs: { x: FxTensor; h0?: FxTensor; c0?: FxTensor };
  outputs: { output?: FxTensor; hN: FxTensor; cN?: FxTensor };
  upstream: { output?: FxTensor; hN: FxTensor; cN?: FxTensor };
  grads: Record<string, FxTensor>;
}

export const FIXTURE_FILES = ['rnn.json', 'lstm.json', 'gru.json', 'cells.json'] as const;

export function loadCases(file: string): FxCase[] {
  const text = readFileSync(new URL(`../fixtures/rnn/${file}`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { cases: FxCase[] }).cases;
}

export function allCases(): FxCase[] {
  return FIXTURE_FILES.flatMap((f) => loadCases(f));
}

export function findCase(name: string): FxCase {
  const c = allCases().find((k) => k.name === name);
  if (!c) throw new Error(`no fixture case named ${name}`);
  return c;
}
