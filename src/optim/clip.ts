// Gradient clipping by global norm (torch.nn.utils.clip_grad_norm_), computed on the device:
// the scale min(1, maxNorm / (norm + 1e-6)) is a tensor, so clipping needs no read-back.
import type { Tensor } from '../tensor.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { add, div, minimum, mul, sqrt } from '../ops/elementwise.ts';
import { sum } from '../ops/reduce.ts';
import { keep } from '../scope.ts';
import { ArgumentError, describeValue } from '../errors.ts';
import { checkRange } from '../nn/check.ts';

/** Scales gradients in place so their global L2 norm is at most maxNorm; returns the norm before clipping (a scalar tensor). */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number): Tensor {
  // PyTorch accepts maxNorm 0 (every gradient becomes 0) but a negative or NaN bound has no meaning.
  checkRange('clipGradNorm', 'maxNorm', maxNorm, { min: 0 });
  if (params === null || typeof params !== 'object' || typeof (params as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new ArgumentError(`clipGradNorm: params must be an iterable of tensors, got ${describeValue(params)}`);
  }
  const grads = [...params].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) throw new ArgumentError('clipGradNorm: no parameter has a gradient (call backward() first)');
  return noGrad(() => {
    let sq = sum(mul(grads[0], grads[0]));
    for (const g of grads.slice(1)) sq = add(sq, sum(mul(g, g)));
    const norm = sqrt(sq);
    const scale = minimum(div(maxNorm, add(norm, 1e-6)), 1);
    for (const g of grads) g.assign(mul(g, scale));
    return keep(norm);
  });
}
