// Reference optimizer updates, line by line as torch.optim documents them.
// Twins: src/optim/{adam,sgd}.ts, shaders/optim/optim.wgsl.
import type { KernelArgs } from '../../kernels/index.ts';
import { arr } from './storage.ts';

export function adamStep(a: KernelArgs['adamStep']): void {
  const p = arr(a.param);
  const g = arr(a.grad);
  const m = arr(a.m);
  const v = arr(a.v);
  for (let i = 0; i < p.length; i++) {
    let gi = g[i];
    let pi = p[i];
    if (a.decoupled) pi *= 1 - a.lr * a.weightDecay; // AdamW: decay the weight, not the gradient
    else gi += a.weightDecay * pi; // Adam: L2 penalty folded into the gradient
    m[i] = a.beta1 * m[i] + (1 - a.beta1) * gi;
    v[i] = a.beta2 * v[i] + (1 - a.beta2) * gi * gi;
    const denom = Math.sqrt(v[i]) / Math.sqrt(a.biasCorrection2) + a.eps;
    p[i] = pi - (a.lr / a.biasCorrection1) * (m[i] / denom);
  }
}

export function sgdStep(a: KernelArgs['sgdStep']): void {
  const p = arr(a.param);
  const g = arr(a.grad);
  const buf = a.momentumBuf ? arr(a.momentumBuf) : null;
  for (let i = 0; i < p.length; i++) {
    let d = g[i] + a.weightDecay * p[i];
    if (buf) {
      buf[i] = a.firstStep ? d : a.momentum * buf[i] + (1 - a.dampening) * d;
      d = a.nesterov ? d + a.momentum * buf[i] : buf[i];
    }
    p[i] = p[i] - a.lr * d;
  }
}
