// softmax and logSoftmax along an axis, composed from the max-shifted exponentials so that large
// logits do not overflow. The shift is a constant for autograd (softmax is shift-invariant).
import type { Tensor } from '../tensor.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { exp, log, sub, div } from './elementwise.ts';
import { max, sum } from './reduce.ts';
import { normAxis, requireFloat } from './util.ts';

function shifted(x: Tensor, axis: number): Tensor {
  const m = noGrad(() => max(x, axis, true));
  return sub(x, m);
}

export function softmax(x: Tensor, axis = -1): Tensor {
  requireFloat('softmax', x);
  const a = normAxis('softmax', axis, x.ndim);
  const e = exp(shifted(x, a));
  return div(e, sum(e, a, true));
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  requireFloat('logSoftmax', x);
  const a = normAxis('logSoftmax', axis, x.ndim);
  const z = shifted(x, a);
  return sub(z, log(sum(exp(z), a, true)));
}
