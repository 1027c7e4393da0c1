// The WebGPU backend. Ops record commands (dispatches and copies) instead of encoding at once;
// flush() resolves their pipelines (compiled asynchronously, cached), encodes everything into one
// command encoder and submits once. Nothing waits for the GPU except read(), so a training step
// is one submission with no read-back. Twins: backends/cpu/index.ts.
import type { Backend, DeviceStats, Storage } from '../../backend.ts';
import type { InitOptions } from '../../device.ts';
import type { DType, TypedArray } from '../../dtype.ts';
import type { KernelArgs, KernelName } from '../../kernels/index.ts';
import { negotiateDevice } from './adapter.ts';
import { BufferPool, GpuStorage } from './buffers.ts';
import { type KernelSpec, PipelineCache } from './pipelines.ts';
import { webgpuKernels } from './kernels.ts';
import { BufferUsage, MapMode } from './flags.ts';

interface DispatchCommand {
  kind: 'dispatch';
  spec: KernelSpec;
  key: string;
  pipeline: Promise<GPUComputePipeline>;
  buffers: GPUBuffer[];
  params: Uint32Array | null;
  groups: [number, number, number];
}
interface CopyCommand {
  kind: 'copy';
  src: GPUBuffer;
  dst: GPUBuffer;
  bytes: number;
}
type Command = DispatchCommand | CopyCommand;

export interface DispatchRequest {
  constants?: Record<string, number>;
  /** Storages for bindings 0..n-1, in the spec's order. */
  storages: Storage[];
  params?: Uint32Array;
  groups: [number, number, number] | [number, number] | [number];
}

export async function createWebGpuBackend(options: InitOptions): Promise<WebGpuBackend> {
  const n = await negotiateDevice(options);
  return new WebGpuBackend(n.device, n.description, n.features, options.debug ?? false, options.poolLimitBytes);
}

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly pipelines: PipelineCache;
  readonly pool: BufferPool;
  readonly limits: GPUSupportedLimits;
  private pending: Command[] = [];
  private chain: Promise<void> = Promise.resolve();
  private counters = { dispatches: 0, submits: 0 };
  private lostMessage: string | null = null;
  private uncaptured: string | null = null;
  private uniformAlign: number;

  constructor(
    readonly device: GPUDevice,
    readonly description: string,
    readonly features: string[],
    readonly debug: boolean,
    poolLimitBytes?: number,
  ) {
    this.limits = device.limits;
    this.pipelines = new PipelineCache(device);
    this.pool = new BufferPool(device, Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize), poolLimitBytes);
    this.uniformAlign = device.limits.minUniformBufferOffsetAlignment;
    device.lost.then((info) => {
      this.lostMessage = `WebGPU device lost (${info.reason}): ${info.message || 'no message'}; call init('webgpu') again to get a new device`;
    });
    device.addEventListener('uncapturederror', (ev) => {
      this.uncaptured = (ev as GPUUncapturedErrorEvent).error.message;
    });
  }

  checkAlive(): void {
    if (this.lostMessage) throw new Error(this.lostMessage);
    if (this.uncaptured) {
      const msg = this.uncaptured;
      this.uncaptured = null; // reported once; the device itself is still usable after a validation error
      throw new Error(`WebGPU error from earlier work: ${msg}`);
    }
  }

  alloc(dtype: DType, size: number): Storage {
    this.checkAlive();
    return new GpuStorage(dtype, size, this.pool.acquire(size * 4));
  }

  upload(dtype: DType, data: TypedArray): Storage {
    this.checkAlive();
    return new GpuStorage(dtype, data.length, this.pool.acquireWithData(data));
  }

  free(storage: Storage): void {
    if (this.lostMessage) return;
    this.pool.release((storage as GpuStorage).buffer);
  }

  /** Records one compute dispatch; it runs at the next flush, in recording order. */
  dispatch(spec: KernelSpec, req: DispatchRequest): void {
    this.checkAlive();
    const constants = req.constants ?? {};
    const [x, y = 1, z = 1] = req.groups;
    if (x === 0 || y === 0 || z === 0) return;
    const max = this.limits.maxComputeWorkgroupsPerDimension;
    if (x > max || y > max || z > max) {
      throw new Error(`${spec.name}: dispatch of [${x}, ${y}, ${z}] workgroups exceeds the device limit of ${max} per dimension`);
    }
    if (req.storages.length !== spec.bindings.length) {
      throw new Error(`${spec.name}: expected ${spec.bindings.length} storage bindings, got ${req.storages.length}`);
    }
    this.pending.push({
      kind: 'dispatch', spec, key: PipelineCache.key(spec, constants), pipeline: this.pipelines.get(spec, constants),
      buffers: req.storages.map((s) => (s as GpuStorage).buffer), params: req.params ?? null, groups: [x, y, z],
    });
  }

  copyBuffer(src: GPUBuffer, dst: GPUBuffer, bytes: number): void {
    if (bytes > 0) this.pending.push({ kind: 'copy', src, dst, bytes });
  }

  run<K extends KernelName>(name: K, args: KernelArgs[K]): void {
    (webgpuKernels[name] as (b: WebGpuBackend, a: KernelArgs[K]) => void)(this, args);
  }

  flush(): Promise<void> {
    this.checkAlive();
    const commands = this.pending;
    this.pending = [];
    // Buffers retired since the last flush may be used by these commands: destroy them after this submit.
    const retired = this.pool.takeRetired();
    // Flushes run strictly in order even though each awaits its pipelines; one failed flush
    // (say, a shader that does not compile) rejects its caller without blocking later ones.
    const run = this.chain.then(() => this.encodeAndSubmit(commands)).finally(() => retired.forEach((b) => b.destroy()));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async encodeAndSubmit(commands: Command[]): Promise<void> {
    if (commands.length === 0) return;
    const dispatches = commands.filter((c): c is DispatchCommand => c.kind === 'dispatch');
    const pipelines = await Promise.all(dispatches.map((d) => d.pipeline));
    this.checkAlive();
    const device = this.device;
    // All uniform blocks of this submission live in one buffer, each at an aligned offset.
    const align = this.uniformAlign;
    let uniformBytes = 0;
    const offsets = dispatches.map((d) => {
      const at = uniformBytes;
      if (d.params) uniformBytes += Math.ceil(d.params.byteLength / align) * align;
      return at;
    });
    let uniforms: GPUBuffer | null = null;
    if (uniformBytes > 0) {
      uniforms = device.createBuffer({ label: 'seqgpu.uniforms', size: uniformBytes, usage: BufferUsage.UNIFORM, mappedAtCreation: true });
      const words = new Uint32Array(uniforms.getMappedRange());
      dispatches.forEach((d, i) => d.params && words.set(d.params, offsets[i] / 4));
      uniforms.unmap();
    }
    if (this.debug) {
      device.pushErrorScope('validation');
      device.pushErrorScope('out-of-memory');
    }
    const encoder = device.createCommandEncoder({ label: 'seqgpu.step' });
    let pass: GPUComputePassEncoder | null = null;
    let di = 0;
    for (const cmd of commands) {
      if (cmd.kind === 'copy') {
        pass?.end();
        pass = null;
        encoder.copyBufferToBuffer(cmd.src, 0, cmd.dst, 0, cmd.bytes);
        continue;
      }
      const i = di++;
      pass ??= encoder.beginComputePass({ label: 'seqgpu.pass' });
      const entries: GPUBindGroupEntry[] = cmd.buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
      if (cmd.params && uniforms) {
        entries.push({ binding: cmd.buffers.length, resource: { buffer: uniforms, offset: offsets[i], size: cmd.params.byteLength } });
      }
      pass.setPipeline(pipelines[i]);
      pass.setBindGroup(0, device.createBindGroup({ label: `seqgpu.${cmd.spec.name}.bind`, layout: this.pipelines.layout(cmd.spec), entries }));
      pass.dispatchWorkgroups(...cmd.groups);
    }
    pass?.end();
    device.queue.submit([encoder.finish()]);
    this.counters.dispatches += dispatches.length;
    this.counters.submits++;
    uniforms?.destroy(); // safe: destruction waits for the submitted work that uses it
    if (this.debug) {
      const [oom, validation] = [await device.popErrorScope(), await device.popErrorScope()];
      const err = validation ?? oom;
      if (err) throw new Error(`WebGPU error in submitted work: ${err.message}`);
    }
  }

  async read(storage: Storage): Promise<TypedArray> {
    this.checkAlive();
    const s = storage as GpuStorage;
    const bytes = s.size * 4;
    if (bytes === 0) return s.dtype === 'float32' ? new Float32Array(0) : new Int32Array(0);
    const staging = this.device.createBuffer({ label: 'seqgpu.readback', size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    this.copyBuffer(s.buffer, staging, bytes);
    await this.flush();
    try {
      await staging.mapAsync(MapMode.READ);
    } catch (e) {
      this.checkAlive();
      throw e;
    }
    const copy = staging.getMappedRange().slice(0);
    staging.destroy();
    return s.dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy);
  }

  async sync(): Promise<void> {
    await this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.checkAlive();
  }

  stats(): DeviceStats {
    return {
      // Recorded but not yet submitted dispatches count too: the cost is committed when recorded.
      dispatches: this.counters.dispatches + this.pending.filter((c) => c.kind === 'dispatch').length,
      submits: this.counters.submits,
      liveBuffers: this.pool.liveBuffers,
      bytesAllocated: this.pool.liveBytes,
      pooledBytes: this.pool.pooledBytes,
      pipelines: this.pipelines.size,
    };
  }

  destroy(): void {
    this.pending = [];
    this.pool.destroy();
    this.device.destroy();
  }
}
