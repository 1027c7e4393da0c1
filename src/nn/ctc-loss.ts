// nn.CTCLoss: PyTorch's module form of ops/ctc.ts ctcLoss (blank, reduction, zero_infinity fixed at
// construction; forward(logProbs [T, N, C], targets, inputLengths, targetLengths)). No parameters.
import type { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { type CtcLengths, type CtcLossOptions, ctcLoss } from '../ops/ctc.ts';
import { checkBool, checkOneOf, checkOptions, checkRange } from './check.ts';

export class CTCLoss extends Module {
  constructor(readonly options: CtcLossOptions = {}) {
    super();
    // Checked here, as torch.nn.CTCLoss does at construction, rather than at the first forward.
    checkOptions('CTCLoss', options);
    if (options.blank !== undefined) checkRange('CTCLoss', 'blank', options.blank, { min: 0, integer: true });
    if (options.reduction !== undefined) checkOneOf('CTCLoss', 'reduction', options.reduction, ['mean', 'sum', 'none'] as const);
    checkBool('CTCLoss', 'zeroInfinity', options.zeroInfinity);
  }
  forward(logProbs: Tensor, targets: Tensor, inputLengths: CtcLengths, targetLengths: CtcLengths): Tensor {
    return ctcLoss(logProbs, targets, inputLengths, targetLengths, this.options);
  }
}
