// Losses with PyTorch's names and reductions: mseLoss, nllLoss (class indices, ignoreIndex),
// crossEntropy = nllLoss(logSoftmax(logits)). Composed from ops, so their gradients come from autograd.
import type { Tensor } from '../tensor.ts';
import { fmtShape } from '../dtype.ts';
import { div, mul, neg, sub } from './elementwise.ts';
import { mean, sum } from './reduce.ts';
import { oneHot } from './indexing.ts';
import { logSoftmax } from './softmax.ts';
import { requireInt, sameDevice, sameShape } from './util.ts';
import { ArgumentError, IndexError, ShapeError } from '../errors.ts';

export type Reduction = 'mean' | 'sum' | 'none';

function reduce(x: Tensor, reduction: Reduction): Tensor {
  switch (reduction) {
    case 'mean':
      return mean(x);
    case 'sum':
      return sum(x);
    case 'none':
      return x;
    default:
      reduction satisfies never;
      throw new ArgumentError(`unknown reduction '${String(reduction)}' (expected 'mean', 'sum' or 'none')`);
  }
}

export function mseLoss(pred: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  sameDevice('mseLoss', pred, target);
  if (!sameShape(pred.shape, target.shape)) {
    throw new ShapeError(`mseLoss: prediction ${fmtShape(pred.shape)} and target ${fmtShape(target.shape)} must have the same shape`);
  }
  const d = sub(pred, target);
  return reduce(mul(d, d), options.reduction ?? 'mean');
}

export interface NllOptions {
  reduction?: Reduction;
  /** Targets equal to this contribute no loss and are left out of the mean (PyTorch default -100). */
  ignoreIndex?: number;
}

/** logProbs [N, C], target int32 [N] of class indices. */
export function nllLoss(logProbs: Tensor, target: Tensor, options: NllOptions = {}): Tensor {
  sameDevice('nllLoss', logProbs, target);
  requireInt('nllLoss', 'target', target);
  if (logProbs.ndim !== 2 || target.ndim !== 1 || target.shape[0] !== logProbs.shape[0]) {
    throw new ShapeError(`nllLoss: expected input [N, C] and target [N], got ${fmtShape(logProbs.shape)} and ${fmtShape(target.shape)}`);
  }
  const C = logProbs.shape[1];
  const ignoreIndex = options.ignoreIndex ?? -100;
  const host = target.hostData;
  if (host) {
    for (let i = 0; i < host.length; i++) {
      if (host[i] !== ignoreIndex && (host[i] < 0 || host[i] >= C)) {
        throw new IndexError(`nllLoss: target ${host[i]} at position ${i} is out of range for ${C} classes`);
      }
    }
  }
  const mask = oneHot(target, C, ignoreIndex); // [N, C], zero rows for ignored targets
  const picked = neg(sum(mul(logProbs, mask), 1)); // [N]
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean') return reduce(picked, reduction);
  return div(sum(picked), sum(mask)); // mean over the targets that count, as PyTorch
}

/** logits [N, C], target int32 [N]. */
export function crossEntropy(logits: Tensor, target: Tensor, options: NllOptions = {}): Tensor {
  return nllLoss(logSoftmax(logits, 1), target, options);
}
