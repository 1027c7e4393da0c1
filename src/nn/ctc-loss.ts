// nn.CTCLoss: PyTorch's module form of ops/ctc.ts ctcLoss (blank, reduction, zero_infinity fixed at
// construction; forward(logProbs [T, N, C], targets, inputLengths, targetLengths)). No parameters.
import type { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { type CtcLengths, type CtcLossOptions, ctcLoss } from '../ops/ctc.ts';

export class CTCLoss extends Module {
  constructor(readonly options: CtcLossOptions = {}) {
    super();
  }
  forward(logProbs: Tensor, targets: Tensor, inputLengths: CtcLengths, targetLengths: CtcLengths): Tensor {
    return ctcLoss(logProbs, targets, inputLengths, targetLengths, this.options);
  }
}
