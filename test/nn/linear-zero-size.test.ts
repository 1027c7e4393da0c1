// A zero-size nn.Linear (inFeatures or outFeatures 0) as PyTorch: no NaN from 1/sqrt(0) in the init, y = zeros
// [N, out] (or empty [N, 0]), gradients of the right shapes; on CPU and WebGPU.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';

async function zeroSize(s: typeof sg, arg: { device: 'cpu' | 'webgpu' }): Promise<{ shape: number[]; y: number[]; bias: number[]; biasGrad: number[] | null }[]> {
  const dev = await s.init(arg.device);
  const out = [];
  for (const [i, o] of [[0, 3], [3, 0], [0, 0]]) {
    const lin = new s.nn.Linear(i, o, { device: dev });
    const y = lin.forward(s.ones([2, i], { device: dev }));
    s.sum(y).backward();
    out.push({ shape: [...y.shape], y: Array.from(await y.data()), bias: Array.from(await lin.bias!.data()), biasGrad: lin.bias!.grad ? Array.from(await lin.bias!.grad.data()) : null });
  }
  return out;
}

function check(r: Awaited<ReturnType<typeof zeroSize>>): void {
  expect(r[0]).toEqual({ shape: [2, 3], y: [0, 0, 0, 0, 0, 0], bias: [0, 0, 0], biasGrad: [2, 2, 2] });
  expect(r[1].shape).toEqual([2, 0]);
  expect(r[1].y).toEqual([]);
  expect(r[2].shape).toEqual([2, 0]);
}

describe('zero-size Linear (cpu)', () => {
  it('gives zeros / empty outputs, never NaN', async () => check(await zeroSize(sg, { device: 'cpu' })));
});

describeWebGPU('zero-size Linear (webgpu)', (remote) => {
  it('gives zeros / empty outputs, never NaN', async () => check(await remote().evaluate(zeroSize, { device: 'webgpu' })));
});
