// Smoke test of the WebGPU test driver (global-setup.ts, harness.html/.ts, remote.ts): the page imports seqgpu,
// has a WebGPU adapter, runs a compute dispatch, and values cross the page boundary intact (typed arrays, NaN,
// +-Infinity, -0), page errors and timeouts come back with useful messages. Skips visibly without Chromium;
// in CI a missing Chromium has already failed the run in global setup.

import { expect, it } from 'vitest';
import { describeWebGPU, hasBrowser, requireWebGPU, webgpuAdapter, wireCodec } from './remote.ts';

it('WebGPU is available when required (CI / SEQGPU_REQUIRE_WEBGPU)', () => {
  if (requireWebGPU) expect(hasBrowser, 'global setup should have failed the run').toBe(true);
});

it('the wire codec round-trips what JSON loses', () => {
  const codec = wireCodec();
  const value = {
    f32: new Float32Array([1.5, Number.NaN, Number.NEGATIVE_INFINITY, -0]),
    i32: new Int32Array([-1, 2 ** 31 - 1]),
    nums: [Number.NaN, Number.POSITIVE_INFINITY, -0, 3],
    nested: { u: undefined, big: 12345678901234567890n, s: 'x', b: true, n: null },
  };
  const back = codec.decode(JSON.parse(JSON.stringify(codec.encode(value)))) as typeof value;
  expect(back).toEqual(value);
  expect(back.f32).toBeInstanceOf(Float32Array);
  expect(Object.is(back.nums[2], -0)).toBe(true);
  expect(Object.is(back.f32[3], -0)).toBe(true);
  expect(() => codec.encode({ d: new Date() })).toThrow(/cannot send a Date .*at value\.d/);
});

describeWebGPU('WebGPU driver: headless Chromium via puppeteer', (remote) => {
  it('the page has navigator.gpu and a WebGPU adapter', async () => {
    const info = await remote().evaluate(async () => {
      if (!navigator.gpu) return { error: 'navigator.gpu is undefined' };
      const adapter = await navigator.gpu.requestAdapter();
      if (!adapter) return { error: 'requestAdapter() returned null' };
      const device = await adapter.requestDevice();
      const ok = { vendor: adapter.info.vendor, architecture: adapter.info.architecture, hasDevice: !!device.queue };
      device.destroy();
      return ok;
    });
    expect(info).not.toHaveProperty('error');
    expect(info).toMatchObject({ hasDevice: true });
    expect(webgpuAdapter).toBeTruthy();
  });

  it('the harness exposes the seqgpu module with init()', async () => {
    const keys = await remote().evaluate((sg) => ({ init: typeof sg.init, count: Object.keys(sg).length }));
    expect(keys.init).toBe('function');
  });

  it('runs a compute dispatch and returns a Float32Array intact (round trip timed)', async () => {
    const values = new Float32Array([0, 1, -2.5, Number.NaN, 1e30]);
    const out = await remote().evaluate(
      async (_sg, arg) => {
        const adapter = await navigator.gpu.requestAdapter();
        const device = await adapter!.requestDevice();
        const code = `@group(0) @binding(0) var<storage, read_write> x: array<f32>;
          @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
            if (g.x < arrayLength(&x)) { x[g.x] = x[g.x] * 2.0 + 1.0; }
          }`;
        const layout = device.createBindGroupLayout({
          entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }],
        });
        const pipeline = await device.createComputePipelineAsync({
          layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
          compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
        });
        const n = arg.values.length;
        const buf = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
        const readback = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
        const bindGroup = device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: buf } }] });
        device.queue.writeBuffer(buf, 0, arg.values);
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(Math.ceil(n / 64));
        pass.end();
        enc.copyBufferToBuffer(buf, 0, readback, 0, n * 4);
        device.queue.submit([enc.finish()]);
        await readback.mapAsync(GPUMapMode.READ);
        const result = new Float32Array(readback.getMappedRange().slice(0));
        readback.unmap();
        device.destroy();
        return result;
      },
      { values },
    );
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual(Array.from(values, (v) => Math.fround(v * 2 + 1)));

    // A trivial call's cost through puppeteer (Node -> page -> Node), for the log.
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await remote().evaluate((_sg, a) => a + 1, i);
    console.log(`remote.evaluate round trip (trivial fn): ${((performance.now() - t0) / 10).toFixed(1)} ms`);
  });

  it('a throw in the page rejects with the page error message', async () => {
    await expect(
      remote().evaluate(() => {
        throw new RangeError('shape [2, 3] does not match [3, 2]');
      }),
    ).rejects.toThrow(/RangeError.*|shape \[2, 3\] does not match \[3, 2\]/);
    // The page is still usable afterwards.
    expect(await remote().evaluate((_sg, a) => a * 2, 21)).toBe(42);
  });

  it('a call that runs too long fails with a message naming it', async () => {
    await expect(
      remote().evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 2000)), undefined, { timeoutMs: 200, label: 'sleep 2 s' }),
    ).rejects.toThrow('Remote.evaluate timed out after 200 ms (the page is still running it): sleep 2 s');
  });

  it('a fn that closes over a Node import is refused before it is sent', async () => {
    await expect(remote().evaluate(() => wireCodec())).rejects.toThrow(/fn uses something imported in Node/);
  });
});
