// nn.Conv1d, nn.MaxPool1d and nn.AvgPool1d with PyTorch's constructor arguments and parameter names (weight
// [out, in/groups, K], bias [out]) so state dicts move between PyTorch and seqgpu unchanged. `causal` adds
// TCN-style left padding. Twins: ops/conv1d.ts, ops/pool1d.ts.
import type { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { type InitOptions, uniformInit } from './init.ts';
import { type Conv1dPadding, type Conv1dVariant, conv1d } from '../ops/conv1d.ts';
import { avgPool1d, maxPool1d } from '../ops/pool1d.ts';
import { ArgumentError, describeValue } from '../errors.ts';
import { checkBool, checkOptions, checkPosInt, checkRange } from './check.ts';

/** stride/padding/dilation/groups checked when the module is built, not at the first forward. */
function checkConvOptions(who: string, o: Conv1dModuleOptions): void {
  checkOptions(who, o);
  if (o.stride !== undefined) checkPosInt(who, 'stride', o.stride);
  if (o.dilation !== undefined) checkPosInt(who, 'dilation', o.dilation);
  if (o.groups !== undefined) checkPosInt(who, 'groups', o.groups);
  const p = o.padding;
  if (p !== undefined && p !== 'same' && p !== 'valid') {
    if (typeof p !== 'number') throw new ArgumentError(`${who}: padding must be a non-negative integer, 'same' or 'valid', got ${describeValue(p)}`);
    checkRange(who, 'padding', p, { min: 0, integer: true });
  }
  // PyTorch: padding='same' is not supported for strided convolutions.
  if (p === 'same' && (o.stride ?? 1) !== 1) throw new ArgumentError(`${who}: padding 'same' needs stride 1, got stride ${o.stride}`);
  if (o.causal && p !== undefined && p !== 0 && p !== 'valid') throw new ArgumentError(`${who}: causal adds its own left padding; padding must be left unset, 0 or 'valid', got ${JSON.stringify(p)}`);
  checkBool(who, 'bias', o.bias);
  checkBool(who, 'causal', o.causal);
  if (o.variant !== undefined && o.variant !== 'auto' && typeof o.variant !== 'string') throw new ArgumentError(`${who}: variant must be a string, got ${describeValue(o.variant)}`);
}

function checkPoolOptions(who: string, kernelSize: number, o: { stride?: number; padding?: number }): void {
  checkPosInt(who, 'kernelSize', kernelSize);
  checkOptions(who, o);
  if (o.stride !== undefined) checkPosInt(who, 'stride', o.stride);
  if (o.padding !== undefined) checkRange(who, 'padding', o.padding, { min: 0, max: kernelSize / 2, integer: true });
}

export interface Conv1dModuleOptions extends InitOptions {
  stride?: number;
  padding?: Conv1dPadding;
  dilation?: number;
  groups?: number;
  bias?: boolean;
  causal?: boolean;
  /** WebGPU forward rung; 'auto' by default. */
  variant?: Conv1dVariant | 'auto';
}

export class Conv1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    readonly options: Conv1dModuleOptions = {},
  ) {
    super();
    const who = `Conv1d(${inChannels}, ${outChannels}, ${kernelSize})`;
    checkPosInt(who, 'inChannels', inChannels);
    checkPosInt(who, 'outChannels', outChannels);
    checkPosInt(who, 'kernelSize', kernelSize);
    checkConvOptions(who, options);
    const groups = options.groups ?? 1;
    if (inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new ArgumentError(`Conv1d(${inChannels}, ${outChannels}, ${kernelSize}): channels must be divisible by groups ${groups}`);
    }
    // PyTorch's default (kaiming_uniform with a=sqrt(5)) is uniform(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn = in/groups*K.
    const bound = 1 / Math.sqrt((inChannels / groups) * kernelSize);
    this.weight = this.param('weight', uniformInit([outChannels, inChannels / groups, kernelSize], bound, options));
    this.bias = options.bias === false ? this.param('bias', null) : this.param('bias', uniformInit([outChannels], bound, options));
  }
  /** x [N, inChannels, L] -> [N, outChannels, Lout]. */
  forward(x: Tensor): Tensor {
    const o = this.options;
    return conv1d(x, this.weight, this.bias, {
      stride: o.stride, padding: o.padding, dilation: o.dilation, groups: o.groups, causal: o.causal, variant: o.variant,
    });
  }
}

export class MaxPool1d extends Module {
  constructor(readonly kernelSize: number, readonly options: { stride?: number; padding?: number } = {}) {
    super();
    checkPoolOptions('MaxPool1d', kernelSize, options);
  }
  forward(x: Tensor): Tensor {
    return maxPool1d(x, this.kernelSize, this.options);
  }
}

export class AvgPool1d extends Module {
  constructor(readonly kernelSize: number, readonly options: { stride?: number; padding?: number } = {}) {
    super();
    checkPoolOptions('AvgPool1d', kernelSize, options);
  }
  forward(x: Tensor): Tensor {
    return avgPool1d(x, this.kernelSize, this.options);
  }
}
