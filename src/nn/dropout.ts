// Dropout (inverted: kept values are scaled by 1/(1-p) in training so eval is the identity), as a module and as
// the function nn.RNN/LSTM/GRU apply between layers. Masks are drawn on the host from a seedable Generator, so
// the same seed drops the same units on every backend (CPU and WebGPU runs can be compared step by step).
import type { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { type Generator, defaultGenerator } from '../random.ts';
import { mul } from '../ops/elementwise.ts';
import { tensor } from '../ops/creation.ts';
import { zeros } from '../ops/creation.ts';
import { checkOptions, checkRange } from './check.ts';

function checkP(who: string, p: number): void {
  checkRange(who, 'dropout probability', p, { min: 0, max: 1 });
}

/** x with each element zeroed with probability p and the rest scaled by 1/(1-p); the identity unless training. */
export function dropout(x: Tensor, p: number, training: boolean, generator?: Generator): Tensor {
  checkP('dropout', p);
  if (!training || p === 0) return x;
  // p = 1 drops everything (PyTorch returns zeros rather than dividing by 0).
  if (p === 1) return mul(x, zeros([...x.shape], { device: x.device }));
  const g = generator ?? defaultGenerator();
  const scale = 1 / (1 - p);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = g.next() < p ? 0 : scale;
  return mul(x, tensor(mask, [...x.shape], { device: x.device }));
}

export interface DropoutOptions {
  /** Source of the masks; default the global generator (manualSeed). */
  generator?: Generator;
}

export class Dropout extends Module {
  readonly generator: Generator | undefined;
  constructor(readonly p = 0.5, options: DropoutOptions = {}) {
    super();
    checkP('Dropout', p);
    checkOptions('Dropout', options);
    this.generator = options.generator;
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.generator);
  }
}
