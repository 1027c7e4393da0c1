// init() in Node, where there is no navigator.gpu: 'webgpu' fails with a DeviceError that says what to do (never a
// ReferenceError from a WebGPU global), 'auto' falls back to the CPU and says why, and a user-supplied `gpu`
// entry point (Dawn's, in real use) is what the WebGPU backend asks for an adapter.
import { describe, expect, it, vi } from 'vitest';
import { DeviceError, init, tensor } from '../../src/index.ts';

const hasDawn = await import(/* @vite-ignore */ 'webgpu' as string).then(() => true, () => false);

describe('init in Node', () => {
  it("init('webgpu') without WebGPU rejects with a DeviceError naming the fixes", async () => {
    expect(typeof (globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage).toBe('undefined');
    const err = await init('webgpu').then(() => null, (e: unknown) => e);
    if (hasDawn) return; // with Dawn installed the rejection (if any) is about adapters, tested below
    expect(err).toBeInstanceOf(DeviceError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/Node\.js has no built-in WebGPU/);
    expect(msg).toMatch(/npm install webgpu/);
    expect(msg).toMatch(/init\('auto'\)/);
  });

  it("init('auto') falls back to the CPU and says why, on device.reason and console.info", async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    try {
      const d = await init('auto', { gpu: fakeGpu(null) });
      expect(d.kind).toBe('cpu');
      expect(d.reason).toMatch(/^init\('auto'\) chose the CPU: WebGPU is not usable here \(options\.gpu\.requestAdapter\(\) returned no adapter/);
      expect(info).toHaveBeenCalledWith(`seqgpu: ${d.reason}`);
      expect(await tensor([1, 2], [2], { device: d }).toArray()).toEqual([1, 2]);
      info.mockClear();
      const quiet = await init('auto', { gpu: fakeGpu(null), quiet: true });
      expect(quiet.kind).toBe('cpu');
      expect(info).not.toHaveBeenCalled();
    } finally {
      info.mockRestore();
    }
  });

  it("init('webgpu', { gpu }) asks that entry point for the adapter", async () => {
    const calls: unknown[] = [];
    const err = await init('webgpu', { gpu: fakeGpu(null, calls), powerPreference: 'low-power' }).then(() => null, (e: unknown) => e);
    expect(calls).toEqual([{ powerPreference: 'low-power' }]);
    expect(err).toBeInstanceOf(DeviceError);
    expect((err as Error).message).toMatch(/options\.gpu\.requestAdapter\(\) returned no adapter/);
  });

  it('an unknown kind is an ArgumentError listing the kinds', async () => {
    await expect(init('tpu' as 'cpu')).rejects.toThrow(/expected 'auto', 'webgpu' or 'cpu'/);
  });
});

/** A GPU entry point whose requestAdapter resolves to `adapter` (null: no usable GPU), recording its options. */
function fakeGpu(adapter: GPUAdapter | null, calls: unknown[] = []): GPU {
  return {
    requestAdapter: async (o?: GPURequestAdapterOptions) => {
      calls.push(o);
      return adapter;
    },
    getPreferredCanvasFormat: () => 'rgba8unorm',
    wgslLanguageFeatures: new Set<string>(),
  } as unknown as GPU;
}
