// Bad input on both backends: each mistake gets a clear error naming the problem, nothing is
// corrupted, and the device keeps working afterwards.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';

/** Self-contained: provokes each error on the given device and returns the messages, then proves the device still works. */
async function provoke(s: typeof sg, arg: { device: 'cpu' | 'webgpu' }): Promise<{ errors: Record<string, string>; after: number[] }> {
  const device = await s.init(arg.device);
  const other = await s.init('cpu');
  const errors: Record<string, string> = {};
  const attempt = (name: string, fn: () => unknown): void => {
    try {
      fn();
      errors[name] = 'NO ERROR';
    } catch (e) {
      errors[name] = e instanceof Error ? e.message : String(e);
    }
  };
  const a = s.tensor([[1, 2, 3], [4, 5, 6]], { device });
  const b = s.tensor([[1, 2], [3, 4]], { device });
  const ints = s.tensor([1, 2], { device, dtype: 'int32' });
  attempt('shape', () => s.add(a, b));
  attempt('matmul', () => s.matmul(a, a));
  attempt('dtype', () => s.mul(a, ints));
  attempt('devices', () => s.add(a, s.tensor([[1, 2, 3], [4, 5, 6]], { device: other })));
  const gone = s.tensor([1, 2, 3], { device });
  gone.dispose();
  attempt('disposed', () => s.exp(gone));
  attempt('axis', () => s.sum(a, 2));
  attempt('nonInteger', () => s.tensor([1.5, Number.NaN], { device, dtype: 'int32' }));
  attempt('gatherIndex', () => s.gather(a, s.tensor([0, 5], { device, dtype: 'int32' }), 1));
  attempt('target', () => s.crossEntropy(b, s.tensor([0, 7], { device, dtype: 'int32' })));
  attempt('reshape', () => s.reshape(a, [4, 2]));
  attempt('backwardNonScalar', () => s.mul(s.tensor([1, 2], { device, requiresGrad: true }), 2).backward());
  try {
    await a.item(); // async: it rejects rather than throws
    errors.item = 'NO ERROR';
  } catch (e) {
    errors.item = e instanceof Error ? e.message : String(e);
  }
  // Nothing was corrupted: a is intact and the device still computes.
  const after = Array.from(await s.add(a, 1).data());
  return { errors, after };
}

function checkMessages(r: { errors: Record<string, string>; after: number[] }): void {
  const e = r.errors;
  expect(e.shape).toMatch(/add: shapes \[2, 3\] and \[2, 2\] cannot be broadcast/);
  expect(e.matmul).toMatch(/matmul: inner dimensions differ: \[2, 3\] @ \[2, 3\]/);
  expect(e.dtype).toMatch(/mul: expected float32 tensors, got int32 \[2\]/);
  expect(e.devices).toMatch(/different devices/);
  expect(e.disposed).toMatch(/used after dispose/);
  expect(e.axis).toMatch(/axis 2 is out of range for a tensor with 2 dimensions/);
  expect(e.nonInteger).toMatch(/int32 data has a non-integer value 1.5 at index 0/);
  expect(e.gatherIndex).toMatch(/index 5 at position 1 is out of range for axis 1 of size 3/);
  expect(e.target).toMatch(/target 7 at position 1 is out of range for 2 classes/);
  expect(e.reshape).toMatch(/cannot reshape \[2, 3\] \(6 elements\) to \[4, 2\]/);
  expect(e.backwardNonScalar).toMatch(/backward: called on a tensor of shape \[2\]/);
  expect(e.item).toMatch(/item: tensor has shape \[2, 3\]/);
  expect(r.after).toEqual([2, 3, 4, 5, 6, 7]);
}

describe('bad input on cpu', () => {
  it('gets clear errors and leaves the device usable', async () => {
    checkMessages(await provoke(sg, { device: 'cpu' }));
  });
  it('a non-finite value in an int32 tensor is rejected', () => {
    expect(() => sg.tensor([Infinity], { dtype: 'int32' })).toThrow(/non-integer value Infinity/);
  });
  it('a ragged nested array is rejected with the depth', () => {
    expect(() => sg.tensor([[1, 2], [3]])).toThrow(/ragged nested array: expected length 2 at depth 1/);
  });
  it('loadStateDict names missing, unexpected and misshaped keys and changes nothing', async () => {
    const m = new sg.nn.Sequential(new sg.nn.Linear(2, 3), new sg.nn.Tanh(), new sg.nn.Linear(3, 1));
    const before = Array.from(await m.stateDict()['0.weight'].data());
    expect(() => m.loadStateDict({ '0.weight': { data: new Float32Array(6), shape: [3, 2] } })).toThrow(/missing keys: 0.bias, 2.weight, 2.bias/);
    const full = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, { data: new Float32Array(v.size), shape: [...v.shape] }]));
    expect(() => m.loadStateDict({ ...full, extra: { data: [1], shape: [1] } })).toThrow(/unexpected keys: extra/);
    expect(() => m.loadStateDict({ ...full, '2.weight': { data: new Float32Array(3), shape: [3, 1] } })).toThrow(/'2.weight' has shape \[3, 1\] but the parameter is \[1, 3\]/);
    expect(Array.from(await m.stateDict()['0.weight'].data())).toEqual(before);
  });
});

describeWebGPU('bad input on webgpu', (remote) => {
  it('gets the same clear errors and leaves the GPU device usable', async () => {
    checkMessages(await remote().evaluate(provoke, { device: 'webgpu' as const }));
  });
  it('init explains a missing WebGPU', async () => {
    const msg = await remote().evaluate(async (s) => {
      const saved = Object.getOwnPropertyDescriptor(Navigator.prototype, 'gpu');
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
      try {
        await s.init('webgpu');
        return 'NO ERROR';
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      } finally {
        if (saved) Object.defineProperty(Navigator.prototype, 'gpu', saved);
      }
    });
    expect(msg).toMatch(/navigator.gpu is not available/);
  });
  it('a WGSL compile error reports the kernel and the line', async () => {
    const msg = await remote().evaluate(async (s) => {
      const d = await s.init('webgpu');
      const { PipelineCache } = await import('/src/backends/webgpu/pipelines.ts' as string);
      const cache = new PipelineCache((d.backend as unknown as { device: GPUDevice }).device);
      try {
        await cache.get({ name: 'broken', code: '@compute @workgroup_size(1)\nfn main() {\n  let x: f32 = undefined_thing;\n}', bindings: [], uniform: false }, {});
        return 'NO ERROR';
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    });
    expect(msg).toMatch(/WGSL compile error in kernel 'broken'/);
    expect(msg).toMatch(/broken\.wgsl:3:\d+/);
  });
  it('a lost device is reported clearly on the next call', async () => {
    const r = await remote().evaluate(async (s) => {
      const d = await s.init('webgpu');
      const t = s.tensor([1, 2, 3], { device: d });
      (d.backend as unknown as { device: GPUDevice }).device.destroy();
      await new Promise((res) => setTimeout(res, 50)); // device.lost resolves asynchronously
      const messages: string[] = [];
      for (const f of [() => s.exp(t), () => s.tensor([1], { device: d })]) {
        try {
          f();
          messages.push('NO ERROR');
        } catch (e) {
          messages.push(e instanceof Error ? e.message : String(e));
        }
      }
      // A new device works after the loss.
      const fresh = await s.init('webgpu');
      messages.push(String(await s.sum(s.tensor([1, 2, 3], { device: fresh })).item()));
      return messages;
    });
    expect(r[0]).toMatch(/WebGPU device lost \(destroyed\).*call init\('webgpu'\) again/);
    expect(r[1]).toMatch(/WebGPU device lost/);
    expect(r[2]).toBe('6');
  });
});
