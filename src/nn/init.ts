// Parameter initialisation as PyTorch's defaults, drawn on the host from a seedable generator so
// the same seed gives the same weights on every backend.
import type { Tensor } from '../tensor.ts';
import type { Device } from '../device.ts';
import { getDefaultDevice } from '../device.ts';
import { type Generator, defaultGenerator } from '../random.ts';
import { rand, zeros } from '../ops/creation.ts';

export interface InitOptions {
  device?: Device;
  generator?: Generator;
}

/** uniform(-bound, bound), e.g. bound = 1/sqrt(fanIn) as nn.Linear, nn.LSTM and nn.Conv1d use. */
export function uniformInit(shape: number[], bound: number, options: InitOptions = {}): Tensor {
  // bound 0 (a zero-size Linear's bias: PyTorch draws uniform(0, 0)) is zeros; rand needs low < high.
  if (bound === 0) return zeros(shape, { device: options.device ?? getDefaultDevice() });
  return rand(shape, {
    device: options.device ?? getDefaultDevice(),
    generator: options.generator ?? defaultGenerator(),
    low: -bound,
    high: bound,
  });
}
